import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeDecayPlan } from '@weight-decay/core';
import type { WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from './create-optimizer.js';
import { withWeightDecay } from './with-weight-decay.js';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import { saveAndLoad } from './__fixtures__/save-and-load.js';
import { smallRegressionData, smallRegressionModel } from './__fixtures__/small-regression.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let counter = 0;
const unique = (name: string): string => `groups${++counter}/${name}`;

// Top level SGD η = 0.1 with decoupled λ = 0.5; kernels (rank 2) at scale 0.5; biases run
// Adam η = 0.01 of their own. Expected numbers by hand after one step:
// kernel θ = 1, g = 2: η = 0.05 → θ(1 − 0.05·0.5) − 0.05·2 = 0.975 − 0.1 = 0.875.
// bias θ = 1, g = −4: Adam's first step is −η·g/(|g| + ε) = +0.01; decay 0.01·0.5 → 1·(1 − 0.005) + 0.01 = 1.005.
// vector (no group) θ = 1, g = 1: SGD η = 0.1 → 1·(1 − 0.05) − 0.1 = 0.85.
const config: WeightDecayConfig = {
  optimizer: { type: 'sgd', learningRate: 0.1 },
  decay: [{ type: 'decoupled', rate: 0.5 }],
  groups: [
    { params: { include: ['**/bias'] }, optimizer: { type: 'adam', learningRate: 0.01 } },
    { params: { minRank: 2 }, learningRateScale: 0.5 },
  ],
};

describe.each(['auto', 'tensor'] as const)('createOptimizer with groups (kernel %s)', (kernel) => {
  it("runs each variable with its group's optimizer and learning rate, and names its own slots", async () => {
    const names = { kernel: unique('dense/kernel'), bias: unique('dense/bias'), vector: unique('scale') };
    const kernelVar = tf.variable(tf.ones([1, 1]), true, names.kernel);
    const biasVar = tf.variable(tf.ones([1]), true, names.bias);
    const vectorVar = tf.variable(tf.ones([1]), true, names.vector);
    const opt = createOptimizer({ ...config, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } }, { kernel });
    const grads = { [names.kernel]: tf.tensor([[2]]), [names.bias]: tf.tensor([-4]), [names.vector]: tf.tensor([1]) };
    opt.applyGradients(grads);
    expect(kernelVar.dataSync()[0]).toBeCloseTo(0.875, 6);
    expect(biasVar.dataSync()[0]).toBeCloseTo(1.005, 6);
    expect(vectorVar.dataSync()[0]).toBeCloseTo(0.85, 6);
    const weights = await opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual([
      'iter',
      `${names.kernel}/momentum`,
      `${names.kernel}/step`,
      `${names.bias}/m`,
      `${names.bias}/v`,
      `${names.bias}/step`,
      `${names.vector}/momentum`,
      `${names.vector}/step`,
    ]);
    const plan = describeDecayPlan(opt.plan([kernelVar, biasVar, vectorVar]));
    expect(plan).toContain(`groups[0] learningRateScale=1 type=adam`);
    expect(plan).toContain(`→ 1 parameter: ${names.bias}`);
    expect(plan).toContain(`top-level optimizer → 1 parameter: ${names.vector}`);
    tf.dispose([...Object.values(grads), kernelVar, biasVar, vectorVar]);
    opt.dispose();
  });

  it('setWeights refuses a slot of another group’s optimizer, at its weight, changing nothing', async () => {
    const bias = tf.variable(tf.ones([1]), true, unique('head/bias'));
    const opt = createOptimizer(config, { kernel, onWarning: () => {} }); // groups[1] (kernels) has none here
    opt.applyGradients({ [bias.name]: tf.tensor([1]) });
    const weights = await opt.getWeights();
    const copy = createOptimizer({ ...config, groups: [] }, { kernel });
    await expect(copy.setWeights(weights)).rejects.toThrow(/weights\[".*head\/bias\/m"\]/);
    expect(copy.iterations).toBe(0);
    expect(copy.variableNames()).toEqual([]);
    opt.dispose();
    copy.dispose();
    bias.dispose();
  });
});

describe('groups through a saved model', () => {
  it('model.save(includeOptimizer) + load keeps per-group state; continued training is bit-identical', async () => {
    const { xs, ys } = smallRegressionData();
    const original = smallRegressionModel([3, 4]);
    const grouped: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.05, decaySteps: 8 } },
      decay: [{ type: 'decoupled', rate: 0.1 }],
      groups: [
        { params: { include: ['**/bias'] }, optimizer: { type: 'rmsprop', learningRate: 0.01, momentum: 0.5 } },
        { params: { minRank: 2 }, learningRateScale: 0.3, optimizer: { beta2: 0.95 } },
      ],
    };
    original.compile({ optimizer: createOptimizer(grouped), loss: 'meanSquaredError' });
    await original.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    const restored = await saveAndLoad(original);
    expect(restored.optimizer).toBeInstanceOf(WeightDecayOptimizer);
    expect((restored.optimizer as WeightDecayOptimizer).config).toEqual((original.optimizer as WeightDecayOptimizer).config);
    const slotsOf = async (model: tf.LayersModel): Promise<string[]> =>
      (await model.optimizer.getWeights()).map((w) => w.name.replace(/_\d+/g, '').replace(/^.*\/(\w+\/\w+)$/, '$1'));
    expect(await slotsOf(restored)).toEqual(await slotsOf(original));
    expect(await slotsOf(original)).toContain('bias/squareAverage');
    expect(await slotsOf(original)).toContain('kernel/v');
    await original.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    await restored.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    expect(restored.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(original.getWeights().map((w) => Array.from(w.dataSync())));
    tf.dispose([xs, ys]);
    original.dispose();
    restored.dispose();
  });
});

describe('withWeightDecay refuses what only createOptimizer runs', () => {
  it('groups, in the options or in a whole config, and a whole config with its own optimizer', () => {
    const groups = [{ params: { minRank: 2 }, learningRateScale: 0.1 }];
    const refusal = (path: string) =>
      expect.objectContaining({ name: 'ConfigError', path, message: expect.stringContaining('createOptimizer') });
    expect(() => withWeightDecay(tf.train.sgd(0.1), [], { groups } as never)).toThrow(refusal('groups'));
    expect(() => withWeightDecay(tf.train.sgd(0.1), { optimizer: { type: 'sgd', learningRate: 0.1 }, groups } as never)).toThrow(
      refusal('groups'),
    );
    expect(() => withWeightDecay(tf.train.sgd(0.1), { optimizer: { type: 'lion', learningRate: 0.1 } } as never)).toThrow(
      refusal('optimizer'),
    );
  });
});
