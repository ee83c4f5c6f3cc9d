import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../config/index.js';
import { groupStepScalars, stepScalars } from './step-scalars.js';

describe('stepScalars', () => {
  // lr: linear 0.1 → 0.3 over 2 steps, so η = 0.1, 0.2, 0.3, 0.3… and η_peak = 0.3.
  const config = resolveConfig({
    optimizer: { type: 'adam', learningRate: { type: 'linear', start: 0.1, end: 0.3, steps: 2 } },
    decay: [
      { type: 'l2', rate: 0.5 },
      { type: 'l1', rate: 0.25 },
      { type: 'l1', method: 'proximal', rate: 0.5, scaling: 'relative' },
      { type: 'decoupled', rate: 0.5 },
      { type: 'anchor', rate: 0.5, scaling: 'none' },
      { type: 'decoupled', rate: { type: 'piecewise', boundaries: [1], values: [1, 0.5] }, scaling: 'relative' },
    ],
  });

  it('at t = 0', () => {
    // η₀ = 0.1; relative s = 0.1/0.3 = 1/3.
    const s = stepScalars(config, 0);
    expect(s.step).toBe(0);
    expect(s.learningRate).toBeCloseTo(0.1, 15);
    expect(s.peakLearningRate).toBeCloseTo(0.3, 15);
    const expected = [
      [0.5, 1, 0.5], // l2: coupled, s = 1
      [0.25, 1, 0.25], // l1 subgradient: coupled
      [0.5, 1 / 3, 0.5 / 3], // proximal relative
      [0.5, 0.1, 0.05], // decoupled learning-rate: s = η
      [0.5, 1, 0.5], // anchor none
      [1, 1 / 3, 1 / 3], // scheduled rate λ₀ = 1, relative
    ];
    s.terms.forEach((term, i) => {
      expect(term.rate).toBeCloseTo(expected[i][0], 14);
      expect(term.scale).toBeCloseTo(expected[i][1], 14);
      expect(term.coefficient).toBeCloseTo(expected[i][2], 14);
    });
  });

  it('at t = 2 the schedules have moved', () => {
    // η₂ = 0.3 = η_peak → relative s = 1; λ₂ of the piecewise rate = 0.5.
    const s = stepScalars(config, 2);
    expect(s.learningRate).toBeCloseTo(0.3, 15);
    expect(s.terms[3].coefficient).toBeCloseTo(0.15, 15);
    expect(s.terms[5]).toEqual({ rate: 0.5, scale: 1, coefficient: 0.5 });
  });
});

describe('stepScalars of decay terms alone (η_t and η_peak given)', () => {
  const terms = resolveConfig({
    optimizer: { type: 'sgd', learningRate: 1 },
    decay: [{ type: 'decoupled', rate: 2, scaling: 'relative' }],
  }).decay;

  it('divides by η_peak for relative scaling', () => {
    expect(stepScalars({ decay: terms, peakLearningRate: 0.08 }, 0, 0.02).terms).toEqual([{ rate: 2, scale: 0.25, coefficient: 0.5 }]);
  });

  it('gives no decay when η_peak is 0 (nothing to be relative to)', () => {
    expect(stepScalars({ decay: terms, peakLearningRate: 0 }, 0, 0).terms).toEqual([{ rate: 2, scale: 0, coefficient: 0 }]);
  });

  it('throws a ConfigError naming the scaling when η_peak is infinite', () => {
    let error: unknown;
    try {
      stepScalars({ decay: terms, peakLearningRate: Infinity }, 0, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[0].scaling');
  });
});

describe('stepScalars caching', () => {
  it('builds once per source object and still follows t', () => {
    // Constant η = 0.5 and a piecewise rate 1 → 2 at t = 1: the cached function still evaluates each t.
    const config = resolveConfig({
      optimizer: { type: 'sgd', learningRate: 0.5 },
      decay: [{ type: 'decoupled', rate: { type: 'piecewise', boundaries: [1], values: [1, 2] } }],
    });
    expect(stepScalars(config, 0).terms[0].coefficient).toBe(0.5);
    expect(stepScalars(config, 1).terms[0].coefficient).toBe(1);
  });

  it('an η_t passed in wins over the source and is the peak when none is known', () => {
    const terms = resolveConfig({ optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'decoupled', rate: 2 }] }).decay;
    // learning-rate scaling: s = η_t = 0.25, c = 0.5.
    const s = stepScalars({ decay: terms }, 3, 0.25);
    expect([s.learningRate, s.peakLearningRate, s.terms[0].coefficient]).toEqual([0.25, 0.25, 0.5]);
  });
});

