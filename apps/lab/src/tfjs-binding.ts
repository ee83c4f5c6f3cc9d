/**
 * The tfjs binding of {@link TrainingBackend}: raw `tf.variable`s named like
 * every other backend's parameters, trained with `optimizer.minimize` on the
 * optimizer `@weight-decay/tfjs` builds from the portable config.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '@weight-decay/tfjs';
import { evaluateLogits } from './logit-metrics.js';
import type { Dataset } from './mnist-data.js';
import { classCount, imageSize } from './mnist-data.js';
import { batchNormEpsilon, batchNormMomentum, betaName, biasName, gammaName, kernelName } from './mlp-model.js';
import { deriveSeed } from './seeded-random.js';
import type { SessionOptions, TrainingBackend, TrainingSession } from './training-backend.js';
import type { TrainingBatch } from './training-batches.js';

/** Rows per forward pass when scoring a dataset (bounds peak memory). */
const evaluationChunk = 1000;

let wasmLoaded = false;

/** Selects and initialises the tfjs backend (`cpu` or `wasm`) and returns the binding. */
export async function createTfjsBackend(kind: 'cpu' | 'wasm'): Promise<TrainingBackend> {
  if (kind === 'wasm' && !wasmLoaded) {
    // Importing the package registers the 'wasm' backend; its .wasm files ship inside it.
    await import('@tensorflow/tfjs-backend-wasm');
    wasmLoaded = true;
  }
  // Production mode silences tfjs's one-time "install tfjs-node" banner: the
  // lab deliberately runs the pure-JS (cpu) and WASM backends.
  tf.enableProdMode();
  if (!(await tf.setBackend(kind))) throw new Error(`tfjs backend "${kind}" failed to initialise`);
  await tf.ready();
  return {
    name: `tfjs (${kind})`,
    unsupported: () => undefined,
    createSession: async (options) => createTfjsSession(options),
    dispose: async () => {},
  };
}

function createTfjsSession(options: SessionOptions): TrainingSession {
  const { architecture } = options;
  const layers = architecture.layerSizes.length - 1;
  const variables = options.initialParameters.map((p) => {
    const initial = tf.tensor(p.values, [...p.shape], 'float32');
    const variable = tf.variable(initial, true, p.name);
    initial.dispose();
    return variable;
  });
  const byName = new Map(variables.map((v) => [v.name, v]));
  const parameter = (name: string): tf.Variable => byName.get(name) as tf.Variable;
  // Running statistics are state, not parameters: no gradient, no decay, not in readWeights.
  const running = architecture.batchNorm
    ? architecture.layerSizes.slice(1, -1).map((width) =>
        // tidy frees the zeros/ones the variables were copied from.
        tf.tidy(() => ({ mean: tf.variable(tf.zeros([width]), false), variance: tf.variable(tf.ones([width]), false) })),
      )
    : [];
  const disposeAll = (): void => {
    for (const v of variables) v.dispose();
    for (const r of running) {
      r.mean.dispose();
      r.variance.dispose();
    }
  };
  let optimizer: ReturnType<typeof createOptimizer>;
  try {
    optimizer = createOptimizer(options.config);
  } catch (error) {
    disposeAll();
    throw error;
  }
  let step = 0;
  /** The batch statistics of the last training forward pass, kept for the running averages. */
  let batchMoments: { mean: tf.Tensor; variance: tf.Tensor }[] = [];
  const forward = (images: tf.Tensor2D, training: boolean): tf.Tensor => {
    let h: tf.Tensor = images;
    for (let layer = 1; layer <= layers; layer++) {
      h = tf.add(tf.matMul(h as tf.Tensor2D, parameter(kernelName(layer)) as tf.Tensor2D), parameter(biasName(layer)));
      if (layer === layers) break;
      if (architecture.batchNorm) {
        const gamma = parameter(gammaName(layer));
        const beta = parameter(betaName(layer));
        if (training) {
          const { mean, variance } = tf.moments(h, 0);
          batchMoments.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
          h = tf.batchNorm(h as tf.Tensor2D, mean, variance, beta, gamma, batchNormEpsilon);
        } else {
          h = tf.batchNorm(h as tf.Tensor2D, running[layer - 1].mean, running[layer - 1].variance, beta, gamma, batchNormEpsilon);
        }
      }
      h = tf.relu(h);
      if (training && architecture.dropout) {
        h = tf.dropout(h, architecture.dropout, undefined, deriveSeed(options.seed, `dropout/${step}/${layer}`));
      }
    }
    return h;
  };
  const updateRunningStatistics = (): void => {
    batchMoments.forEach((batch, i) => {
      const r = running[i];
      tf.tidy(() => {
        r.mean.assign(tf.add(tf.mul(r.mean, batchNormMomentum), tf.mul(batch.mean, 1 - batchNormMomentum)));
        r.variance.assign(tf.add(tf.mul(r.variance, batchNormMomentum), tf.mul(batch.variance, 1 - batchNormMomentum)));
      });
      batch.mean.dispose();
      batch.variance.dispose();
    });
    batchMoments = [];
  };
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new Error('this tfjs training session was disposed');
  };
  return {
    async trainEpoch(batches: readonly TrainingBatch[]): Promise<number[]> {
      alive();
      const losses: number[] = [];
      for (const batch of batches) {
        const cost = tf.tidy((): tf.Scalar => {
          const images = tf.tensor2d(batch.images, [batch.size, imageSize]);
          const targets = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), classCount);
          const loss = optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(targets, forward(images, true)) as tf.Scalar,
            true,
            variables,
          );
          // minimize returns the cost when asked to (returnCost = true).
          return loss as tf.Scalar;
        });
        updateRunningStatistics();
        step++;
        losses.push((await cost.data())[0]);
        cost.dispose();
      }
      return losses;
    },
    async evaluate(data: Dataset) {
      alive();
      const logits = new Float32Array(data.size * classCount);
      for (let start = 0; start < data.size; start += evaluationChunk) {
        const rows = Math.min(evaluationChunk, data.size - start);
        const out = tf.tidy(() =>
          forward(tf.tensor2d(data.images.subarray(start * imageSize, (start + rows) * imageSize), [rows, imageSize]), false),
        );
        logits.set(await out.data(), start * classCount);
        out.dispose();
      }
      return evaluateLogits(logits, data.labels, classCount);
    },
    async readWeights() {
      alive();
      const weights: Record<string, Float32Array> = {};
      for (const v of variables) weights[v.name] = new Float32Array(await v.data());
      return weights;
    },
    async penalty() {
      alive();
      return optimizer.penalty(variables);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      optimizer.dispose();
      disposeAll();
    },
  };
}
