/**
 * Test support: gradients of a training graph against central finite
 * differences of the forward model, both run in onnxruntime-node.
 *
 * The finite differences never use the training graph: the forward model's
 * initializers are turned into inputs (so one session serves every
 * perturbation), the forward model is run, and the loss is computed from its
 * outputs in plain JS (softmax cross-entropy / MSE written out below) or
 * read from the model (`output` losses).
 */
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { DataType, decodeModel, encodeModel, onnx } from '../onnx/onnx-proto.js';
import { readTensorValues } from '../onnx/tensor-proto.js';
import { untieInitializers } from '../onnx/untie-initializers.js';
import { makeValueInfo, type ElementType, type GraphBuilder } from '../onnx/graph-builder.js';
import { buildTrainingGraph } from './build-training-graph.js';
import type { BuildTrainingGraphOptions, LossSpec, TrainingGraph } from './training-graph.js';

/** A deterministic pseudo-random source (mulberry32), so tests never depend on Math.random. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [lo, hi). */
export function uniform(rand: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

type FloatArray = Float32Array | Float64Array;

/** One thread per session: the test machine is shared, and thread pools dominate the cost of tiny graphs. */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** The float initializers of a model (float or double), by name. */
export function floatInitializers(model: Uint8Array): Map<string, { dims: number[]; values: FloatArray; dataType: number }> {
  const out = new Map<string, { dims: number[]; values: FloatArray; dataType: number }>();
  for (const t of decodeModel(model).graph?.initializer ?? []) {
    if (t.dataType !== DataType.FLOAT && t.dataType !== DataType.DOUBLE) continue;
    const v = readTensorValues(t);
    out.set(t.name ?? '', { dims: v.dims, values: v.values as FloatArray, dataType: v.dataType });
  }
  return out;
}

/** The forward model with the named initializers turned into graph inputs. */
export function promoteInitializers(model: Uint8Array, names: string[]): Uint8Array {
  const proto = decodeModel(model);
  const graph = proto.graph!;
  const set = new Set(names);
  const promoted = (graph.initializer ?? []).filter((t) => set.has(t.name ?? ''));
  graph.initializer = (graph.initializer ?? []).filter((t) => !set.has(t.name ?? ''));
  graph.input = [
    ...(graph.input ?? []).filter((v) => !set.has(v.name ?? '')),
    ...promoted.map((t) => makeValueInfo(t.name ?? '', t.dataType ?? 0, (t.dims ?? []).map(Number))),
  ];
  return encodeModel(onnx.ModelProto.create(proto));
}

function tensorOf(dataType: number, values: ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  return dataType === DataType.DOUBLE
    ? new ort.Tensor('float64', Float64Array.from(values), dims)
    : new ort.Tensor('float32', Float32Array.from(values), dims);
}

/**
 * The loss from forward outputs, written out independently of the builder
 * from PyTorch's definitions: cross-entropy/NLL = −Σ_c q_c·log p_c per
 * element with q = (1 − ε)·onehot + ε/C (log-softmax with a max-shift),
 * ignored labels skipped, mean over the rest; BCE with logits =
 * −[w·y·log σ(x) + (1 − y)·log(1 − σ(x))]; MSE (y − t)²; L1 |y − t|; Huber
 * and smooth-L1 piecewise; then mean (or sum) over elements.
 */
function jsLoss(spec: LossSpec, outputs: ort.InferenceSession.OnnxValueMapType, feeds: Record<string, ort.Tensor>): number {
  if (spec.type === 'output') return Number((outputs[spec.name].data as FloatArray)[0]);
  const total = (terms: number[], reduction: 'mean' | 'sum' | undefined): number => {
    const sum = terms.reduce((a, b) => a + b, 0);
    return reduction === 'sum' ? sum : sum / terms.length;
  };
  if (spec.type === 'softmax-cross-entropy' || spec.type === 'nll') {
    const scores = outputs[(spec.type === 'nll' ? spec.logProbs : spec.logits) ?? Object.keys(outputs)[0]];
    const labels = feeds[spec.labels ?? 'labels'].data as BigInt64Array;
    const [n, c] = scores.dims as number[];
    const inner = (scores.dims as number[]).slice(2).reduce((a, b) => a * b, 1);
    const data = scores.data as FloatArray;
    const smoothing = spec.type === 'softmax-cross-entropy' ? (spec.labelSmoothing ?? 0) : 0;
    const terms: number[] = [];
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < inner; k++) {
        const label = Number(labels[r * inner + k]);
        if (label === spec.ignoreIndex) continue;
        const row = Array.from({ length: c }, (_, j) => data[(r * c + j) * inner + k]);
        let logp = row;
        if (spec.type === 'softmax-cross-entropy') {
          const m = Math.max(...row);
          const lse = m + Math.log(row.reduce((acc, v) => acc + Math.exp(v - m), 0));
          logp = row.map((v) => v - lse);
        }
        terms.push(-logp.reduce((acc, v, j) => acc + ((1 - smoothing) * (j === label ? 1 : 0) + smoothing / c) * v, 0));
      }
    }
    return total(terms, spec.reduction);
  }
  const bce = spec.type === 'binary-cross-entropy-with-logits';
  const output = outputs[(bce ? spec.logits : spec.output) ?? Object.keys(outputs)[0]];
  const y = output.data as FloatArray;
  const t = feeds[spec.target ?? 'target'].data as FloatArray;
  const last = (output.dims as number[])[output.dims.length - 1];
  const terms = Array.from(y, (v, i) => {
    if (spec.type === 'binary-cross-entropy-with-logits') {
      const w = spec.posWeight === undefined ? 1 : typeof spec.posWeight === 'number' ? spec.posWeight : spec.posWeight[i % last];
      const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
      return -(w * t[i] * logSigmoid(v) + (1 - t[i]) * logSigmoid(-v));
    }
    const d = v - t[i];
    if (spec.type === 'mse') return d * d;
    if (spec.type === 'l1') return Math.abs(d);
    if (spec.type === 'huber') {
      const delta = spec.delta ?? 1;
      return Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta);
    }
    const beta = spec.beta ?? 1;
    return Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta;
  });
  return total(terms, spec.reduction);
}