describe('groupStepScalars', () => {
  // Top level: cosine from 0.1 over 4 steps, so η₁ = 0.1·(1 + cos(π/4))/2 and η_peak = 0.1.
  const config = resolveConfig({
    optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.1, decaySteps: 4 } },
    decay: [
      { type: 'decoupled', rate: 0.5 },
      { type: 'decoupled', rate: 0.5, scaling: 'relative' },
      { type: 'l2', rate: 0.25 },
    ],
    groups: [
      { params: { minRank: 2 }, learningRateScale: 0.5 },
      { params: { minRank: 1 }, learningRateScale: 2, optimizer: { learningRate: { type: 'linear', start: 0.2, end: 0.4, steps: 2 } } },
      { params: { minRank: 0 }, learningRateScale: 0 },
    ],
  });
  const eta1 = (0.1 * (1 + Math.cos(Math.PI / 4))) / 2;

  it('scales the top level’s η_t, or the group’s own, and takes s_t from the group’s η_t and η_peak', () => {
    const [half, own, frozen] = groupStepScalars(config, 1);
    expect(stepScalars(config, 1).learningRate).toBeCloseTo(eta1, 15);
    // Group 0 follows the top level: η = 0.5·η₁, η_peak = 0.5·0.1; relative s = η₁/0.1.
    expect(half!.learningRate).toBeCloseTo(0.5 * eta1, 15);
    expect(half!.peakLearningRate).toBeCloseTo(0.05, 15);
    expect(half!.terms.map((t) => t.coefficient)).toEqual([
      expect.closeTo(0.5 * 0.5 * eta1, 15),
      expect.closeTo((0.5 * eta1) / 0.1, 15),
      0.25,
    ]);
    // Group 1 has its own linear rate: at t = 1 it is 0.3, scaled by 2; η_peak = 2·0.4.
    expect(own!.learningRate).toBeCloseTo(0.6, 15);
    expect(own!.peakLearningRate).toBeCloseTo(0.8, 15);
    expect(own!.terms[0]!.coefficient).toBeCloseTo(0.5 * 0.6, 15);
    expect(own!.terms[1]!.coefficient).toBeCloseTo((0.5 * 0.6) / 0.8, 15);
    // Scale 0: no step, and no learning-rate-scaled decay (relative too: η_peak is 0); coupled terms stay.
    expect(frozen!.learningRate).toBe(0);
    expect(frozen!.terms.map((t) => t.coefficient)).toEqual([0, 0, 0.25]);
  });

  it('is [] without groups', () => {
    expect(groupStepScalars(resolveConfig({ optimizer: { type: 'sgd', learningRate: 1 } }), 0)).toEqual([]);
  });
});

describe('stepScalars, config 1.1', () => {
  it('corrected scaling: s_t = η_t²/η_peak', () => {
    // Linear 0.1 → 0.3: η_peak = 0.3; at t = 1, η = 0.2 and s = 0.04/0.3.
    const config = resolveConfig({
      optimizer: { type: 'sgd', learningRate: { type: 'linear', start: 0.1, end: 0.3, steps: 2 } },
      decay: [{ type: 'decoupled', rate: 0.5, scaling: 'corrected' }],
    });
    const { terms } = stepScalars(config, 1);
    expect(terms[0].scale).toBe((0.2 * 0.2) / 0.3);
    expect(terms[0].coefficient).toBe(((0.2 * 0.2) / 0.3) * 0.5);
  });

  it('reduce-on-plateau: η_t is the rate given (the plateau state), initial without one; η_peak is initial', () => {
    const config = resolveConfig({
      optimizer: { type: 'sgd', learningRate: { type: 'reduce-on-plateau', initial: 0.1 } },
      decay: [{ type: 'decoupled', rate: 0.5, scaling: 'relative' }],
    });
    expect(stepScalars(config, 7)).toMatchObject({ learningRate: 0.1, peakLearningRate: 0.1 });
    const reduced = stepScalars(config, 7, 0.01);
    expect(reduced).toMatchObject({ learningRate: 0.01, peakLearningRate: 0.1 });
    expect(reduced.terms[0].scale).toBe(0.01 / 0.1);
  });
});
