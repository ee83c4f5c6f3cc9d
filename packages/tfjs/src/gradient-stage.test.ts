import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NonFiniteGradientError } from '@weight-decay/core';
import type { WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from './create-optimizer.js';
import { decayMetricsCallback } from './decay-metrics-callback.js';
import { withWeightDecay } from './with-weight-decay.js';
import type { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import { saveAndLoad } from './__fixtures__/save-and-load.js';
import { createGradientStage } from './gradient-stage.js';
import type { StagedGradients } from './gradient-stage.js';
import { optimizerSnapshot } from './__fixtures__/optimizer-snapshot.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const kernels = ['kernel', 'tensor'] as const;

function twoLayerModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ units: 3, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }));
  return model;
}

const data = () => ({
  xs: tf.tensor2d([
    [0.1, 0.2],
    [0.3, -0.1],
    [-0.5, 0.4],
    [0.2, 0.2],
  ]),
  ys: tf.tensor2d([[0.5], [-0.2], [0.1], [0.3]]),
});

describe.each(kernels)('createOptimizer gradient section (cpu, kernel %s)', (kernel) => {
  it('accumulate 2 with SGD: one update of the mean every second call; t counts updates', () => {
    const w = tf.variable(tf.tensor([1, 1]), true, `acc-${kernel}/w`);
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, gradient: { accumulate: 2 } }, { kernel });
    optimizer.applyGradients({ [w.name]: tf.tensor([1, 2]) });
    expect(Array.from(w.dataSync())).toEqual([1, 1]);
    expect(optimizer.lastStatus()).toBe('accumulated');
    expect(optimizer.iterations).toBe(0);
    optimizer.applyGradients({ [w.name]: tf.tensor([3, 4]) });
    // g = [2, 3]: θ = 1 − 0.1·g; N = √13.
    expect(Array.from(w.dataSync())).toEqual([Math.fround(1 - 0.2), Math.fround(1 - 0.3)]);
    expect(optimizer.lastStatus()).toBe('updated');
    expect(optimizer.gradNorm()).toBeCloseTo(Math.sqrt(13), 6);
    expect(optimizer.iterations).toBe(1);
    optimizer.dispose();
    w.dispose();
  });

  it('N of an update whose gradients the caller freed right after it, as minimize does', () => {
    const w = tf.variable(tf.tensor([1, 1]), true, `freed-${kernel}/w`);
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 } }, { kernel });
    const g = tf.tensor([3, 4]);
    optimizer.applyGradients({ [w.name]: g });
    g.dispose();
    // N = √(9 + 16).
    expect(optimizer.gradNorm()).toBeCloseTo(5, 6);
    optimizer.dispose();
    w.dispose();
  });

  it('global-norm clipping across variables, N before clipping', () => {
    const a = tf.variable(tf.tensor([0]), true, `clip-${kernel}/a`);
    const b = tf.variable(tf.tensor([0]), true, `clip-${kernel}/b`);
    const optimizer = createOptimizer(
      { optimizer: { type: 'sgd', learningRate: 1 }, gradient: { clip: { type: 'global-norm', maxNorm: 1 } } },
      { kernel },
    );
    optimizer.applyGradients({ [a.name]: tf.tensor([3]), [b.name]: tf.tensor([4]) });
    const factor = 1 / (5 + 1e-6);
    expect(a.dataSync()[0]).toBeCloseTo(-3 * factor, 6);
    expect(b.dataSync()[0]).toBeCloseTo(-4 * factor, 6);
    expect(optimizer.gradNorm()).toBeCloseTo(5, 6);
    optimizer.dispose();
    tf.dispose([a, b]);
  });

  it('nonFinite "error" throws naming the variable and changes nothing; "skip" changes nothing but the count', async () => {
    const config = (nonFinite: 'error' | 'skip'): WeightDecayConfig => ({
      optimizer: { type: 'adam', learningRate: 0.01 },
      decay: [{ type: 'decoupled', rate: 0.1 }],
      gradient: { accumulate: 2, nonFinite },
    });
    for (const nonFinite of ['error', 'skip'] as const) {
      const a = tf.variable(tf.tensor([0.5, -0.5]), true, `nf-${nonFinite}-${kernel}/a`);
      const b = tf.variable(tf.tensor([2]), true, `nf-${nonFinite}-${kernel}/b`);
      const optimizer = createOptimizer(config(nonFinite), { kernel });
      for (let i = 0; i < 3; i++) optimizer.applyGradients({ [a.name]: tf.tensor([0.1 * i, 0.2]), [b.name]: tf.tensor([-0.3]) });
      const snapshot = () => optimizerSnapshot(optimizer, [a, b]);
      const before = await snapshot();
      const bad = { [a.name]: tf.tensor([0.1, 0.2]), [b.name]: tf.tensor([Number.NaN]) };
      if (nonFinite === 'error') {
        let thrown: unknown;
        try {
          optimizer.applyGradients(bad);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(NonFiniteGradientError);
        expect((thrown as NonFiniteGradientError).parameter).toBe(b.name);
        expect(await snapshot()).toEqual(before);
      } else {
        optimizer.applyGradients(bad);
        expect(optimizer.lastStatus()).toBe('skipped');
        expect(optimizer.skippedUpdates).toBe(1);
        const after = await snapshot();
        // The window held one micro-batch and is cleared; the skip count rises; nothing else moves.
        const expected = before.weights
          .filter(([name]) => !String(name).endsWith('/accumulator'))
          .map(([name, value]) => [name, name === '@gradient/microBatches' ? [0] : name === '@gradient/skippedUpdates' ? [1] : value]);
        expect(after).toEqual({ ...before, weights: expected });
      }
      optimizer.dispose();
      tf.dispose([a, b]);
    }
  });

  it('getWeights mid-window + setWeights into a new optimizer continues bit-identically', async () => {
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: 0.05 },
      decay: [{ type: 'decoupled', rate: 0.1 }],
      gradient: { accumulate: 3, clip: { type: 'global-norm', maxNorm: 0.05 }, nonFinite: 'skip' },
    };
    const grads = (i: number, names: string[]) => ({
      [names[0]]: tf.tensor([
        [0.1 * i, -0.2],
        [0.3, 0.05 * i],
      ]),
      [names[1]]: tf.tensor([0.2 - 0.1 * i]),
    });
    const make = (prefix: string) => [
      tf.variable(
        tf.tensor([
          [0.5, -0.5],
          [1, 0],
        ]),
        true,
        `${prefix}-${kernel}/kernel`,
      ),
      tf.variable(tf.tensor([0.25]), true, `${prefix}-${kernel}/bias`),
    ];
    const straight = make('straight');
    const straightOptimizer = createOptimizer(config, { kernel });
    for (let i = 0; i < 11; i++)
      straightOptimizer.applyGradients(
        grads(
          i,
          straight.map((v) => v.name),
        ),
      );

    const resumed = make('resumed');
    const names = resumed.map((v) => v.name);
    const first = createOptimizer(config, { kernel });
    for (let i = 0; i < 5; i++) first.applyGradients(grads(i, names));
    expect(first.microBatches).toBe(2);
    const saved = (await first.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    first.dispose();
    const second = createOptimizer(config, { kernel });
    await second.setWeights(saved);
    expect(second.microBatches).toBe(2);
    for (let i = 5; i < 11; i++) second.applyGradients(grads(i, names));
    expect(resumed.map((v) => Array.from(v.dataSync()))).toEqual(straight.map((v) => Array.from(v.dataSync())));
    expect(second.iterations).toBe(straightOptimizer.iterations);
    tf.dispose([...straight, ...resumed, ...saved.map((w) => w.tensor)]);
    straightOptimizer.dispose();
    second.dispose();
  });

  it('model.save(includeOptimizer) mid-window + tf.loadLayersModel continues bit-identically', async () => {
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: 0.05 },
      decay: [{ type: 'decoupled', rate: 0.1, params: { minRank: 2 } }],
      gradient: { accumulate: 3, clip: { type: 'global-norm', maxNorm: 0.05 }, nonFinite: 'skip' },
    };
    const { xs, ys } = data();
    const original = twoLayerModel();
    original.compile({ optimizer: createOptimizer(config, { kernel }), loss: 'meanSquaredError' });
    // 4 micro-batches: one update, and one micro-batch held.
    await original.fit(xs, ys, { epochs: 1, batchSize: 1, verbose: 0, shuffle: false });
    const originalOptimizer = original.optimizer as WeightDecayOptimizer;
    expect(originalOptimizer.iterations).toBe(1);
    expect(originalOptimizer.microBatches).toBe(1);

    const restored = await saveAndLoad(original);
    const restoredOptimizer = restored.optimizer as WeightDecayOptimizer;
    expect(restoredOptimizer.iterations).toBe(1);
    for (const model of [original, restored]) await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0, shuffle: false });
    const a = original.getWeights().map((w) => Array.from(w.dataSync()));
    const b = restored.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    expect(restoredOptimizer.iterations).toBe(originalOptimizer.iterations);
    expect(restoredOptimizer.microBatches).toBe(originalOptimizer.microBatches);
    expect(restoredOptimizer.gradNorm()).toBe(originalOptimizer.gradNorm());
    tf.dispose([xs, ys]);
    original.dispose();
    restored.dispose();
  });
});

