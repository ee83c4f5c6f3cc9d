/**
 * Appending the loss to a forward graph.
 */
import { makeAttributes } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { makeValueInfo, type Dim } from '../onnx/graph-builder.js';
import { DataType, type GraphProto, type NodeProto, type ValueInfoProto } from '../onnx/onnx-proto.js';
import { GraphEmitter } from './graph-emitter.js';
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
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  if (!outputs.includes(name)) {
    throw new OnnxGraphError(`loss.${field}: "${name}" is not an output of the model (its outputs: ${outputs.join(', ')})`, {
      tensor: name,
    });
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
 * Appends the nodes that compute `loss` and the inputs they need, each with
 * PyTorch's definition:
 * - `softmax-cross-entropy`: SoftmaxCrossEntropyLoss(logits, labels) (labels:
 *   int64, the logits' shape without axis 1); with `ignoreIndex` or
 *   `labelSmoothing`, written out over LogSoftmax (see {@link classIndexLoss});
 * - `nll`: the same over log-probabilities;
 * - `binary-cross-entropy-with-logits`, `mse`, `l1`, `huber`, `smooth-l1`:
 *   elementwise terms between an output and a new target input of its
 *   shape, then ReduceMean/ReduceSum over all elements;
 * - `output`: an Identity when the scalar is not already called `loss`.
 */
export function appendLoss(
  graph: GraphProto,
  shapes: ShapeTable,
  spec: LossSpec,
  names: Set<string>,
  batchSize: number | undefined,
): AppendedLoss {
  const pinned = (dims: Dim[] | undefined): Dim[] | undefined =>
    dims && batchSize !== undefined && dims.length > 0 ? [batchSize, ...dims.slice(1)] : dims;
  const reductionOf = (value: unknown): 'mean' | 'sum' => {
    const reduction = value ?? 'mean';
    if (reduction !== 'mean' && reduction !== 'sum')
      throw new OnnxGraphError(`loss.reduction: "${String(reduction)}" is not 'mean' or 'sum'`);
    return reduction;
  };
  const emitterFor = (tensor: string): GraphEmitter => {
    const emit = new GraphEmitter(shapes.dataType(tensor) ?? DataType.FLOAT, names);
    emit.scope = 'loss';
    return emit;
  };
  const reduceAll = (emit: GraphEmitter, terms: string, reduction: 'mean' | 'sum'): void => {
    emit.opN(reduction === 'mean' ? 'ReduceMean' : 'ReduceSum', [terms], { keepdims: 0 }, [LOSS]);
  };
  switch (spec.type) {
    case 'output': {
      requireOutput(graph, spec.name, 'name');
      if (spec.name === LOSS) return { inputs: [], nodes: [], tensor: LOSS };
      requireFree(names, LOSS, 'name');
      const emit = emitterFor(spec.name);
      emit.opN('Identity', [spec.name], {}, [LOSS]);
      return { inputs: [], nodes: emit.nodes, tensor: LOSS };
    }
    case 'softmax-cross-entropy':
    case 'nll': {
      const field = spec.type === 'nll' ? 'logProbs' : 'logits';
      const scores = (spec.type === 'nll' ? spec.logProbs : spec.logits) ?? singleOutput(graph, field);
      requireOutput(graph, scores, field);
      const labels = spec.labels ?? 'labels';
      requireFree(names, labels, 'labels');
      requireFree(names, LOSS, 'type');
      const reduction = reductionOf(spec.reduction);
      const ignoreIndex = spec.ignoreIndex;
      if (ignoreIndex !== undefined && !Number.isInteger(ignoreIndex)) {
        throw new OnnxGraphError(`loss.ignoreIndex: expected an integer; received ${String(ignoreIndex)}`);
      }
      const smoothing = spec.type === 'softmax-cross-entropy' ? (spec.labelSmoothing ?? 0) : 0;
      if (!(typeof smoothing === 'number' && smoothing >= 0 && smoothing <= 1)) {
        throw new OnnxGraphError(`loss.labelSmoothing: expected a number in [0, 1]; received ${String(smoothing)}`);
      }
      const scoreDims = shapes.dims(scores);
      const labelDims = scoreDims
        ? toDims(
            scoreDims.filter((_, i) => i !== 1),
            labels,
          )
        : undefined;
      const emit = emitterFor(scores);
      if (spec.type === 'softmax-cross-entropy' && ignoreIndex === undefined && smoothing === 0) {
        emit.opN('SoftmaxCrossEntropyLoss', [scores, labels], {}, [LOSS]);
        emit.nodes[emit.nodes.length - 1].attribute = makeAttributes({ reduction });
      } else {
        const rank = shapes.rank(scores);
        if (rank === undefined)
          throw new OnnxGraphError(`loss.${field}: the rank of "${scores}" is unknown; the one-hot of the labels needs it`, {
            tensor: scores,
          });
        const logProbs = spec.type === 'nll' ? scores : emit.op('LogSoftmax', [scores], { axis: 1 });
        classIndexLoss(emit, { logProbs, labels, rank, reduction, ignoreIndex, smoothing });
      }
      return {
        inputs: [makeValueInfo(labels, DataType.INT64, pinned(labelDims))],
        nodes: emit.nodes,
        tensor: LOSS,
        classLabels: { input: labels, logits: scores, ...(ignoreIndex !== undefined ? { ignoreIndex } : {}) },
      };
    }
    case 'binary-cross-entropy-with-logits':
    case 'mse':
    case 'l1':
    case 'huber':
    case 'smooth-l1': {
      const bce = spec.type === 'binary-cross-entropy-with-logits';
      const field = bce ? 'logits' : 'output';
      const output = (bce ? spec.logits : spec.output) ?? singleOutput(graph, field);
      requireOutput(graph, output, field);
      const target = spec.target ?? 'target';
      requireFree(names, target, 'target');
      requireFree(names, LOSS, 'type');
      const reduction = reductionOf(spec.reduction);
      const info = shapes.get(output);
      const emit = emitterFor(output);
      const inputs = [makeValueInfo(target, info.dataType ?? DataType.FLOAT, pinned(toDims(info.dims, target)))];
      if (spec.type === 'binary-cross-entropy-with-logits') {
        reduceAll(emit, bceWithLogitsTerms(emit, output, target, spec.posWeight), reduction);
        return { inputs, nodes: emit.nodes, tensor: LOSS };
      }
      const diff = emit.op('Sub', [output, target]);
      let terms: string;
      if (spec.type === 'mse') terms = emit.op('Mul', [diff, diff]);
      else if (spec.type === 'l1') terms = emit.op('Abs', [diff]);
      else {
        const width = spec.type === 'huber' ? (spec.delta ?? 1) : (spec.beta ?? 1);
        const key = spec.type === 'huber' ? 'delta' : 'beta';
        if (!(typeof width === 'number' && width >= 0 && Number.isFinite(width)) || (spec.type === 'huber' && width === 0)) {
          throw new OnnxGraphError(
            `loss.${key}: expected a ${spec.type === 'huber' ? 'positive' : 'non-negative'} number; received ${String(width)}`,
          );
        }
        terms = huberTerms(emit, diff, width, spec.type === 'huber' ? 'huber' : 'smooth-l1');
      }
      reduceAll(emit, terms, reduction);
      return { inputs, nodes: emit.nodes, tensor: LOSS };
    }
    default:
      throw new OnnxGraphError(`loss.type: "${String((spec as { type: unknown }).type)}" is not a known loss`);
  }
}

/**
 * Cross-entropy/NLL over log-probabilities [N, C, …] and int64 labels
 * [N, …], as PyTorch: per element, −Σ_c q_c·logp_c with
 * q = (1 − ε)·onehot(label) + ε/C; elements whose label is `ignoreIndex`
 * count for nothing; `mean` divides by the number of elements not ignored.
 * The one-hot is Equal(Unsqueeze(labels, 1), Range(0, C)) (ignored labels
 * are first replaced by 0, then masked out).
 */
function classIndexLoss(
  emit: GraphEmitter,
  o: { logProbs: string; labels: string; rank: number; reduction: 'mean' | 'sum'; ignoreIndex: number | undefined; smoothing: number },
): void {
  const { logProbs, labels, rank } = o;
  const classes = emit.op('Gather', [emit.shape(logProbs), emit.ints([1], [])], { axis: 0 });
  const range = emit.op('Range', [emit.ints([0], []), classes, emit.ints([1], [])]);
  const column = rank > 2 ? emit.op('Reshape', [range, emit.ints([-1, ...new Array<number>(rank - 2).fill(1)])]) : range;
  const valid = o.ignoreIndex !== undefined ? emit.op('Not', [emit.op('Equal', [labels, emit.ints([o.ignoreIndex], [])])]) : undefined;
  const safeLabels = valid ? emit.op('Where', [valid, labels, emit.ints([0], [])]) : labels;
  const oneHot = emit.op('Cast', [emit.op('Equal', [emit.op('Unsqueeze', [safeLabels, emit.ints([1])]), column])], { to: emit.floatType });
  const axis1 = emit.ints([1]);
  let perElement = emit.op('Neg', [emit.op('ReduceSum', [emit.op('Mul', [oneHot, logProbs]), axis1], { keepdims: 0 })]);
  if (o.smoothing > 0) {
    const uniform = emit.op('Neg', [emit.op('ReduceSum', [logProbs, axis1], { keepdims: 0 })]);
    const perClass = emit.op('Div', [emit.float(o.smoothing), emit.op('Cast', [classes], { to: emit.floatType })]);
    perElement = emit.op('Add', [emit.op('Mul', [perElement, emit.float(1 - o.smoothing)]), emit.op('Mul', [uniform, perClass])]);
  }
  if (!valid) {
    emit.opN(o.reduction === 'mean' ? 'ReduceMean' : 'ReduceSum', [perElement], { keepdims: 0 }, [LOSS]);
    return;
  }
  const weight = emit.op('Cast', [valid], { to: emit.floatType });
  const total = emit.op('ReduceSum', [emit.op('Mul', [perElement, weight])], { keepdims: 0 });
  if (o.reduction === 'sum') emit.opN('Identity', [total], {}, [LOSS]);
  else emit.opN('Div', [total, emit.op('ReduceSum', [weight], { keepdims: 0 })], {}, [LOSS]);
}

/** BCE with logits per element: (1 − y)·x + (1 + (w − 1)·y)·softplus(−x), w = pos_weight broadcast along the last axis. */
function bceWithLogitsTerms(emit: GraphEmitter, x: string, y: string, posWeight: number | number[] | undefined): string {
  const weights = posWeight === undefined ? undefined : typeof posWeight === 'number' ? [posWeight] : posWeight;
  if (weights && (weights.length === 0 || weights.some((w) => typeof w !== 'number' || !Number.isFinite(w)))) {
    throw new OnnxGraphError(
      `loss.posWeight: expected a finite number or a non-empty array of them; received ${JSON.stringify(posWeight)}`,
    );
  }
  // softplus(−x) = −log σ(x). onnxruntime has Softplus for float32 only; in float64, −log σ(x) is exact
  // for any x above −700, and its gradient is right at x = 0 too (a zero-initialized output layer).
  const softplus =
    emit.floatType === DataType.FLOAT
      ? emit.op('Softplus', [emit.op('Neg', [x])])
      : emit.op('Neg', [emit.op('Log', [emit.op('Sigmoid', [x])])]);
  const linear = emit.op('Mul', [emit.op('Sub', [emit.float(1), y]), x]);
  const scale =
    weights === undefined ? undefined : emit.op('Add', [emit.float(1), emit.op('Mul', [emit.float(weights.map((w) => w - 1)), y])]);
  return emit.op('Add', [linear, scale ? emit.op('Mul', [scale, softplus]) : softplus]);
}

/** Huber (δ) or smooth-L1 (β) per element of d: quadratic inside |d| < width, linear outside. */
function huberTerms(emit: GraphEmitter, d: string, width: number, kind: 'huber' | 'smooth-l1'): string {
  const magnitude = emit.op('Abs', [d]);
  if (width === 0) return magnitude;
  const square = emit.op('Mul', [emit.op('Mul', [d, d]), emit.float(kind === 'huber' ? 0.5 : 0.5 / width)]);
  const linear =
    kind === 'huber'
      ? emit.op('Mul', [emit.op('Sub', [magnitude, emit.float(0.5 * width)]), emit.float(width)])
      : emit.op('Sub', [magnitude, emit.float(0.5 * width)]);
  return emit.op('Where', [emit.op('Less', [magnitude, emit.float(width)]), square, linear]);
}