/** Tolerances of a gradient check: |analytic − fd| ≤ atol + rtol·|fd| per element. */
export interface FdTolerance {
  /** Finite-difference step, relative to max(1, |θ|). */
  step: number;
  rtol: number;
  atol: number;
}

/**
 * float64 models: step 1e-5 gives a truncation error ~1e-10·|f'''| and a
 * rounding error ~1e-16·|L|/1e-5 ≈ 1e-11·|L|, so 1e-7 abs + 1e-6 rel holds
 * with a wide margin while still catching any wrong rule (errors of a wrong
 * rule are O(1) relative).
 */
export const FLOAT64_FD: FdTolerance = { step: 1e-5, rtol: 1e-6, atol: 1e-7 };

/**
 * float32 models (Conv, ConvTranspose and AveragePool have no double kernel in
 * ORT's CPU provider): the tests make the loss linear or quadratic in each
 * parameter, where central differences have no truncation error, so only
 * rounding remains, ~6e-8·|L|/h; with h = 1e-2 on O(1) values that is
 * ~1e-5·|L|, covered by 2e-3 abs + 2e-3 rel.
 */
export const FLOAT32_FD: FdTolerance = { step: 1e-2, rtol: 2e-3, atol: 2e-3 };

/** Result of {@link checkGradients}, for extra assertions. */
export interface GradientCheck {
  graph: TrainingGraph;
  loss: number;
  gradients: Record<string, FloatArray>;
}

/**
 * Builds the training graph, runs it, and compares every gradient element
 * with central differences of the forward model; also compares the training
 * graph's loss with the forward loss.
 */
