import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedNadamConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { nadam } from './nadam.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'nadam', learningRate: 0.1, ...optimizer } }).optimizer as ResolvedNadamConfig;

describe('nadam', () => {
  it('defaults as PyTorch: beta1 0.9, beta2 0.999, epsilon 1e-8, momentumDecay 0.004', () => {
    expect(configOf({})).toEqual({ type: 'nadam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 0.004 });
  });

  it('ψ = 0 holds μ at β1/2: the first update with c1 = (1−μ)/(1−P_1) = 1 and c2 = μ/(1 − μ²)', () => {
    // μ_k = 0.9·(1 − ½·0.96⁰) = 0.45 for every k; P_1 = 0.45.
    const config = configOf({ momentumDecay: 0 });
    const s = nadam.scalars(config, 0.1, 0);
    expect(s.gradientCoefficient).toBe(1);
    expect(s.momentumCoefficient).toBeCloseTo(0.45 / 0.7975, 15);
    // g = 0.5: m = 0.05, v = 0.00025, √(v/(1−0.999)) = 0.5, d = 0.5 + 1e-8;
    // δ = η·(1·g + c2·m)/d = 0.1·(0.5 + 0.05·0.45/0.7975)/(0.5 + 1e-8).
    const out = nadam.step(float64Ops, nadam.variantOf(config), 0.5, [0, 0], s);
    expect(out.slots[0]).toBeCloseTo(0.05, 15);
    expect(out.slots[1]).toBeCloseTo(0.00025, 15);
    expect(out.delta).toBeCloseTo((0.1 * (0.5 + (0.05 * 0.45) / 0.7975)) / (0.5 + 1e-8), 12);
  });

  it('the second denominator is 1 − P_k·μ_{k+1} (PyTorch ≥ 2.0), not 1.13’s 1 − P_k·μ_k·μ_{k+1}', () => {
    // ψ = 0, k = 2: P_2 = 0.45² = 0.2025; c1 = 0.55/(1 − 0.2025); c2 = 0.45/(1 − 0.2025·0.45) = 0.45/0.908875.
    const s = nadam.scalars(configOf({ momentumDecay: 0 }), 0.1, 1);
    expect(s.gradientCoefficient).toBeCloseTo(0.55 / 0.7975, 15);
    expect(s.momentumCoefficient).toBeCloseTo(0.45 / 0.908875, 15);
    // PyTorch 1.13 would give 0.45/(1 − 0.2025·0.45·0.45) = 0.45/0.95899375.
    expect(Math.abs(s.momentumCoefficient - 0.45 / 0.95899375)).toBeGreaterThan(0.02);
  });

  it('P_k is the product of the momentum schedule over the parameter’s own updates, whatever was asked before', () => {
    // ψ = 0.5 makes the schedule move fast: μ_i = 0.9·(1 − ½·0.96^(i/2)).
    const config = configOf({ momentumDecay: 0.5 });
    const mu = (i: number) => 0.9 * (1 - 0.5 * 0.96 ** (i * 0.5));
    const p3 = mu(1) * mu(2) * mu(3);
    const expected = { c1: (1 - mu(3)) / (1 - p3), c2: mu(4) / (1 - p3 * mu(4)) };
    // Asked out of order (k = 10, then 3, then 3 again): the same numbers each time.
    nadam.scalars(config, 0.1, 9);
    for (let repeat = 0; repeat < 2; repeat++) {
      const s = nadam.scalars(config, 0.1, 2);
      expect(s.gradientCoefficient).toBeCloseTo(expected.c1, 14);
      expect(s.momentumCoefficient).toBeCloseTo(expected.c2, 14);
    }
  });

  it('the direction is c1·g + c2·m, which can oppose m', () => {
    // ψ = 0, k = 1: c1 = 1, c2 = 0.45/0.7975 ≈ 0.564. m_prev = 1, g = −1: m = 0.9 − 0.1 = 0.8 > 0,
    // but c1·g + c2·m ≈ −1 + 0.451 < 0: u points the other way from m.
    const config = configOf({ momentumDecay: 0 });
    const out = nadam.step(float64Ops, nadam.variantOf(config), -1, [1, 1], nadam.scalars(config, 0.1, 0));
    expect(out.slots[0]).toBeCloseTo(0.8, 15);
    expect(out.direction).toBeCloseTo(-1 + (0.45 / 0.7975) * 0.8, 14);
    expect(out.delta as number).toBeLessThan(0);
  });

  it('η = 0 steps by exactly 0', () => {
    const config = configOf({});
    expect(nadam.step(float64Ops, nadam.variantOf(config), 0.5, [0.2, 0.3], nadam.scalars(config, 0, 4)).delta).toBe(0);
  });
});
