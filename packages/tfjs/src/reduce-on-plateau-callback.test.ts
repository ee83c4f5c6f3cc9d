import * as tf from '@tensorflow/tfjs';
import { WeightDecayError } from '@weight-decay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { reduceLearningRateOnPlateau } from './reduce-on-plateau-callback.js';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import { saveAndLoad } from './__fixtures__/save-and-load.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * y = x·w, w starts at 1; trained on x = 1, y = 0 (loss w², g = 2w), validated on
 * x = 1, y = 1 (val_loss (w − 1)²): training moves w away from the validation
 * target, so val_loss rises every epoch after the first — a plateau by construction.
 */
function fixture(): {
  model: tf.Sequential;
  fit: (model: tf.LayersModel, optimizer: WeightDecayOptimizer, epochs: number) => Promise<number[]>;
} {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
  const fit = async (target: tf.LayersModel, optimizer: WeightDecayOptimizer, epochs: number): Promise<number[]> => {
    const [xs, ys, valYs] = [tf.tensor2d([[1]]), tf.tensor2d([[0]]), tf.tensor2d([[1]])];
    const rates: number[] = [];
    await target.fit(xs, ys, {
      epochs,
      batchSize: 1,
      verbose: 0,
      shuffle: false,
      validationData: [xs, valYs],
      callbacks: [{ onEpochBegin: async () => void rates.push(optimizer.learningRate) }, reduceLearningRateOnPlateau(optimizer)],
    });
    tf.dispose([xs, ys, valYs]);
    return rates;
  };
  return { model, fit };
}

const plateau = (patience: number) => ({
  optimizer: { type: 'sgd' as const, learningRate: { type: 'reduce-on-plateau' as const, initial: 0.1, factor: 0.5, patience } },
});

