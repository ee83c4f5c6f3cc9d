import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateError } from '@weight-decay/core';
import type { WeightDecayConfig } from '@weight-decay/core';
import { saveAndLoad } from './__fixtures__/save-and-load.js';
import { createOptimizer } from './create-optimizer.js';
import { withAveragedWeights } from './with-averaged-weights.js';
import { withWeightDecay } from './with-weight-decay.js';
import type { WeightDecayOptimizer } from './weight-decay-optimizer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function build(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ units: 3, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }));
  return model;
}

const xs = (): tf.Tensor =>
  tf.tensor2d([
    [0.1, 0.2],
    [0.3, -0.1],
    [-0.5, 0.4],
    [0.2, 0.2],
  ]);
const ys = (): tf.Tensor => tf.tensor2d([[0.5], [-0.2], [0.1], [0.3]]);

const weightsOf = (model: tf.LayersModel): number[][] => model.getWeights().map((w) => Array.from(w.dataSync()));

/** Fits 1 epoch of 2 batches (2 updates) and records the weights after every update. */
async function fitRecording(model: tf.LayersModel, epochs: number, after: number[][][]): Promise<void> {
  const x = xs();
  const y = ys();
  await model.fit(x, y, {
    epochs,
    batchSize: 2,
    verbose: 0,
    shuffle: false,
    callbacks: { onBatchEnd: async () => void after.push(weightsOf(model)) },
  });
  tf.dispose([x, y]);
}

const averageOf = (model: tf.LayersModel): Promise<number[][]> => withAveragedWeights(model, () => weightsOf(model));

/**
 * Loading with includeOptimizer restores `createOptimizer`'s default kernel (the array form on
 * cpu); the tensor form resumes from the loaded model through getWeights/setWeights instead.
 */
async function resumeInTensorForm(original: tf.LayersModel, config: WeightDecayConfig): Promise<tf.LayersModel> {
  const restored = await saveAndLoad(original);
  restored.optimizer.dispose();
  const optimizer = createOptimizer(config, { kernel: 'tensor' });
  restored.compile({ optimizer, loss: 'meanSquaredError' });
  await optimizer.setWeights(await (original.optimizer as WeightDecayOptimizer).getWeights());
  return restored;
}

const emaConfig: WeightDecayConfig = {
  optimizer: { type: 'adam', learningRate: 0.05 },
  decay: [{ type: 'decoupled', rate: 0.1 }],
  average: { type: 'ema', decay: 0.75 },
};

describe.each(['kernel', 'tensor'] as const)('createOptimizer with average (kernel %s)', (kernel) => {
  it('evaluates with the EMA of the recorded weights, then puts the live weights back bit for bit', async () => {
    const model = build();
    model.compile({ optimizer: createOptimizer(emaConfig, { kernel }), loss: 'meanSquaredError' });
    const after: number[][][] = [];
    await fitRecording(model, 2, after);
    expect(after).toHaveLength(4);
    // A = θ_1, then A ← 0.75·A + 0.25·θ_k, by hand over the recorded weights.
    const expected = after.slice(1).reduce((a, theta) => a.map((w, j) => w.map((x, i) => 0.75 * x + 0.25 * theta[j][i])), after[0]);
    const live = weightsOf(model);

    const x = xs();
    const y = ys();
    const { averaged, loss } = await withAveragedWeights(model, () => ({
      averaged: weightsOf(model),
      loss: (model.evaluate(x, y) as tf.Scalar).dataSync()[0],
    }));
    averaged.forEach((w, j) => w.forEach((v, i) => expect(v).toBeCloseTo(expected[j][i], 6)));
    expect(weightsOf(model)).toEqual(live);

    // The same loss from a separate model holding the averaged weights.
    const other = build();
    other.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    other.setWeights(averaged.map((w, j) => tf.tensor(w, model.getWeights()[j].shape)));
    expect((other.evaluate(x, y) as tf.Scalar).dataSync()[0]).toBe(loss);
    tf.dispose([x, y]);
    model.dispose();
    other.dispose();
  });

  it('model.save(includeOptimizer) and load resume with the average bit-identical', async () => {
    const config: WeightDecayConfig = { ...emaConfig, average: { type: 'uniform', start: 1 } };
    const original = build();
    original.compile({ optimizer: createOptimizer(config, { kernel }), loss: 'meanSquaredError' });
    await fitRecording(original, 2, []);
    const saved = await (original.optimizer as WeightDecayOptimizer).getWeights();
    expect(saved.filter((w) => w.name.endsWith('/averaged')).map((w) => w.tensor.dataSync()[0])).toEqual([3, 3, 3, 3]);

    const restored = kernel === 'kernel' ? await saveAndLoad(original) : await resumeInTensorForm(original, config);
    // Right after loading, the restored average is matched to the restored model's variables.
    expect(await averageOf(restored)).toEqual(await averageOf(original));
    await fitRecording(original, 2, []);
    await fitRecording(restored, 2, []);
    expect(weightsOf(restored)).toEqual(weightsOf(original));
    expect(await averageOf(restored)).toEqual(await averageOf(original));
    original.dispose();
    restored.dispose();
  });
});

