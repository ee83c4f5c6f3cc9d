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
import { biasName, kernelName } from './mlp-model.js';
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
    createSession: async (options) => createTfjsSession(options),
    dispose: async () => {},
  };
}

function createTfjsSession(options: SessionOptions): TrainingSession {
  const layers = options.architecture.layerSizes.length - 1;
  const variables = options.initialParameters.map((p) => {
    const initial = tf.tensor(p.values, [...p.shape], 'float32');
    const variable = tf.variable(initial, true, p.name);
    initial.dispose();
    return variable;
  });
  const byName = new Map(variables.map((v) => [v.name, v]));
  let optimizer: ReturnType<typeof createOptimizer>;
  try {
    optimizer = createOptimizer(options.config);
  } catch (error) {
    for (const v of variables) v.dispose();
    throw error;
  }
  const forward = (images: tf.Tensor2D): tf.Tensor2D => {
    let h = images;
    for (let layer = 1; layer <= layers; layer++) {
      const kernel = byName.get(kernelName(layer)) as tf.Variable;
      const bias = byName.get(biasName(layer)) as tf.Variable;
      h = tf.add(tf.matMul(h, kernel as tf.Tensor2D), bias);
      if (layer < layers) h = tf.relu(h);
    }
    return h;
  };
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new Error('this tfjs training session was disposed');
  };
  return {
    async trainEpoch(batches: readonly TrainingBatch[]): Promise<number> {
      alive();
      let sum = 0;
      for (const batch of batches) {
        const cost = tf.tidy((): tf.Scalar => {
          const images = tf.tensor2d(batch.images, [batch.size, imageSize]);
          const targets = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), classCount);
          const loss = optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(targets, forward(images)) as tf.Scalar,
            true,
            variables,
          );
          // minimize returns the cost when asked to (returnCost = true).
          return loss as tf.Scalar;
        });
        sum += (await cost.data())[0];
        cost.dispose();
      }
      return sum / batches.length;
    },
    async evaluate(data: Dataset) {
      alive();
      const logits = new Float32Array(data.size * classCount);
      for (let start = 0; start < data.size; start += evaluationChunk) {
        const rows = Math.min(evaluationChunk, data.size - start);
        const out = tf.tidy(() =>
          forward(tf.tensor2d(data.images.subarray(start * imageSize, (start + rows) * imageSize), [rows, imageSize])),
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
      for (const v of variables) v.dispose();
    },
  };
}
