import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedAdamConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { adam } from './adam.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'adam', learningRate: 0.1, ...optimizer } }).optimizer as ResolvedAdamConfig;

describe('adam', () => {
  it('the first update: m̂ = g, v̂ = g², δ = η·g/(|g| + ε)', () => {
    // k = 1: m = 0.1·g, v = 0.001·g²; bias corrections 1/(1−0.9) and 1/√(1−0.999) give m̂ = g, v̂ = g².
    const config = configOf({});
    // Step size s = η/(1−β1) = 1; the denominator √v·a + b with a = 1/(s·√(1−β2)), b = ε/s.
    const s = adam.scalars(config, 0.1, 0);
    expect(s.denominatorScale).toBeCloseTo(1 / Math.sqrt(0.001), 9);
    expect(s.denominatorShift).toBeCloseTo(1e-8, 20);
    const out = adam.step(float64Ops, adam.variantOf(config), 0.5, [0, 0], s);
    expect(out.slots[0]).toBeCloseTo(0.05, 15);
    expect(out.slots[1]).toBeCloseTo(0.00025, 15);
    expect(out.delta).toBeCloseTo(0.1 * (0.5 / (0.5 + 1e-8)), 12);
    expect(out.direction).toBe(out.slots[0]);
  });

  it('the bias corrections follow the parameter step k = t + 1', () => {
    // t = 2 (third update): s = η/(1 − 0.9³); a = 1/(s·√(1 − 0.999³)), b = ε/s.
    const s = adam.scalars(configOf({}), 0.1, 2);
    const stepSize = 0.1 / (1 - 0.9 ** 3);
    expect(s.denominatorScale).toBeCloseTo(1 / (stepSize * Math.sqrt(1 - 0.999 ** 3)), 9);
    expect(s.denominatorShift / 1e-8).toBeCloseTo(1 / stepSize, 12);
  });

  it('η = 0 steps by exactly 0', () => {
    const config = configOf({});
    const out = adam.step(float64Ops, adam.variantOf(config), 0.5, [0.2, 0.3], adam.scalars(config, 0, 4));
    expect(out.delta).toBe(0);
  });

  it('amsgrad keeps the maximum of the raw v as a third slot', () => {
    // vMax = 0.5 > v = 0.999·0 + 0.001·1 = 0.001: the denominator uses 0.5 and vMax stays 0.5.
    const config = configOf({ amsgrad: true });
    const variant = adam.variantOf(config);
    expect(adam.slotNames(variant)).toEqual(['m', 'v', 'vMax']);
    const out = adam.step(float64Ops, variant, 1, [0, 0, 0.5], adam.scalars(config, 0.1, 0));
    expect(out.slots[2]).toBe(0.5);
    expect(out.slots[1]).toBeCloseTo(0.001, 15);
  });
});
