/**
 * The adapter's fit, save/load and leak checks, run inside the page on the
 * active tfjs backend. They return raw numbers; the assertions (and the
 * hand-derived expectations) live in the node-side tests.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, withWeightDecay, type WeightDecayConfig } from '@weight-decay/tfjs';

import type { FitWeights, SaveLoadOutcome, TensorCounts } from './test-page-api.js';

/** y = x·w with one weight, no bias, w initialised to 1. */
function oneWeightModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
  return model;
}

function firstWeight(model: tf.LayersModel): number {
  return (model.getWeights()[0].dataSync() as Float32Array)[0];
}

const sgdDecoupled = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.5 }] } as const;

/** Two updates on loss w² (x = 1, y = 0) through fit, trainOnBatch and a wrapped tf.train.sgd. */
export async function fitWeights(): Promise<FitWeights> {
  const xs = tf.tensor2d([[1]]);
  const ys = tf.tensor2d([[0]]);
  const train = async (optimizer: tf.Optimizer, how: 'fit' | 'trainOnBatch'): Promise<number> => {
    const model = oneWeightModel();
    model.compile({ optimizer, loss: 'meanSquaredError' });
    if (how === 'fit') await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0 });
    else for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
    const weight = firstWeight(model);
    optimizer.dispose();
    model.dispose();
    return weight;
  };
  const result = {
    createOptimizerFit: await train(createOptimizer(sgdDecoupled), 'fit'),
    createOptimizerTrainOnBatch: await train(createOptimizer(sgdDecoupled), 'trainOnBatch'),
    withWeightDecayFit: await train(withWeightDecay(tf.train.sgd(0.1), [{ type: 'decoupled', rate: 0.5 }]), 'fit'),
  };
  tf.dispose([xs, ys]);
  return result;
}

/** Saves a model with its optimizer into memory and loads it back, as an app would with any IOHandler. */
async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  if (saved === undefined) throw new Error('model.save did not call the save handler');
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}

/**
 * Trains a small model 2 epochs, round-trips it through save/load with its
 * optimizer, then trains the original and the copy 2 more epochs each.
 */
export async function saveLoad(): Promise<SaveLoadOutcome> {
  const config: WeightDecayConfig = {
    optimizer: { type: 'adam', learningRate: { type: 'step', initial: 0.05, stepSize: 3, gamma: 0.5 } },
    decay: [
      { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
      { type: 'anchor', rate: 0.2, params: { include: ['**/bias'] } },
      { type: 'l2', rate: 0.01 },
    ],
  };
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ units: 3, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }));
  model.compile({ optimizer: createOptimizer(config), loss: 'meanSquaredError' });
  const xs = tf.tensor2d([
    [0.1, 0.2],
    [0.3, -0.1],
    [-0.5, 0.4],
    [0.2, 0.2],
  ]);
  const ys = tf.tensor2d([[0.5], [-0.2], [0.1], [0.3]]);
  const fitOptions = { epochs: 2, batchSize: 2, verbose: 0, shuffle: false } as const;
  await model.fit(xs, ys, fitOptions);
  const restored = await saveAndLoad(model);
  const outcome = {
    originalClassName: model.optimizer.getClassName(),
    restoredClassName: restored.optimizer.getClassName(),
    restoredIterations: restored.optimizer.iterations,
    configsEqual: JSON.stringify(restored.optimizer.getConfig()) === JSON.stringify(model.optimizer.getConfig()),
  };
  await model.fit(xs, ys, fitOptions);
  await restored.fit(xs, ys, fitOptions);
  const weights = (m: tf.LayersModel): number[][] => m.getWeights().map((w) => Array.from(w.dataSync()));
  const result = { ...outcome, originalWeights: weights(model), restoredWeights: weights(restored) };
  tf.dispose([xs, ys]);
  model.optimizer.dispose();
  restored.optimizer.dispose();
  model.dispose();
  restored.dispose();
  return result;
}

/**
 * Counts tensors over `steps` updates with every kind of decay term, the
 * metrics, a getWeights/setWeights copy and dispose(), then over repeated
 * save/load round trips of a compiled model.
 */
export async function tensorCounts(steps: number): Promise<TensorCounts> {
  const w = tf.variable(
    tf.tensor([
      [0.5, -0.5],
      [0.25, 0],
    ]),
    true,
    'leak/w',
  );
  const b = tf.variable(tf.tensor([0.1, -0.1]), true, 'leak/b');
  const config: WeightDecayConfig = {
    optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.01, decaySteps: 500 }, amsgrad: true },
    decay: [
      { type: 'decoupled', rate: 0.01, cautious: true },
      { type: 'anchor', rate: 0.01 },
      { type: 'l1', rate: 0.001, method: 'proximal' },
      { type: 'l2', rate: 0.001 },
      { type: 'l1', rate: 0.001 },
    ],
  };
  const loss = (): tf.Scalar => tf.sum(tf.square(tf.add(tf.matMul(w, w), b)));
  // Some tfjs kernels cache a tensor on their first use; warm them up with a throwaway optimizer.
  const warmUp = createOptimizer(config);
  warmUp.minimize(loss);
  warmUp.dispose();
  const start = tf.memory().numTensors;
  const optimizer = createOptimizer(config);
  optimizer.minimize(loss);
  const afterFirstStep = tf.memory().numTensors;
  for (let i = 1; i < steps; i++) optimizer.minimize(loss);
  const afterAllSteps = tf.memory().numTensors;
  optimizer.penalty();
  optimizer.zeroFraction();
  const afterMetrics = tf.memory().numTensors;
  const copy = createOptimizer(config);
  await copy.setWeights(await optimizer.getWeights());
  const withCopy = tf.memory().numTensors;
  copy.dispose();
  optimizer.dispose();
  const afterDispose = tf.memory().numTensors;
  tf.dispose([w, b]);

  const model = oneWeightModel();
  model.compile({
    optimizer: createOptimizer({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 0.1 }] }),
    loss: 'meanSquaredError',
  });
  const xs = tf.tensor2d([[1]]);
  const ys = tf.tensor2d([[0]]);
  await model.fit(xs, ys, { epochs: 2, verbose: 0 });
  const roundTrip = async (): Promise<void> => {
    const restored = await saveAndLoad(model);
    restored.optimizer.dispose();
    restored.dispose();
  };
  // The optimizer keeps the tensors its first getWeights() made (model.save never disposes them): count after one round trip.
  await roundTrip();
  const saveLoadBaseline = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) await roundTrip();
  const afterSaveLoads = tf.memory().numTensors;
  tf.dispose([xs, ys]);
  model.optimizer.dispose();
  model.dispose();
  return { start, afterFirstStep, afterAllSteps, afterMetrics, withCopy, afterDispose, saveLoadBaseline, afterSaveLoads };
}