describe('swapping guards', () => {
  it('training, getWeights and setWeights refuse while swapped; swapping twice is the identity', async () => {
    const w = tf.variable(tf.tensor([1, -2]), true, 'swap/w');
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.5 }, average: { type: 'uniform' } });
    optimizer.applyGradients({ 'swap/w': tf.tensor([1, 1]) }); // θ_1 = [0.5, −2.5]
    optimizer.applyGradients({ 'swap/w': tf.tensor([1, -1]) }); // θ_2 = [0, −2]
    expect(optimizer.swapAveragedWeights()).toBe(true);
    expect(Array.from(w.dataSync())).toEqual([0.25, -2.25]);
    expect(() => optimizer.applyGradients({ 'swap/w': tf.tensor([1, 1]) })).toThrow(StateError);
    await expect(optimizer.getWeights()).rejects.toThrow(StateError);
    await expect(withAveragedWeights(optimizer, () => 0)).rejects.toThrow(/already swapped in/);
    expect(optimizer.swapAveragedWeights()).toBe(false);
    expect(Array.from(w.dataSync())).toEqual([0, -2]);
    optimizer.dispose();
    w.dispose();
  });

  it('setWeights checks the saved count against the step, naming the weight, and changes nothing', async () => {
    const w = tf.variable(tf.tensor([1, -2]), true, 'count/w');
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.5 }, average: { type: 'ema', decay: 0.5 } });
    optimizer.applyGradients({ 'count/w': tf.tensor([1, 1]) });
    const good = (await optimizer.getWeights()).map((x) => ({ name: x.name, tensor: tf.clone(x.tensor) }));
    const bad = good.map((x) => (x.name === 'count/w/averaged' ? { name: x.name, tensor: tf.scalar(2, 'int32') } : x));
    await expect(optimizer.setWeights(bad)).rejects.toMatchObject({ path: 'weights["count/w/averaged"]' });
    const noCount = good.filter((x) => x.name !== 'count/w/averaged');
    await expect(optimizer.setWeights(noCount)).rejects.toMatchObject({ path: 'weights["count/w/averaged"]' });
    const after = await optimizer.getWeights();
    expect(after.map((x) => [x.name, Array.from(x.tensor.dataSync())])).toEqual(good.map((x) => [x.name, Array.from(x.tensor.dataSync())]));
    optimizer.dispose();
    w.dispose();
  });

  it('withAveragedWeights needs an averaging optimizer', async () => {
    await expect(withAveragedWeights({ optimizer: tf.train.sgd(0.1) }, () => 0)).rejects.toMatchObject({ path: 'optimizer' });
  });
});

describe('withWeightDecay with options.average', () => {
  it('averages around the wrapped optimizer, swaps, and resumes bit-identically from includeOptimizer', async () => {
    const wrap = () => withWeightDecay(tf.train.adam(0.05), [{ type: 'decoupled', rate: 0.1 }], { average: { type: 'uniform', start: 1 } });
    const original = build();
    original.compile({ optimizer: wrap(), loss: 'meanSquaredError' });
    const after: number[][][] = [];
    await fitRecording(original, 2, after);
    // The plain mean of θ_2, θ_3, θ_4 by hand.
    const mean = after[1].map((w, j) => w.map((_, i) => (after[1][j][i] + after[2][j][i] + after[3][j][i]) / 3));
    const live = weightsOf(original);
    const averaged = await withAveragedWeights(original, () => weightsOf(original));
    averaged.forEach((w, j) => w.forEach((v, i) => expect(v).toBeCloseTo(mean[j][i], 6)));
    expect(weightsOf(original)).toEqual(live);

    const restored = await saveAndLoad(original);
    expect(await averageOf(restored)).toEqual(await averageOf(original));
    await fitRecording(original, 1, []);
    await fitRecording(restored, 1, []);
    expect(weightsOf(restored)).toEqual(weightsOf(original));
    expect(await averageOf(restored)).toEqual(await averageOf(original));
    original.dispose();
    restored.dispose();
  });

  it('rejects a bad average at its path', () => {
    expect(() => withWeightDecay(tf.train.sgd(0.1), [], { average: { type: 'ema', decay: 2 } })).toThrow(
      expect.objectContaining({ path: 'average.decay' }),
    );
  });
});
