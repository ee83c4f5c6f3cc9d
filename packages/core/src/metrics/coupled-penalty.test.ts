import { describe, expect, it } from 'vitest';
import { ParameterError, parseConfig, resolveConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import { coupledPenalty } from './coupled-penalty.js';

const specs = [
  { name: 'w', shape: [2] },
  { name: 'b', shape: [1] },
];
const params = { w: [1, -2], b: [3] };

function penalty(decay: unknown[], t = 0): number {
  const config = parseConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay });
  return coupledPenalty(config, planDecay(config, specs), params, t);
}

describe('coupledPenalty', () => {
  it('l2 is λ/2·Σθ²', () => {
    // 0.5/2·(1 + 4 + 9) = 3.5
    expect(penalty([{ type: 'l2', rate: 0.5 }])).toBe(3.5);
  });

  it('l1 is λ·Σ|θ|, for the subgradient and the proximal method alike', () => {
    // 0.1·(1 + 2 + 3) = 0.6 each.
    expect(penalty([{ type: 'l1', rate: 0.1 }])).toBeCloseTo(0.6, 15);
    expect(penalty([{ type: 'l1', method: 'proximal', rate: 0.1 }])).toBeCloseTo(0.6, 15);
  });

  it('decoupled and anchor terms add nothing; terms sum over their own parameters', () => {
    // l2 on w only: 1/2·(1 + 4) = 2.5; l1 on b only: 2·3 = 6.
    expect(
      penalty([
        { type: 'decoupled', rate: 1 },
        { type: 'anchor', rate: 1 },
        { type: 'l2', rate: 1, params: { names: ['w'] } },
        { type: 'l1', rate: 2, params: { include: ['b'] } },
      ]),
    ).toBe(8.5);
  });

  it('evaluates a scheduled rate at t, unscaled by the learning rate', () => {
    // λ₀ = 1 → 1/2·14 = 7; λ₁ = 0.5 → 3.5.
    const rate = { type: 'piecewise', boundaries: [1], values: [1, 0.5] };
    expect(penalty([{ type: 'l2', rate }], 0)).toBe(7);
    expect(penalty([{ type: 'l2', rate }], 1)).toBe(3.5);
  });

  it('names a missing parameter', () => {
    const config = resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 1 }] });
    expect(() => coupledPenalty(config, planDecay(config, specs), { w: [1, 2] }, 0)).toThrow(ParameterError);
  });
});
