/**
 * Checking a prebuilt training graph (e.g. a functorch `make_fx` export)
 * against the naming contract before any training runs.
 */
import { OnnxGraphError } from '../onnx/errors.js';
import { DataType, decodeModel, fixedDimValue, type ValueInfoProto } from '../onnx/onnx-proto.js';
import { gradientOutputName, LOSS_OUTPUT } from './build-training-graph.js';
import { aiOnnxOpset, requireStandardOps } from './model-checks.js';
import type { TrainingGraph, ValidateTrainingGraphOptions } from './training-graph.js';

function firstDim(v: ValueInfoProto): number | 'symbolic' | 'none' {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims || dims.length === 0) return 'none';
  const d = dims[0];
  const n = fixedDimValue(d);
  return n !== undefined && n > 0 ? n : 'symbolic';
}

/**
 * Validates a training graph built elsewhere and describes it as a
 * {@link TrainingGraph}. Contract: every node in the ai.onnx domain; a scalar
 * output `loss`; each parameter a float/double graph input with a fixed shape
 * and a `${name}_grad` output.
 *
 * Batch size: a data input with a fixed first dimension fixes the batch size
 * (and `options.batchSize`, when given, must equal it). When the first
 * dimensions are symbolic, `options.batchSize` is required: exporters bake the
 * batch size into constants (a mean's 1/N, Expand shapes), so such a graph
 * gives the right loss and wrong gradients at any other size, silently. The
 * returned `batchSize` lets the trainer refuse other sizes.
 *
 * @throws OnnxGraphError naming the node, domain, parameter or output at fault.
 */
export function validateTrainingGraph(model: Uint8Array, options: ValidateTrainingGraphOptions): TrainingGraph {
  const proto = decodeModel(model);
  const graph = proto.graph;
  if (!graph) throw new OnnxGraphError('the model has no graph');
  aiOnnxOpset(proto);
  requireStandardOps(graph);
  for (const f of proto.functions ?? []) {
    throw new OnnxGraphError(`the model defines local function "${f.name ?? ''}"; only standard ai.onnx ops are supported`);
  }

  const inputs = new Map((graph.input ?? []).map((v) => [v.name ?? '', v]));
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const outputNames = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  if (!outputNames.has(LOSS_OUTPUT)) throw new OnnxGraphError(`the model has no output "${LOSS_OUTPUT}"`, { tensor: LOSS_OUTPUT });

  const parameters: { name: string; shape: number[] }[] = [];
  const gradientOutputs: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of options.parameters) {
    const input = inputs.get(name);
    if (!input || initializerNames.has(name)) {
      throw new OnnxGraphError(
        initializerNames.has(name)
          ? `parameter "${name}" is an initializer; in a training graph parameters are graph inputs`
          : `parameter "${name}" is not an input of the model`,
        { tensor: name },
      );
    }
    const type = input.type?.tensorType?.elemType;
    if (type !== DataType.FLOAT && type !== DataType.DOUBLE) {
      throw new OnnxGraphError(`parameter "${name}" has element type ${type ?? 'unknown'}, not float or double`, { tensor: name });
    }
    const dims = input.type?.tensorType?.shape?.dim;
    const shape = (dims ?? []).map((d) => fixedDimValue(d) ?? -1);
    if (!dims || shape.some((d) => d <= 0)) {
      throw new OnnxGraphError(`parameter "${name}" has no fixed shape in the model`, { tensor: name });
    }
    const grad = gradientOutputName(name);
    if (!outputNames.has(grad)) missing.push(grad);
    gradientOutputs[name] = grad;
    parameters.push({ name, shape });
  }
  for (const p of parameters) {
    // A declared gradient shape that differs from the parameter's means the graph computes something else.
    const declared = (graph.output ?? []).find((o) => o.name === gradientOutputs[p.name])?.type?.tensorType?.shape?.dim;
    if (!declared) continue;
    const dims = declared.map((d) => fixedDimValue(d) ?? -1);
    if (dims.length !== p.shape.length || dims.some((d, i) => d > 0 && d !== p.shape[i])) {
      throw new OnnxGraphError(
        `gradient output "${gradientOutputs[p.name]}" has shape [${dims.join(', ')}], parameter "${p.name}" [${p.shape.join(', ')}]`,
        { tensor: gradientOutputs[p.name] },
      );
    }
  }
  if (missing.length > 0) {
    throw new OnnxGraphError(`the model lacks gradient output(s) ${missing.map((m) => `"${m}"`).join(', ')}`, { tensor: missing[0] });
  }

  const paramSet = new Set(options.parameters);
  const dataInputs = (graph.input ?? []).filter((v) => !paramSet.has(v.name ?? '') && !initializerNames.has(v.name ?? ''));
  if (options.batchSize !== undefined && !(Number.isInteger(options.batchSize) && options.batchSize > 0)) {
    throw new OnnxGraphError(`batchSize must be a positive integer; received ${String(options.batchSize)}`);
  }
  let batchSize: number | null = options.batchSize ?? null;
  for (const input of dataInputs) {
    const first = firstDim(input);
    const name = input.name ?? '';
    if (typeof first === 'number') {
      if (options.batchSize !== undefined && first !== options.batchSize) {
        throw new OnnxGraphError(
          `data input "${name}" has batch size ${first} baked in, but batchSize ${options.batchSize} was requested`,
          { tensor: name },
        );
      }
      batchSize = first;
    } else if (first === 'symbolic' && options.batchSize === undefined) {
      throw new OnnxGraphError(
        `data input "${name}" has a symbolic batch dimension; pass the batchSize the graph was exported with (exported gradient graphs bake it into constants and give wrong gradients at other sizes)`,
        { tensor: name },
      );
    }
  }
  const gradNames = new Set(Object.values(gradientOutputs));
  return {
    model,
    dataInputs: dataInputs.map((v) => v.name ?? ''),
    parameters,
    frozen: (graph.initializer ?? []).map((t) => t.name ?? '').filter((n) => !paramSet.has(n)),
    lossOutput: LOSS_OUTPUT,
    gradientOutputs,
    forwardOutputs: (graph.output ?? []).map((o) => o.name ?? '').filter((n) => n !== LOSS_OUTPUT && !gradNames.has(n)),
    batchSize,
    state: [],
    random: [],
  };
}
