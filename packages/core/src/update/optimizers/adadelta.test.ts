import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedAdadeltaConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { adadelta } from './adadelta.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'adadelta', ...optimizer } }).optimizer as ResolvedAdadeltaConfig;

describe('adadelta', () => {
  it('defaults as PyTorch: learningRate 1, rho 0.9, epsilon 1e-6', () => {
    expect(configOf({})).toEqual({ type: 'adadelta', learningRate: 1, rho: 0.9, epsilon: 1e-6 });
  });

  it('v ← ρv + (1−ρ)g²; u = √(a + ε)/√(v + ε)·g; a ← ρa + (1−ρ)u²; δ = η·u', () => {
    // ρ = 0.5, ε = 0.25, η = 1 (the default), values chosen so every root is exact:
    // element 0: g = 1, v = 0.5·0.5 + 0.5·1 = 0.75, √(v+ε) = 1; a = 3.75, √(a+ε) = 2; u = 2; a' = 1.875 + 0.5·4 = 3.875.
    // element 1: g = −0.5, v = 0.5·1.25 + 0.5·0.25 = 0.75, √(v+ε) = 1; a = 0.75, √(a+ε) = 1; u = −0.5; a' = 0.375 + 0.125 = 0.5.
    const config = configOf({ rho: 0.5, epsilon: 0.25 });
    const out = adadelta.step(
      float64Ops,
      adadelta.variantOf(config),
      Float64Array.of(1, -0.5),
      [Float64Array.of(0.5, 1.25), Float64Array.of(3.75, 0.75)],
      adadelta.scalars(config, config.learningRate as number, 0),
    );
    expect(Array.from(out.slots[0] as Float64Array)).toEqual([0.75, 0.75]);
    expect(Array.from(out.slots[1] as Float64Array)).toEqual([3.875, 0.5]);
    expect(Array.from(out.delta as Float64Array)).toEqual([2, -0.5]);
  });

  it('the learning rate scales u', () => {
    // The same first element with η = 0.25: δ = 0.25·2.
    const config = configOf({ rho: 0.5, epsilon: 0.25, learningRate: 0.25 });
    const out = adadelta.step(float64Ops, adadelta.variantOf(config), 1, [0.5, 3.75], adadelta.scalars(config, 0.25, 3));
    expect(out.delta).toBe(0.5);
  });

  it('rho = 1 keeps both averages at 0 and steps by η·g', () => {
    // v = 1·0 + 0·g² = 0 and a = 0: u = √ε/√ε·g = g.
    const config = configOf({ rho: 1, learningRate: 0.1 });
    const out = adadelta.step(float64Ops, adadelta.variantOf(config), 0.75, [0, 0], adadelta.scalars(config, 0.1, 0));
    expect(out.slots).toEqual([0, 0]);
    expect(out.delta).toBeCloseTo(0.075, 15);
  });
});
