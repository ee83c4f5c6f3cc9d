import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedSgdConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { sgd } from './sgd.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1, ...optimizer } }).optimizer as ResolvedSgdConfig;

/** One step of the definition on numbers, as the program would call it. */
function step(config: ResolvedSgdConfig, g: number, slots: number[], parameterStep: number) {
  const scalars = sgd.scalars(config, 0.1, parameterStep);
  return sgd.step(float64Ops, sgd.variantOf(config), g, slots, scalars);
}

describe('sgd', () => {
  it('plain: δ = η·g, direction g, no slots', () => {
    // η = 0.1, g = 0.5: δ = 0.05.
    const out = step(configOf({}), 0.5, [], 0);
    expect(out).toEqual({ direction: 0.5, delta: 0.1 * 0.5, slots: [] });
    expect(sgd.slotNames(sgd.variantOf(configOf({})))).toEqual([]);
  });

  it('momentum: the first buffer is g itself, later μ·b + (1−τ)·g', () => {
    // μ = 0.9, τ = 0.5. First update: b = g = 0.5 (no dampening, PyTorch clones g).
    const config = configOf({ momentum: 0.9, dampening: 0.5 });
    expect(step(config, 0.5, [0], 0).slots).toEqual([0.5]);
    // Second update from b = 0.5 with g = 1: 0.9·0.5 + 0.5·1 = 0.95; δ = 0.1·0.95.
    const later = step(config, 1, [0.5], 1);
    expect(later.slots[0]).toBeCloseTo(0.95, 15);
    expect(later.delta).toBeCloseTo(0.095, 15);
  });

  it('nesterov: u = g + μ·b', () => {
    // μ = 0.9, b = 0.5 after the first update with g = 0.5: u = 0.5 + 0.45 = 0.95.
    const out = step(configOf({ momentum: 0.9, nesterov: true }), 0.5, [0], 0);
    expect(out.direction).toBeCloseTo(0.95, 15);
    expect(out.delta).toBeCloseTo(0.095, 15);
  });
});