describe('the metrics callback', () => {
  it('adds gradNorm and skippedUpdates to the logs', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, gradient: { nonFinite: 'skip' } });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    const history = await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0, callbacks: [decayMetricsCallback(optimizer)] });
    // loss = w², g = 2w: w = 1 → N = 2; then w = 0.8 → N = 1.6.
    expect(history.history.gradNorm).toEqual([2, expect.closeTo(1.6, 6)]);
    expect(history.history.skippedUpdates).toEqual([0, 0]);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('withWeightDecay with a gradient section', () => {
  it('clips and accumulates before the wrapped optimizer sees the gradients; its state saves and restores', async () => {
    const w = tf.variable(tf.tensor([0, 0]), true, 'wrapped-gradient/w');
    const wrapper = withWeightDecay(tf.train.sgd(1), [], { gradient: { accumulate: 2, clip: { type: 'value', maxValue: 1 } } });
    wrapper.applyGradients({ [w.name]: tf.tensor([3, -0.5]) });
    expect(Array.from(w.dataSync())).toEqual([0, 0]);
    const saved = await wrapper.getWeights();
    const copy = withWeightDecay(tf.train.sgd(1), [], { gradient: { accumulate: 2, clip: { type: 'value', maxValue: 1 } } });
    await copy.setWeights(saved);
    expect(copy.microBatches).toBe(1);
    wrapper.applyGradients({ [w.name]: tf.tensor([1, -0.5]) });
    // mean [2, −0.5], clipped to [1, −0.5]; SGD η = 1.
    expect(Array.from(w.dataSync())).toEqual([-1, 0.5]);
    expect(wrapper.gradNorm()).toBeCloseTo(Math.sqrt(4.25), 6);
    expect(wrapper.iterations).toBe(1);
    wrapper.dispose();
    copy.dispose();
    w.dispose();
  });

  it('refuses a bad gradient section with the path of the field', () => {
    expect(() => withWeightDecay(tf.train.sgd(1), [], { gradient: { accumulate: 0 } })).toThrow(/gradient\.accumulate/);
  });
});