export async function checkGradients(
  forward: Uint8Array,
  options: BuildTrainingGraphOptions,
  data: Record<string, ort.Tensor>,
  tol: FdTolerance = FLOAT64_FD,
  lossFrom: 'forward-model' | 'training-graph' = 'forward-model',
): Promise<GradientCheck> {
  // Initializers the exporter tied through Identity nodes are separate parameters, in the builder and here.
  forward = untieInitializers(forward);
  const graph = buildTrainingGraph(forward, options);
  const inits = floatInitializers(forward);
  const params = graph.parameters.map((p) => p.name);

  const training = await ort.InferenceSession.create(graph.model, SESSION_OPTIONS);
  const feeds: Record<string, ort.Tensor> = { ...data };
  for (const name of params) {
    const init = inits.get(name)!;
    feeds[name] = tensorOf(init.dataType, init.values, init.dims);
  }
  const trainingFeeds = Object.fromEntries(training.inputNames.map((n) => [n, feeds[n]]));
  const result = await training.run(trainingFeeds);
  const loss = Number((result.loss.data as FloatArray)[0]);

  // Training-mode BatchNormalization and Dropout are rewritten by the builder (onnxruntime's own kernels
  // would draw their own masks): their gradients are checked against the training graph's own loss output.
  const evaluator =
    lossFrom === 'training-graph'
      ? training
      : await ort.InferenceSession.create(promoteInitializers(forward, params), { ...SESSION_OPTIONS, graphOptimizationLevel: 'disabled' });
  const evalFeeds: Record<string, ort.Tensor> = {};
  for (const n of evaluator.inputNames) evalFeeds[n] = feeds[n];
  const lossAt = async (): Promise<number> =>
    lossFrom === 'training-graph'
      ? Number(((await evaluator.run(evalFeeds, ['loss'])).loss.data as FloatArray)[0])
      : jsLoss(options.loss, await evaluator.run(evalFeeds), feeds);

  const base = await lossAt();
  expect(Math.abs(loss - base)).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(base));

  const gradients: Record<string, FloatArray> = {};
  for (const name of params) {
    const grad = result[graph.gradientOutputs[name]];
    expect(grad.dims).toEqual(inits.get(name)!.dims);
    const analytic = grad.data as FloatArray;
    gradients[name] = analytic;
    const init = inits.get(name)!;
    const values = Float64Array.from(init.values);
    for (let i = 0; i < values.length; i++) {
      const h = tol.step * Math.max(1, Math.abs(values[i]));
      const at = async (v: number): Promise<number> => {
        const copy = Float64Array.from(values);
        copy[i] = v;
        evalFeeds[name] = tensorOf(init.dataType, copy, init.dims);
        return lossAt();
      };
      // The step actually taken in the tensor's precision, so float32 rounding of θ±h does not bias the quotient.
      const plus = init.dataType === DataType.FLOAT ? Math.fround(values[i] + h) : values[i] + h;
      const minus = init.dataType === DataType.FLOAT ? Math.fround(values[i] - h) : values[i] - h;
      const fd = ((await at(plus)) - (await at(minus))) / (plus - minus);
      const diff = Math.abs(analytic[i] - fd);
      if (diff > tol.atol + tol.rtol * Math.abs(fd)) {
        throw new Error(`gradient of ${name}[${i}]: analytic ${analytic[i]}, finite difference ${fd} (diff ${diff})`);
      }
    }
    evalFeeds[name] = tensorOf(init.dataType, values, init.dims);
  }
  return { graph, loss, gradients };
}

/** An int64 tensor from numbers. */
export function int64Tensor(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values.map((v) => BigInt(v))), dims);
}

/** A float64 tensor. */
export function f64(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('float64', Float64Array.from(values), dims);
}

/** A float32 tensor. */
export function f32(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(values), dims);
}

/** The op types and domains of every node of a model. */
export function nodeOps(model: Uint8Array): { opType: string; domain: string }[] {
  return (decodeModel(model).graph?.node ?? []).map((n) => ({ opType: n.opType ?? '', domain: n.domain ?? '' }));
}

/**
 * Ends a test graph with loss = Σ y·R for a fixed random R (a Constant node,
 * so it is not trained): every element of y gets a different, non-trivial
 * upstream gradient R, which a wrong rule cannot match by symmetry.
 */
export function probeLoss(g: GraphBuilder, y: string, dims: number[], type: ElementType = 'float64', seed = 99): GraphBuilder {
  const n = dims.reduce((a, b) => a * b, 1);
  return g
    .constant(`${y}__probe`, type, dims, uniform(seeded(seed), n, -1, 1))
    .node('Mul', [y, `${y}__probe`], [`${y}__weighted`], {}, 'probe/mul')
    .node('ReduceSum', [`${y}__weighted`], ['loss'], { keepdims: 0 }, 'probe/sum')
    .output('loss', type, []);
}

/** The loss spec of {@link probeLoss}. */
export const PROBE = { type: 'output', name: 'loss' } as const;
