import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedRadamConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { radam } from './radam.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'radam', learningRate: 0.1, ...optimizer } }).optimizer as ResolvedRadamConfig;

/** One element's step from m = v = 0 at parameter step `step`, as the contract writes it. */
function stepFromZero(config: ResolvedRadamConfig, g: number, step: number) {
  const out = radam.step(float64Ops, radam.variantOf(config), g, [0, 0], radam.scalars(config, 0.1, step));
  return { delta: out.delta as number, m: out.slots[0] as number, v: out.slots[1] as number };
}

describe('radam', () => {
  it('the first update with the defaults is not rectified: ρ_∞ = 1999, ρ_1 = 1999 − 2·0.999/0.001 = 1, δ = η·m̂ = η·g', () => {
    const out = stepFromZero(configOf({}), 0.5, 0);
    expect(out.m).toBeCloseTo(0.05, 15);
    expect(out.v).toBeCloseTo(0.00025, 15);
    // m̂ = 0.05/(1 − 0.9) = 0.5; δ = 0.1·0.5, with no ε and no √v.
    expect(out.delta).toBeCloseTo(0.05, 14);
  });

  it('β2 = 0.9 switches to the rectified step between k = 5 (ρ_5 ≈ 4.58) and k = 6 (ρ_6 ≈ 5.39)', () => {
    // ρ_∞ = 2/0.1 − 1 = 19. ρ_5 = 19 − 10·0.9⁵/(1 − 0.9⁵) = 19 − 5.9049/0.40951 ≈ 4.580.
    const config = configOf({ beta2: 0.9 });
    const g = 2;
    const k5 = stepFromZero(config, g, 4);
    // Not rectified: δ = η·m/(1 − β1⁵), m = 0.1·g.
    expect(k5.delta).toBeCloseTo((0.1 * 0.2) / (1 - 0.9 ** 5), 14);
    // ρ_6 = 19 − 12·0.9⁶/(1 − 0.9⁶) = 19 − 6.377292/0.468559 ≈ 5.3896 > 5:
    // r = √((ρ−4)(ρ−2)ρ_∞/((ρ_∞−4)(ρ_∞−2)ρ)), δ = η·m̂·r·√(1−β2⁶)/(√v + ε), v = 0.1·g² = 0.4.
    const rho = 19 - (12 * 0.9 ** 6) / (1 - 0.9 ** 6);
    expect(rho).toBeCloseTo(5.3896, 4);
    const r = Math.sqrt(((rho - 4) * (rho - 2) * 19) / (15 * 17 * rho));
    // r = √(1.3896·3.3896·19/(255·5.3896)) = √(89.49/1374.3) ≈ 0.2552.
    expect(r).toBeCloseTo(0.2552, 4);
    const k6 = stepFromZero(config, g, 5);
    const mHat = 0.2 / (1 - 0.9 ** 6);
    expect(k6.delta).toBeCloseTo((0.1 * mHat * r * Math.sqrt(1 - 0.9 ** 6)) / (Math.sqrt(0.4) + 1e-8), 14);
  });

  it('η = 0 steps by exactly 0 in both branches', () => {
    const config = configOf({ beta2: 0.9 });
    for (const step of [0, 9]) {
      expect(radam.step(float64Ops, radam.variantOf(config), 0.5, [0.2, 0.3], radam.scalars(config, 0, step)).delta).toBe(0);
    }
  });
});