describe('the tensor stage when some updates sum g² in their own pass', () => {
  // g_a = [3] (its update reports Σ = 9), g_b = [4, 12] (reduced here): N = √(9 + 16 + 144) = 13.
  const batch = () => [
    { name: 'a', variable: tf.variable(tf.tensor([0]), false), gradient: tf.tensor([3]) },
    { name: 'b', variable: tf.variable(tf.tensor([0, 0]), false), gradient: tf.tensor([4, 12]) },
  ];

  it('holds the other gradients, reduces them when N is first asked for, and adds the sums reported to it', async () => {
    const stage = createGradientStage({ accumulate: 1, nonFinite: 'propagate' }, 'tensor');
    const gradients = batch();
    const before = tf.memory().numTensors;
    // Inside tidy, as the optimizer runs it: no kernel runs; b's gradient is held (one tensor, no copy).
    let staged: StagedGradients | undefined;
    const { kernelNames } = await tf.profile(() =>
      tf.tidy(() => {
        staged = stage.take(gradients, { sumsInPass: [true, false] });
      }),
    );
    expect(kernelNames.filter((name) => name !== 'Identity')).toEqual([]);
    expect(tf.memory().numTensors).toBe(before + 1);
    staged?.addSumOfSquares?.(9);
    expect(stage.gradNorm()).toBeCloseTo(13, 12);
    // Asked once, N is kept as a number and the held gradient let go.
    expect(tf.memory().numTensors).toBe(before);
    expect(stage.gradNorm()).toBeCloseTo(13, 12);
    stage.dispose();
    tf.dispose(gradients.flatMap((g) => [g.variable, g.gradient]));
  });

  it('reduces every gradient itself when clip needs N before the update', () => {
    const stage = createGradientStage({ accumulate: 1, nonFinite: 'propagate', clip: { type: 'global-norm', maxNorm: 100 } }, 'tensor');
    const gradients = batch();
    const staged = stage.take(gradients, { sumsInPass: [true, false] });
    expect(staged.addSumOfSquares).toBeUndefined();
    expect(stage.gradNorm()).toBeCloseTo(13, 5);
    stage.dispose();
    tf.dispose([...gradients.flatMap((g) => [g.variable, g.gradient]), ...(staged.gradients as tf.Tensor[])]);
  });
});
