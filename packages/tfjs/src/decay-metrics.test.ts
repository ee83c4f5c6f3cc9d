import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecayTerm } from '@weight-decay/core';
import { createOptimizer } from './create-optimizer.js';
import type { DecayOptimizerBase } from './decay-optimizer-base.js';
import { withWeightDecay } from './with-weight-decay.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const decay: DecayTerm[] = [
  { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
  { type: 'anchor', rate: 0.5, params: { names: ['metrics/b'] } },
];
const anchors = { 'metrics/b': [0, 1] };
const makers: Array<[string, () => DecayOptimizerBase]> = [
  [
    'createOptimizer, state in arrays',
    () => createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay }, { anchors, kernel: 'kernel' }),
  ],
  [
    'createOptimizer, state in tensors',
    () => createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay }, { anchors, kernel: 'tensor' }),
  ],
  ['withWeightDecay(tf.train.sgd)', () => withWeightDecay(tf.train.sgd(0.1), decay, { anchors })],
];

describe.each(makers)('decay metrics of %s', (_label, make) => {
  it('decoupled shrink, coupled penalty, zero fraction over all and over decayed weights, by hand', () => {
    // SGD η = 0.1: decoupled λ = 0.1 on rank ≥ 2 (k) → c = 0.01; anchor λ = 0.5 on b → c = 0.05, θ₀ = [0, 1]; u is not decayed.
    const k = tf.variable(
      tf.tensor2d([
        [3, 0],
        [-4, 0],
      ]),
      true,
      'metrics/k',
    );
    const b = tf.variable(tf.tensor1d([0, 5]), true, 'metrics/b');
    const u = tf.variable(tf.tensor1d([0, 0]), true, 'metrics/u');
    const opt = make();
    // Δ_k = 0.01·[3, 0, −4, 0], Δ_b = 0.05·([0, 5] − [0, 1]) = [0, 0.2]: ‖Δ‖ = √(0.0009 + 0.0016 + 0.04) = √0.0425.
    expect(opt.decoupledShrink([k, b, u])).toBeCloseTo(Math.sqrt(0.0425), 6);
    expect(opt.penalty([k, b, u])).toBe(0); // no l1/l2 term: 0 by definition
    // Zeros: 2 of k, 1 of b, 2 of u → 5/8 over all; over k and b (decayed) 3/6.
    expect(opt.zeroFraction([k, b, u])).toBe(5 / 8);
    expect(opt.decayedZeroFraction([k, b, u])).toBe(3 / 6);

    // One update with g = 0: k ← 0.99·k; b ← b − 0.05·(b − θ₀) = [0, 4.8].
    // Δ_k = 0.01·0.99·[3, 0, −4, 0] (Σ² = 0.0099²·25 = 0.00245025), Δ_b = 0.05·[0, 3.8] (Σ² = 0.0361).
    const zeros = [k, b, u].map((v) => ({ name: v.name, tensor: tf.zerosLike(v) }));
    opt.applyGradients(zeros);
    expect(opt.decoupledShrink()).toBeCloseTo(Math.sqrt(0.00245025 + 0.0361), 6);
    expect(opt.decayedZeroFraction()).toBe(3 / 6);
    expect(opt.zeroFraction()).toBe(5 / 8);
    tf.dispose(zeros.map((z) => z.tensor));
    opt.dispose();
    tf.dispose([k, b, u]);
  });
});

describe('decay metrics under AdamW', () => {
  it('the coupled penalty is 0 and the decoupled shrink is η·λ·‖θ‖ of the decayed weights', () => {
    // AdamW η = 0.01, λ = 0.1 on w only: c = 0.001, ‖w‖ = 5 → 0.005. The bias is neither decayed nor counted.
    const w = tf.variable(tf.tensor1d([3, 4]), true, 'adamw/w');
    const bias = tf.variable(tf.tensor1d([7]), true, 'adamw/bias');
    const opt = createOptimizer({
      optimizer: { type: 'adam', learningRate: 0.01 },
      decay: [{ type: 'decoupled', rate: 0.1, params: { exclude: ['**/bias'] } }],
    });
    expect(opt.penalty([w, bias])).toBe(0);
    expect(opt.decoupledShrink([w, bias])).toBeCloseTo(0.005, 8);
    opt.dispose();
    tf.dispose([w, bias]);
  });
});
