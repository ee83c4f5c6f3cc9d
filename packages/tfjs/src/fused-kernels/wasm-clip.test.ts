import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NonFiniteGradientError } from '@weight-decay/core';
import type { WeightDecayConfig } from '@weight-decay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../create-optimizer.js';
import { optimizerSnapshot } from '../__fixtures__/optimizer-snapshot.js';

// The global-norm clip on the fused wasm path: N from the module's Σg² (float64, two lanes), the factor
// multiplied into g in the update's pass and rounded to float32. Core's array gradient stage does the same
// arithmetic (`kernel: 'kernel'`: N in float64, clipInto rounds g·factor to float32), so the same bits; the
// op-by-op path computes N, the factor and g·factor in float32 tfjs ops, so within float32 rounding (rtol 1e-5).

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

const clipped = (gradient: WeightDecayConfig['gradient'] = {}): WeightDecayConfig => ({
  optimizer: { type: 'adam', learningRate: 0.05 },
  decay: [{ type: 'decoupled', rate: 0.1 }],
  gradient: { clip: { type: 'global-norm', maxNorm: 0.5 }, ...gradient },
  average: { type: 'ema', decay: 0.5 },
});
// Σg² of each call: 0.3² + 0.2² + 0.1² + 0.6² = 0.5 (N ≈ 0.707, clipped), 0.01 + 0.04 + 0.09 + 0.01 = 0.15 (not).
const calls = [
  { a: [0.3, -0.2, 0.1], b: [0.6] },
  { a: [0.1, 0.2, -0.3], b: [-0.1] },
  { a: [-0.5, 1.5, 0.25], b: [2] },
];

type Kernel = 'auto' | 'tensor' | 'kernel';

async function train(config: WeightDecayConfig, kernel: Kernel, prefix: string) {
  const a = tf.variable(tf.tensor([0.5, -1, 2]), true, `${prefix}/a`);
  const b = tf.variable(tf.tensor([0.25]), true, `${prefix}/b`);
  const optimizer = createOptimizer(config, { kernel });
  const norms: (number | undefined)[] = [];
  const kernels: string[][] = [];
  for (const call of calls) {
    const grads = { [a.name]: tf.tensor(call.a), [b.name]: tf.tensor(call.b) };
    kernels.push((await tf.profile(() => optimizer.applyGradients(grads))).kernelNames.filter((k) => k !== 'Fill'));
    tf.dispose(Object.values(grads));
    norms.push(optimizer.gradNorm());
  }
  const values = [Array.from(a.dataSync()), Array.from(b.dataSync())];
  for (const { tensor } of (await optimizer.getWeights()).slice(1)) values.push(Array.from(tensor.dataSync()));
  optimizer.dispose();
  tf.dispose([a, b]);
  return { norms, kernels, values };
}

const close = (actual: readonly number[], expected: readonly number[]): void =>
  actual.forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]) + 1e-7));

describe('the global-norm clip in the fused wasm pass', () => {
  for (const accumulate of [1, 2]) {
    it(`gives the array path's bits and the op-by-op path's values, with no tfjs kernel (accumulate ${accumulate})`, async () => {
      const config = clipped({ accumulate });
      const fused = await train(config, 'auto', `clip-fused-${accumulate}`);
      const arrays = await train(config, 'kernel', `clip-arrays-${accumulate}`);
      const opByOp = await train(config, 'tensor', `clip-ops-${accumulate}`);
      expect(fused.values).toEqual(arrays.values);
      expect(fused.norms).toEqual(arrays.norms);
      fused.values.forEach((x, k) => close(x, opByOp.values[k]));
      // No N before the first update (accumulate 2: the first call only accumulates).
      expect(fused.norms.map((n) => n === undefined)).toEqual(opByOp.norms.map((n) => n === undefined));
      close(
        fused.norms.filter((n) => n !== undefined),
        opByOp.norms.filter((n) => n !== undefined),
      );
      if (accumulate === 1) {
        // N of the first call, by hand: √0.5, so that update was clipped.
        expect(fused.norms[0]).toBeCloseTo(Math.SQRT1_2, 7);
        // Neither N nor the clip nor the update runs a tfjs kernel.
        expect(fused.kernels).toEqual([[], [], []]);
      } else {
        // The window mean is tfjs ops (the sum, then the division by 2, at the closing call; profile lists each kernel once).
        expect(fused.kernels[1]).toEqual(['Add', 'RealDiv']);
      }
      expect(opByOp.kernels[accumulate - 1]).toEqual(expect.arrayContaining(['Square', 'Sum', 'Sqrt', 'Minimum']));
    });
  }

  it('where compiling is refused, clips with the same bits over views onto the heap', async () => {
    type Api = { Module: new (bytes: Uint8Array) => object; CompileError: new (message: string) => Error };
    const api = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;
    const original = api.Module;
    api.Module = function refuse(): never {
      throw new api.CompileError('refused by the test');
    } as unknown as typeof api.Module;
    let refused: Awaited<ReturnType<typeof train>>;
    try {
      refused = await train(clipped(), 'auto', 'clip-refused');
    } finally {
      api.Module = original;
    }
    const arrays = await train(clipped(), 'kernel', 'clip-refused-arrays');
    expect(refused.values).toEqual(arrays.values);
    expect(refused.norms).toEqual(arrays.norms);
  });

  it('nonFinite "error" throws naming the variable and changes nothing; "skip" changes nothing but the count', async () => {
    for (const nonFinite of ['error', 'skip'] as const) {
      const a = tf.variable(tf.tensor([0.5, -0.5]), true, `clip-nf-${nonFinite}/a`);
      const b = tf.variable(tf.tensor([2]), true, `clip-nf-${nonFinite}/b`);
      const optimizer = createOptimizer(clipped({ nonFinite }));
      optimizer.applyGradients({ [a.name]: tf.tensor([0.1, 0.2]), [b.name]: tf.tensor([-0.3]) });
      const norm = optimizer.gradNorm();
      const snapshot = () => optimizerSnapshot(optimizer, [a, b]);
      const before = await snapshot();
      const bad = { [a.name]: tf.tensor([0.1, 0.2]), [b.name]: tf.tensor([Number.NaN]) };
      if (nonFinite === 'error') {
        expect(() => optimizer.applyGradients(bad)).toThrow(NonFiniteGradientError);
        expect(await snapshot()).toEqual(before);
      } else {
        optimizer.applyGradients(bad);
        expect(optimizer.lastStatus()).toBe('skipped');
        expect(optimizer.skippedUpdates).toBe(1);
        const after = await snapshot();
        expect(after.params).toEqual(before.params);
        expect(after.weights.filter(([name]) => name !== '@gradient/skippedUpdates')).toEqual(
          before.weights.filter(([name]) => name !== '@gradient/skippedUpdates'),
        );
      }
      // N stays the last update's.
      expect(optimizer.gradNorm()).toBe(norm);
      optimizer.dispose();
      tf.dispose([a, b, ...Object.values(bad)]);
    }
  });
});
