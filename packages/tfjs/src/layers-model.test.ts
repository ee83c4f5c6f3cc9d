import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigError, WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from './create-optimizer.js';
import { decayMetricsCallback } from './decay-metrics-callback.js';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import { registerWeightDecayOptimizers } from './register-optimizers.js';
import { saveAndLoad } from './__fixtures__/save-and-load.js';
import { smallRegressionData, smallRegressionModel } from './__fixtures__/small-regression.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = x·w with one weight, no bias, w initialised to 1; x = [[1]], y = [[0]]: loss = w², dloss/dw = 2w. */
function oneWeightModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
  return model;
}

const sgdDecoupled = {
  optimizer: { type: 'sgd' as const, learningRate: 0.1 },
  decay: [{ type: 'decoupled' as const, rate: 0.5 }],
};

describe('works wherever a tf.Optimizer works', () => {
  it('LayersModel.compile + fit: hand-derived weights and decay metrics in the logs', async () => {
    // SGD η = 0.1, decoupled λ = 0.5 (c = 0.05), g = 2w:
    //   epoch 1: w = 1·0.95 − 0.1·2 = 0.75;  epoch 2: w = 0.75·0.95 − 0.1·1.5 = 0.5625.
    // The callback's zero fractions are 0 (no zero weights); the coupled penalty is 0 (no coupled terms);
    // the decoupled shrink of the next update is c·|w| = 0.05·0.75 = 0.0375, then 0.05·0.5625 = 0.028125.
    const model = oneWeightModel();
    const optimizer = createOptimizer(sgdDecoupled);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    const history = await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0, callbacks: [decayMetricsCallback(optimizer)] });
    expect((model.getWeights()[0].dataSync() as Float32Array)[0]).toBeCloseTo(0.5625, 6);
    expect(history.history.zeroFraction).toEqual([0, 0]);
    expect(history.history.decayedZeroFraction).toEqual([0, 0]);
    expect(history.history.coupledPenalty).toEqual([0, 0]);
    const shrink = history.history.decoupledShrink as number[];
    expect(shrink[0]).toBeCloseTo(0.0375, 6);
    expect(shrink[1]).toBeCloseTo(0.028125, 6);
    expect(optimizer.iterations).toBe(2);
    // The dry run lists what each term touches, from model.trainableWeights (LayerVariables).
    expect(optimizer.plan(model.trainableWeights).terms[0].parameters).toEqual([model.trainableWeights[0].name]);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('plan() is strict: an include pattern matching no weight is a ConfigError naming it', () => {
    const model = oneWeightModel();
    const optimizer = createOptimizer({
      optimizer: { type: 'sgd', learningRate: 0.1 },
      decay: [{ type: 'l2', rate: 0.1, params: { include: ['encoder/**'] } }],
    });
    let caught: unknown;
    try {
      optimizer.plan(model.trainableWeights);
    } catch (e) {
      caught = e;
    }
    expect((caught as ConfigError).path).toBe('decay[0].params.include[0]');
    expect(optimizer.plan(model.trainableWeights, { unmatched: 'warn' }).warnings).toHaveLength(1);
    expect(() => createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 } }, { kernel: 'gpu' as 'auto' })).toThrow(
      /options\.kernel/,
    );
    optimizer.dispose();
    model.dispose();
  });

  it('trainOnBatch and fitDataset give the same hand-derived numbers', async () => {
    const a = oneWeightModel();
    a.compile({ optimizer: createOptimizer(sgdDecoupled), loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    await a.trainOnBatch(xs, ys);
    await a.trainOnBatch(xs, ys);
    expect((a.getWeights()[0].dataSync() as Float32Array)[0]).toBeCloseTo(0.5625, 6);

    const b = oneWeightModel();
    b.compile({ optimizer: createOptimizer(sgdDecoupled), loss: 'meanSquaredError' });
    const dataset = tf.data
      .array([{ xs: [1], ys: [0] }])
      .map((e) => {
        const { xs: x, ys: y } = e as { xs: number[]; ys: number[] };
        return { xs: tf.tensor1d(x), ys: tf.tensor1d(y) };
      })
      .batch(1);
    await b.fitDataset(dataset, { epochs: 2, verbose: 0 });
    expect((b.getWeights()[0].dataSync() as Float32Array)[0]).toBeCloseTo(0.5625, 6);
    tf.dispose([xs, ys]);
    a.dispose();
    b.dispose();
  });

  it('optimizer.minimize with and without a varList', () => {
    // f = w², same numbers: 1 → 0.75 → 0.5625.
    const w = tf.variable(tf.scalar(1), true, 'minimize/w');
    const other = tf.variable(tf.scalar(1), true, 'minimize/other');
    const opt = createOptimizer(sgdDecoupled);
    opt.minimize(() => tf.square(w));
    opt.minimize(() => tf.add(tf.square(w), tf.square(other)), false, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0.5625, 6);
    // `other` gets no gradient in either call (unused by the first f, outside the second varList),
    // so, as in PyTorch (p.grad is None), it is not decayed either.
    expect(other.dataSync()[0]).toBe(1);
    opt.dispose();
    tf.dispose([w, other]);
  });
});

