import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../create-optimizer.js';
import type { WeightDecayOptimizer } from '../weight-decay-optimizer.js';
import { withAveragedWeights } from '../with-averaged-weights.js';
import type { WeightDecayConfig } from '@weight-decay/core';
import { updateGradients } from '../__fixtures__/update-gradients.js';

// Weight averaging in the fused wasm pass (runFusedUpdate with `average`) against the two other paths on
// the same backend: core's float32 JS loop over arrays (`kernel: 'kernel'`), which runs the same traced
// program (AdamW: the same decay variant), so the same bits; and the op-by-op tfjs ops (`kernel: 'tensor'`),
// whose average is keep·A + take·θ in float32 ops on the rounded θ_{t+1} (the fused pass computes it in
// float64 from the unrounded θ_{t+1} and rounds once), so within float32 rounding (rtol 1e-5) over a few steps.

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

const averages = {
  ema: { type: 'ema', decay: 0.75 },
  // Updates 1 and 2 leave the average untouched; 3, 4 and 5 are averaged.
  'uniform from start 2': { type: 'uniform', start: 2 },
} as const;
const grads = updateGradients;
const initial = [0.5, -1, 2, 0.01];

type Kernel = 'auto' | 'tensor' | 'kernel';

interface Run {
  optimizer: WeightDecayOptimizer;
  w: tf.Variable;
  /** θ, then each weight getWeights gives (by name, the variable's prefix dropped). */
  snapshots: Map<string, number[]>[];
  kernels: string[][];
}

async function snapshot(run: Omit<Run, 'snapshots' | 'kernels'>): Promise<Map<string, number[]>> {
  const values = new Map([['theta', Array.from(run.w.dataSync())]]);
  for (const { name, tensor } of await run.optimizer.getWeights())
    values.set(name.replace(`${run.w.name}/`, ''), Array.from(tensor.dataSync()));
  return values;
}

async function train(config: WeightDecayConfig, kernel: Kernel, name: string, steps = grads.length): Promise<Run> {
  const w = tf.variable(tf.tensor(initial), true, name);
  const optimizer = createOptimizer(config, { kernel });
  const run: Run = { optimizer, w, snapshots: [], kernels: [] };
  for (const g of grads.slice(0, steps)) {
    const gradient = tf.tensor(g);
    run.kernels.push((await tf.profile(() => optimizer.applyGradients({ [w.name]: gradient }))).kernelNames);
    gradient.dispose();
    run.snapshots.push(await snapshot(run));
  }
  return run;
}

const close = (actual: readonly number[], expected: readonly number[]): void =>
  actual.forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]) + 1e-7));

function dispose(...runs: Run[]): void {
  for (const run of runs) {
    run.optimizer.dispose();
    run.w.dispose();
  }
}

describe('the fused wasm kernel with an average', () => {
  for (const [label, average] of Object.entries(averages)) {
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: 0.05 },
      decay: [{ type: 'decoupled', rate: 0.1 }],
      average,
    };

    it(`takes the average in its pass (${label}): the array path's bits, the op-by-op path's values`, async () => {
      const fused = await train(config, 'auto', `avg-fused/${label}`);
      const arrays = await train(config, 'kernel', `avg-arrays/${label}`);
      const opByOp = await train(config, 'tensor', `avg-ops/${label}`);
      // The fused path runs no tfjs kernel for the update, the average or N (the module sums g² in its pass;
      // Fill makes the slots and the average's initial zeros, once).
      for (const kernels of fused.kernels) expect(kernels.filter((k) => k !== 'Fill')).toEqual([]);
      fused.snapshots.forEach((values, step) => {
        expect([...values.keys()]).toEqual([...opByOp.snapshots[step].keys()]);
        for (const [key, x] of values) {
          expect(x, `${key} after update ${step + 1}`).toEqual(arrays.snapshots[step].get(key));
          close(x, opByOp.snapshots[step].get(key) as number[]);
        }
      });
      const held = (run: Run, step: number) => run.snapshots[step].get('average');
      if (average.type === 'uniform') {
        // No average before update start + 1; then the plain mean of θ_3, θ_4, θ_5 (hand-checked from θ).
        expect(held(fused, 0)).toBeUndefined();
        expect(held(fused, 1)).toBeUndefined();
        expect(held(fused, 2)).toEqual(fused.snapshots[2].get('theta'));
        const mean = initial.map(
          (_, i) => [2, 3, 4].reduce((sum, step) => sum + (fused.snapshots[step].get('theta') as number[])[i], 0) / 3,
        );
        close(held(fused, 4) as number[], mean);
      } else {
        // A₁ = θ₁, then A ← 0.75·A + 0.25·θ.
        expect(held(fused, 0)).toEqual(fused.snapshots[0].get('theta'));
        const theta = (step: number) => fused.snapshots[step].get('theta') as number[];
        close(
          held(fused, 1) as number[],
          theta(0).map((a, i) => 0.75 * a + 0.25 * theta(1)[i]),
        );
      }
      dispose(fused, arrays, opByOp);
    });
  }

  it('saves and restores the averaged state (average, averaged count) and continues bit for bit', async () => {
    const config: WeightDecayConfig = { optimizer: { type: 'adam', learningRate: 0.05 }, average: averages['uniform from start 2'] };
    const straight = await train(config, 'auto', 'avg-resume/straight');
    const first = await train(config, 'auto', 'avg-resume/resumed', 3);
    const saved = await first.optimizer.getWeights();
    expect(saved.find((w) => w.name === 'avg-resume/resumed/averaged')?.tensor.dataSync()[0]).toBe(1);
    const resumed = createOptimizer(config);
    await resumed.setWeights(saved.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })));
    first.optimizer.dispose();
    for (const g of grads.slice(3)) {
      const gradient = tf.tensor(g);
      resumed.applyGradients({ [first.w.name]: gradient });
      gradient.dispose();
    }
    const after = await snapshot({ optimizer: resumed, w: first.w });
    expect(after).toEqual(straight.snapshots[grads.length - 1]);
    // The averaged weights swap in and out; a swap back restores θ bit for bit.
    const averaged = await withAveragedWeights(resumed, () => Array.from(first.w.dataSync()));
    expect(averaged).toEqual(after.get('average'));
    expect(Array.from(first.w.dataSync())).toEqual(after.get('theta'));
    resumed.dispose();
    first.w.dispose();
    dispose(straight);
  });

  it('predicts and evaluates with the average each fit left', async () => {
    // Loss w² through a dense kernel (x = 1): predict(1) is the kernel, so with the averaged weights in
    // place it is the average itself, which each fit moves.
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
    const optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, average: { type: 'ema', decay: 0.5 } });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    for (let round = 0; round < 3; round++) {
      await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0 });
      const average = (await optimizer.getWeights()).find((w) => w.name.endsWith('/average'))?.tensor.dataSync()[0] as number;
      const [predicted, loss] = await withAveragedWeights(model, () => [
        (model.predict(xs) as tf.Tensor).dataSync()[0],
        (model.evaluate(xs, ys) as tf.Scalar).dataSync()[0],
      ]);
      expect(predicted).toBe(average);
      expect(loss).toBe(Math.fround(average * average));
      expect((model.predict(xs) as tf.Tensor).dataSync()[0]).toBe(model.getWeights()[0].dataSync()[0]);
    }
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
