import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedRmspropConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { rmsprop } from './rmsprop.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'rmsprop', learningRate: 0.01, ...optimizer } }).optimizer as ResolvedRmspropConfig;

describe('rmsprop', () => {
  it('plain: s = α·s + (1−α)·g², δ = η·g/(√s + ε)', () => {
    // α = 0.99, g = 2, s₀ = 0: s = 0.04, √s = 0.2; δ = 0.01·2/(0.2 + 1e-8).
    const config = configOf({});
    const out = rmsprop.step(float64Ops, rmsprop.variantOf(config), 2, [0], rmsprop.scalars(config, 0.01, 0));
    expect(out.slots[0]).toBeCloseTo(0.04, 15);
    expect(out.delta).toBeCloseTo((0.01 * 2) / (0.2 + 1e-8), 14);
    expect(out.direction).toBe(2);
  });

  it('centered with momentum: den = √(s − a²) + ε, b = μ·b + g/den, δ = η·b', () => {
    // α = 0.5, μ = 0.5, g = 1 from zeros: s = 0.5, a = 0.5, den = √(0.5 − 0.25) + 1e-8 = 0.5 + 1e-8, b = 1/den.
    const config = configOf({ alpha: 0.5, centered: true, momentum: 0.5 });
    const variant = rmsprop.variantOf(config);
    expect(rmsprop.slotNames(variant)).toEqual(['squareAverage', 'gradAverage', 'momentum']);
    const out = rmsprop.step(float64Ops, variant, 1, [0, 0, 0], rmsprop.scalars(config, 0.01, 0));
    expect(out.slots).toEqual([0.5, 0.5, 1 / (0.5 + 1e-8)]);
    expect(out.delta).toBeCloseTo(0.01 / (0.5 + 1e-8), 14);
  });
});
