/**
 * Appending the loss to a forward graph.
 */
import { makeAttributes } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { makeValueInfo, type Dim } from '../onnx/graph-builder.js';
import { DataType, onnx, type GraphProto, type NodeProto, type ValueInfoProto } from '../onnx/onnx-proto.js';
import type { ShapeTable, SymDim } from './shape-inference.js';
import { LOSS_OUTPUT as LOSS, type LossSpec } from './training-graph.js';

/** The loss part of a training graph: new inputs, new nodes, the scalar loss tensor. */
export interface AppendedLoss {
  inputs: ValueInfoProto[];
  nodes: NodeProto[];
  tensor: string;
  /** For softmax cross-entropy: the labels input and the logits it scores. */
  classLabels?: { input: string; logits: string };
}

function singleOutput(graph: GraphProto, field: string): string {
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  if (outputs.length !== 1) {
    throw new OnnxGraphError(`the model has ${outputs.length} outputs (${outputs.join(', ')}); name one in loss.${field}`);
  }
  return outputs[0];
}

function requireOutput(graph: GraphProto, name: string, field: string): void {
  if (!(graph.output ?? []).some((o) => o.name === name)) {
    throw new OnnxGraphError(`loss.${field}: "${name}" is not an output of the model`, { tensor: name });
  }
}

function requireFree(names: Set<string>, name: string, field: string): void {
  if (names.has(name)) throw new OnnxGraphError(`loss.${field}: the name "${name}" is already used in the model`, { tensor: name });
  names.add(name);
}

function toDims(dims: SymDim[] | undefined, owner: string): Dim[] | undefined {
  return dims?.map((d, i) => (d === null ? `${owner}_dim${i}` : d));
}

/**
 * Appends the nodes that compute `loss` and the inputs they need:
 * SoftmaxCrossEntropyLoss(logits, labels) for `softmax-cross-entropy`
 * (labels: int64, the logits' shape without axis 1); ReduceMean/ReduceSum
 * of (output − target)² over all elements for `mse`; an Identity for
 * `output` when the scalar is not already called `loss`.
 */
export function appendLoss(
  graph: GraphProto,
  shapes: ShapeTable,
  spec: LossSpec,
  names: Set<string>,
  fresh: (base: string) => string,
  batchSize: number | undefined,
): AppendedLoss {
  const node = (opType: string, inputs: string[], outputs: string[], attrs = {}): NodeProto =>
    onnx.NodeProto.create({ opType, name: fresh(`loss/${opType}`), input: inputs, output: outputs, attribute: makeAttributes(attrs) });
  const pinned = (dims: Dim[] | undefined): Dim[] | undefined =>
    dims && batchSize !== undefined && dims.length > 0 ? [batchSize, ...dims.slice(1)] : dims;
  switch (spec.type) {
    case 'output': {
      requireOutput(graph, spec.name, 'name');
      if (spec.name === LOSS) return { inputs: [], nodes: [], tensor: LOSS };
      requireFree(names, LOSS, 'name');
      return { inputs: [], nodes: [node('Identity', [spec.name], [LOSS])], tensor: LOSS };
    }
    case 'softmax-cross-entropy': {
      const logits = spec.logits ?? singleOutput(graph, 'logits');
      requireOutput(graph, logits, 'logits');
      const labels = spec.labels ?? 'labels';
      requireFree(names, labels, 'labels');
      requireFree(names, LOSS, 'type');
      const reduction = spec.reduction ?? 'mean';
      if (reduction !== 'mean' && reduction !== 'sum') {
        throw new OnnxGraphError(`loss.reduction: "${String(reduction)}" is not 'mean' or 'sum'`);
      }
      const logitDims = shapes.dims(logits);
      const labelDims = logitDims ? toDims(logitDims.filter((_, i) => i !== 1), labels) : undefined;
      return {
        inputs: [makeValueInfo(labels, DataType.INT64, pinned(labelDims))],
        nodes: [node('SoftmaxCrossEntropyLoss', [logits, labels], [LOSS], { reduction })],
        tensor: LOSS,
        classLabels: { input: labels, logits },
      };
    }
    case 'mse': {
      const output = spec.output ?? singleOutput(graph, 'output');
      requireOutput(graph, output, 'output');
      const target = spec.target ?? 'target';
      requireFree(names, target, 'target');
      requireFree(names, LOSS, 'type');
      const reduction = spec.reduction ?? 'mean';
      if (reduction !== 'mean' && reduction !== 'sum') {
        throw new OnnxGraphError(`loss.reduction: "${String(reduction)}" is not 'mean' or 'sum'`);
      }
      const info = shapes.get(output);
      const diff = fresh('loss/diff');
      const squared = fresh('loss/squared');
      return {
        inputs: [makeValueInfo(target, info.dataType ?? DataType.FLOAT, pinned(toDims(info.dims, target)))],
        nodes: [
          node('Sub', [output, target], [diff]),
          node('Mul', [diff, diff], [squared]),
          node(reduction === 'mean' ? 'ReduceMean' : 'ReduceSum', [squared], [LOSS], { keepdims: 0 }),
        ],
        tensor: LOSS,
      };
    }
    default:
      throw new OnnxGraphError(`loss.type: "${String((spec as { type: unknown }).type)}" is not a known loss`);
  }
}
