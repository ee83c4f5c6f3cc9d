import { describe, expect, it } from 'vitest';
import { ParameterError, parseConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import { createUpdater } from '../update/index.js';
import { coupledPenalty } from './coupled-penalty.js';
import { decoupledShrink } from './decoupled-shrink.js';

const specs = [
  { name: 'w', shape: [2] },
  { name: 'b', shape: [1] },
];
const params = { w: [3, -4], b: [2] };

function shrink(optimizer: unknown, decay: unknown[], t = 0, anchors = {}): number {
  const config = parseConfig({ optimizer, decay });
  return decoupledShrink(config, planDecay(config, specs), params, t, anchors);
}

describe('decoupledShrink', () => {
  it('AdamW: η·λ·‖θ‖ over the decayed parameters, where the coupled penalty is 0 by definition', () => {
    // c = s·λ = η·λ = 0.1·0.01 = 0.001 (scaling learning-rate); Δ = 0.001·θ → 0.001·√(9 + 16 + 4) = 0.001·√29.
    const config = parseConfig({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.01 }] });
    const plan = planDecay(config, specs);
    expect(decoupledShrink(config, plan, params, 0)).toBeCloseTo(0.001 * Math.sqrt(29), 15);
    expect(coupledPenalty(config, plan, params, 0)).toBe(0);
  });

  it('adds anchor terms as c·(θ − θ₀), summed with decoupled terms per element; an unknown θ₀ adds nothing', () => {
    // SGD η = 0.1. anchor λ = 0.5 → c = 0.05 on w and b; decoupled λ = 0.1 → c = 0.01 on w only.
    // θ₀ of w = [1, −4]; b has none yet. Δ_w = 0.01·[3, −4] + 0.05·([3, −4] − [1, −4]) = [0.13, −0.04]; Δ_b = 0.
    // ‖Δ‖ = √(0.0169 + 0.0016) = √0.0185.
    const value = shrink(
      { type: 'sgd', learningRate: 0.1 },
      [
        { type: 'anchor', rate: 0.5 },
        { type: 'decoupled', rate: 0.1, params: { names: ['w'] } },
      ],
      0,
      { w: [1, -4] },
    );
    expect(value).toBeCloseTo(Math.sqrt(0.0185), 15);
  });

  it('evaluates schedules at t; counts cautious terms in full (an upper bound); ignores coupled terms', () => {
    // scaling none: c = λ_t, 0.2 at t = 0 and 0.1 from t = 1 → 0.2·√29 and 0.1·√29.
    const decay = [
      { type: 'decoupled', rate: { type: 'piecewise', boundaries: [1], values: [0.2, 0.1] }, scaling: 'none', cautious: true },
      { type: 'l2', rate: 5 },
      { type: 'l1', rate: 5, method: 'proximal' },
    ];
    expect(shrink({ type: 'sgd', learningRate: 0.1 }, decay, 0)).toBeCloseTo(0.2 * Math.sqrt(29), 14);
    expect(shrink({ type: 'sgd', learningRate: 0.1 }, decay, 1)).toBeCloseTo(0.1 * Math.sqrt(29), 14);
    expect(shrink({ type: 'sgd', learningRate: 0.1 }, [{ type: 'l2', rate: 1 }])).toBe(0);
  });

  it('names a missing parameter', () => {
    const config = parseConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 1 }] });
    expect(() => decoupledShrink(config, planDecay(config, specs), { w: [1, 2] }, 0)).toThrow(ParameterError);
  });

  it("an updater's decoupledShrink uses the θ₀ it took at the first update", () => {
    // SGD η = 0.1, anchor λ = 1 → c = 0.1. Before any update θ₀ is unknown: 0.
    // Update with g = [1, 1] from θ = θ₀ = [1, 2]: θ = θ − 0.1·(θ − θ₀) − 0.1·g = [0.9, 1.9].
    // Then Δ = 0.1·([0.9, 1.9] − [1, 2]) = [−0.01, −0.01] → ‖Δ‖ = 0.01·√2.
    const updater = createUpdater(
      { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 1 }] },
      [{ name: 'w', shape: [2] }],
      { precision: 'float64' },
    );
    const w = new Float64Array([1, 2]);
    expect(updater.decoupledShrink({ w })).toBe(0);
    updater.update({ w }, { w: [1, 1] });
    expect(Array.from(w)).toEqual([0.9, 1.9]);
    expect(updater.decoupledShrink({ w })).toBeCloseTo(0.01 * Math.sqrt(2), 15);
  });
});