describe('reduceLearningRateOnPlateau in model.fit', () => {
  it('reports val_loss at each epoch end; the next epoch uses the reduced rate (hand-derived, PyTorch rules)', async () => {
    // patience 0. Epoch 1 (η 0.1): w = 1 − 0.1·2 = 0.8, val_loss 0.04, the first report: best.
    // Epoch 2 (η 0.1): w = 0.8 − 0.1·1.6 = 0.64, val_loss 0.1296: worse → η 0.05.
    // Epoch 3 (η 0.05): w = 0.64 − 0.05·1.28 = 0.576, worse → η 0.025. Epoch 4 (η 0.025): w = 0.576 − 0.025·1.152 = 0.5472.
    const { model, fit } = fixture();
    const optimizer = createOptimizer(plateau(0));
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const rates = await fit(model, optimizer, 4);
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect((model.getWeights()[0].dataSync() as Float32Array)[0]).toBeCloseTo(0.5472, 6);
    expect(optimizer.learningRate).toBe(0.0125);
    model.dispose();
  });

  it('a monitored key missing from the logs stops fit with an error naming it', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
    const optimizer = createOptimizer(plateau(0));
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const [xs, ys] = [tf.tensor2d([[1]]), tf.tensor2d([[0]])];
    const fitting = model.fit(xs, ys, { epochs: 2, verbose: 0, callbacks: [reduceLearningRateOnPlateau(optimizer)] });
    await expect(fitting).rejects.toThrow(WeightDecayError);
    await expect(
      model.fit(xs, ys, { epochs: 1, verbose: 0, callbacks: [reduceLearningRateOnPlateau(optimizer, { monitor: 'val_acc' })] }),
    ).rejects.toThrow(/no "val_acc" \(they have loss\); give fit validationData or validationSplit/);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('monitor "loss" works without validation data; reportMetric on a fixed learning rate is a ConfigError', async () => {
    const optimizer = createOptimizer(plateau(0));
    reduceLearningRateOnPlateau(optimizer, { monitor: 'loss' }).onEpochEnd(0, { loss: 1 });
    reduceLearningRateOnPlateau(optimizer, { monitor: 'loss' }).onEpochEnd(1, { loss: 1 });
    expect(optimizer.learningRate).toBe(0.05);
    const fixed = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 } });
    expect(() => fixed.reportMetric(1)).toThrow(expect.objectContaining({ name: 'ConfigError', path: 'optimizer.learningRate' }));
    expect(() => reduceLearningRateOnPlateau(optimizer, { monitor: '' })).toThrow(WeightDecayError);
  });

  it('model.save(includeOptimizer) keeps the plateau counters: training resumed mid-plateau is bit-identical', async () => {
    // patience 1: after 2 epochs the state holds best 0.04 and one bad report. A restore that lost it
    // would take epoch 3's val_loss as a first best and never reduce; the real state reduces after epoch 3.
    const { model: original, fit } = fixture();
    const optimizer = createOptimizer(plateau(1));
    original.compile({ optimizer, loss: 'meanSquaredError' });
    await fit(original, optimizer, 2);

    const restored = await saveAndLoad(original);
    const restoredOptimizer = restored.optimizer as WeightDecayOptimizer;
    expect(restoredOptimizer).toBeInstanceOf(WeightDecayOptimizer);
    const rest = await fit(original, optimizer, 3);
    expect(rest).toEqual([0.1, 0.05, 0.05]);
    expect(await fit(restored, restoredOptimizer, 3)).toEqual(rest);
    expect(restored.getWeights()[0].dataSync()).toEqual(original.getWeights()[0].dataSync());
    expect(restoredOptimizer.learningRate).toBe(optimizer.learningRate);
    const plateauOf = async (o: WeightDecayOptimizer) => (await o.getWeights()).find((w) => w.name === 'plateau')?.tensor.dataSync()[0];
    expect(JSON.parse(String(await plateauOf(restoredOptimizer)))).toEqual(JSON.parse(String(await plateauOf(optimizer))));
    original.dispose();
    restored.dispose();
  });

  it('setWeights refuses a malformed plateau entry and keeps the state', async () => {
    const optimizer = createOptimizer(plateau(3));
    optimizer.reportMetric(1);
    const good = await optimizer.getWeights();
    const bad = good.map((w) => (w.name === 'plateau' ? { name: 'plateau', tensor: tf.scalar('{"rate":-1}', 'string') } : w));
    await expect(optimizer.setWeights(bad)).rejects.toThrow(
      expect.objectContaining({ name: 'StateError', path: 'weights["plateau"].rate' }),
    );
    const after = (await optimizer.getWeights()).find((w) => w.name === 'plateau')?.tensor.dataSync()[0];
    expect(JSON.parse(String(after))).toMatchObject({ best: 1, reports: 1 });
    optimizer.dispose();
  });

  it("a group's own plateau rate follows the same reports, and its counters save and load (groupPlateaus)", async () => {
    // Two single-weight layers; the first's kernel is in a group with its own reduce-on-plateau rate
    // (initial 0.2, patience 0, halving), the second follows the constant top-level 0.05.
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones', name: 'first' }));
    model.add(tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones', name: 'second' }));
    const optimizer = createOptimizer({
      optimizer: { type: 'sgd', learningRate: 0.05 },
      groups: [
        {
          params: { include: ['first/**'] },
          optimizer: { learningRate: { type: 'reduce-on-plateau', initial: 0.2, patience: 0, factor: 0.5 } },
        },
      ],
    });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    optimizer.reportMetric(1);
    optimizer.reportMetric(1); // not better, patience 0: the group's rate halves; the top level's stays
    expect(optimizer.learningRate).toBe(0.05);
    const [xs, ys] = [tf.tensor2d([[1]]), tf.tensor2d([[0]])];
    // Loss (w1·w2)², both 1: each gradient is 2. first: 1 − 0.1·2 (rate 0.2·0.5); second: 1 − 0.05·2.
    await model.fit(xs, ys, { epochs: 1, batchSize: 1, verbose: 0 });
    expect(model.getWeights().map((w) => w.dataSync()[0])).toEqual([Math.fround(1 - 0.1 * 2), Math.fround(1 - 0.05 * 2)]);
    const weightOf = async (o: WeightDecayOptimizer, name: string) =>
      (await o.getWeights()).find((w) => w.name === name)?.tensor.dataSync()[0];
    expect(await weightOf(optimizer, 'plateau')).toBeUndefined();
    expect(JSON.parse(String(await weightOf(optimizer, 'groupPlateaus')))).toEqual([
      { rate: 0.1, best: 1, badReports: 0, cooldownLeft: 0, reports: 2 },
    ]);

    const restored = await saveAndLoad(model);
    const restoredOptimizer = restored.optimizer as WeightDecayOptimizer;
    expect(await weightOf(restoredOptimizer, 'groupPlateaus')).toBe(await weightOf(optimizer, 'groupPlateaus'));
    const bad = (await restoredOptimizer.getWeights()).map((w) =>
      w.name === 'groupPlateaus'
        ? { name: w.name, tensor: tf.scalar('[{"rate":0.1,"best":1,"badReports":0,"cooldownLeft":0,"reports":-2}]', 'string') }
        : w,
    );
    await expect(restoredOptimizer.setWeights(bad)).rejects.toThrow(
      expect.objectContaining({ name: 'StateError', path: 'weights["groupPlateaus"][0].reports' }),
    );
    expect(await weightOf(restoredOptimizer, 'groupPlateaus')).toBe(await weightOf(optimizer, 'groupPlateaus'));
    tf.dispose([xs, ys]);
    model.dispose();
    restored.dispose();
  });
});