describe('serialization', () => {
  it('getConfig/fromConfig round-trip the portable config, underscores included', () => {
    registerWeightDecayOptimizers();
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.01, decaySteps: 10 } },
      decay: [{ type: 'decoupled', rate: 0.1, params: { include: ['dense_Dense1/**'], exclude: ['**/bias'] } }],
    };
    const opt = createOptimizer(config);
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[WeightDecayOptimizer.className];
    expect(entry).toBeDefined();
    // tfjs-layers' reload pass camel-cases strings with '_'; the config text must have none.
    expect(JSON.stringify(opt.getConfig())).not.toContain('_');
    const copy = entry[1](entry[0], JSON.parse(JSON.stringify(opt.getConfig()))) as WeightDecayOptimizer;
    expect(copy.config).toEqual(opt.config);
    expect(copy.config.decay[0].params.include).toEqual(['dense_Dense1/**']);
    opt.dispose();
    copy.dispose();
  });

  it('model.save(includeOptimizer) + tf.loadLayersModel restore the optimizer; continued training is bit-identical', async () => {
    const config = {
      optimizer: { type: 'adam' as const, learningRate: { type: 'step' as const, initial: 0.05, stepSize: 3, gamma: 0.5 } },
      decay: [
        { type: 'decoupled' as const, rate: 0.1, params: { minRank: 2 } },
        { type: 'anchor' as const, rate: 0.2, params: { include: ['**/bias'] } },
        { type: 'l2' as const, rate: 0.01 },
      ],
    };
    const { xs, ys } = smallRegressionData();
    const original = smallRegressionModel([1, 2]);
    original.compile({ optimizer: createOptimizer(config), loss: 'meanSquaredError' });
    await original.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });

    const restored = await saveAndLoad(original);
    expect(restored.optimizer).toBeInstanceOf(WeightDecayOptimizer);
    const restoredOptimizer = restored.optimizer as WeightDecayOptimizer;
    expect(restoredOptimizer.iterations).toBe(4);
    expect(restoredOptimizer.config).toEqual((original.optimizer as WeightDecayOptimizer).config);

    await original.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    await restored.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    const a = original.getWeights().map((w) => Array.from(w.dataSync()));
    const b = restored.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    const wa = (await original.optimizer.getWeights()).map((w) => [w.name.replace(/_\d+/g, ''), Array.from(w.tensor.dataSync())]);
    expect(wa.length).toBeGreaterThan(1);
    tf.dispose([xs, ys]);
    original.dispose();
    restored.dispose();
  });

  it('getWeights names slots after the variable; setWeights validates before replacing', async () => {
    const w = tf.variable(tf.tensor([1, 2]), true, 'weights/w');
    const opt = createOptimizer({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 0.1 }] });
    opt.minimize(() => tf.sum(tf.square(w)));
    const weights = await opt.getWeights();
    expect(weights.map((x) => x.name)).toEqual(['iter', 'weights/w/m', 'weights/w/v', 'weights/w/step', 'weights/w/anchor']);
    const copy = createOptimizer(opt.config);
    const bad = [weights[0], ...weights.slice(1, 2), { name: 'weights/w/v', tensor: tf.zeros([3]) }, ...weights.slice(3)];
    await expect(copy.setWeights(bad)).rejects.toThrow(/weights\["weights\/w\/v"\]/);
    expect(copy.iterations).toBe(0);
    expect(copy.variableNames()).toEqual([]);
    await copy.setWeights(weights);
    expect(copy.iterations).toBe(1);
    expect(copy.variableNames()).toEqual(['weights/w']);
    tf.dispose(bad[2].tensor);
    opt.dispose();
    copy.dispose();
    w.dispose();
  });
});

describe('no leaks', () => {
  it('numTensors stays flat over 1,000 steps and a save/load, and returns to the start after dispose()', async () => {
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
    const opt = createOptimizer(config);
    opt.minimize(loss);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 999; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.penalty();
    opt.zeroFraction();
    expect(tf.memory().numTensors).toBe(afterFirst);
    const weights = await opt.getWeights();
    const copy = createOptimizer(opt.config);
    await copy.setWeights(weights);
    const withCopy = tf.memory().numTensors;
    await opt.getWeights();
    await copy.getWeights();
    const withWeights = tf.memory().numTensors;
    await copy.getWeights();
    await opt.getWeights();
    expect(tf.memory().numTensors).toBe(withWeights); // each call refreshes the tensors of the one before
    copy.dispose();
    opt.dispose();
    expect(withCopy).toBeGreaterThan(afterFirst);
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([w, b]);
  });

  it('numTensors stays flat over repeated model.save + tf.loadLayersModel (includeOptimizer)', async () => {
    const model = oneWeightModel();
    const optimizer = createOptimizer({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 0.1 }] });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    await model.fit(xs, ys, { epochs: 2, verbose: 0 });
    const roundTrip = async () => {
      const restored = await saveAndLoad(model);
      restored.optimizer.dispose();
      restored.dispose();
    };
    // The optimizer keeps the tensors its first getWeights() made (model.save never disposes them): count after one round trip.
    await roundTrip();
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await roundTrip();
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });
});
