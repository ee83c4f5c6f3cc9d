import { describe, expect, it } from 'vitest';
import type { Schedule } from '../config/config-types.js';
import { ConfigError } from '../config/errors.js';
import { schedulePeak } from './schedule-peak.js';

describe('schedulePeak: single schedules', () => {
  it('a number and a constant are themselves', () => {
    expect(schedulePeak(0.3)).toBe(0.3);
    expect(schedulePeak({ type: 'constant', value: 2 })).toBe(2);
  });
  it('decaying schedules peak at t = 0', () => {
    expect(schedulePeak({ type: 'step', initial: 0.1, stepSize: 3, gamma: 0.5 })).toBe(0.1);
    expect(schedulePeak({ type: 'multistep', initial: 0.1, milestones: [2, 5] })).toBe(0.1);
    expect(schedulePeak({ type: 'exponential', initial: 0.2, gamma: 0.9 })).toBe(0.2);
    expect(schedulePeak({ type: 'cosine', initial: 1, decaySteps: 10 })).toBe(1);
    expect(schedulePeak({ type: 'polynomial', initial: 1, decaySteps: 10, power: 3 })).toBe(1);
    expect(schedulePeak({ type: 'inverse-time', initial: 0.7, decayRate: 3 })).toBe(0.7);
    expect(schedulePeak({ type: 'cosine-restarts', initial: 0.1, firstPeriod: 3, periodMultiplier: 2 })).toBe(0.1);
  });
  it('rising schedules peak at their last step', () => {
    expect(schedulePeak({ type: 'linear', start: 0.1, end: 1, steps: 10 })).toBe(1);
    expect(schedulePeak({ type: 'polynomial', initial: 1, end: 2, decaySteps: 4 })).toBe(2);
    expect(schedulePeak({ type: 'cosine', initial: 1, minimum: 2, decaySteps: 4 })).toBe(2);
    expect(schedulePeak({ type: 'piecewise', boundaries: [1, 2], values: [1, 3, 2] })).toBe(3);
  });
  it('values cut off by a boundary or milestone at 0 are never reached', () => {
    // piecewise: t ≥ 0 always has one boundary ≤ t, so values[0] = 5 is unused → max(1, 2).
    expect(schedulePeak({ type: 'piecewise', boundaries: [0, 3], values: [5, 1, 2] })).toBe(2);
    // multistep: a milestone at 0 applies gamma from t = 0 → 1·0.5.
    expect(schedulePeak({ type: 'multistep', initial: 1, milestones: [0, 4], gamma: 0.5 })).toBe(0.5);
  });
  it('the floor of an exponential counts', () => {
    // max(floor, initial) = max(0.5, 0.2).
    expect(schedulePeak({ type: 'exponential', initial: 0.2, gamma: 0.9, floor: 0.5 })).toBe(0.5);
  });
  it('unbounded growth is Infinity; multistep growth is bounded by its last milestone', () => {
    expect(schedulePeak({ type: 'step', initial: 1, stepSize: 2, gamma: 2 })).toBe(Infinity);
    expect(schedulePeak({ type: 'exponential', initial: 1, gamma: 1.1 })).toBe(Infinity);
    // 1·2^2 after milestones 3 and 5.
    expect(schedulePeak({ type: 'multistep', initial: 1, milestones: [3, 5], gamma: 2 })).toBe(4);
    // 0·γ^k stays 0.
    expect(schedulePeak({ type: 'step', initial: 0, stepSize: 2, gamma: 2 })).toBe(0);
  });
  it('one-cycle: the maximum when phase 1 ends on an integer step', () => {
    // pctStart·totalSteps − 1 = 1: t = 1 is exactly the maximum.
    expect(schedulePeak({ type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 0.2 })).toBe(1);
  });
  it('one-cycle: the largest value actually reached when phase 1 ends between steps', () => {
    // Phase 1 ends at 0.25·37 − 1 = 8.25; phase 2 runs to 36 (length 27.75) from 0.5 to 0.5/10/100 = 5e-4.
    // t 9 is 0.75/27.75 = 1/37 into phase 2: 5e-4 + (0.5 − 5e-4)/2·(1 + cos(π/37)) ≈ 0.4991 — above
    // t 8 (0.49898…, torch: OneCycleLR(..., max_lr=0.5, total_steps=37, pct_start=0.25, div_factor=10., final_div_factor=100.)).
    const peak = schedulePeak({ type: 'one-cycle', maximum: 0.5, totalSteps: 37, pctStart: 0.25, divFactor: 10, finalDivFactor: 100 });
    expect(peak).toBeCloseTo(5e-4 + ((0.5 - 5e-4) / 2) * (1 + Math.cos(Math.PI / 37)), 14);
    expect(peak).toBeLessThan(0.5);
  });
  it('cosine-restarts rising towards a higher minimum', () => {
    // periodMultiplier 1: the largest is the last step of a period, T_cur 3 of 4:
    // 1 + (0 − 1)(1 + cos(3π/4))/2 = 1/2 + √2/4.
    expect(schedulePeak({ type: 'cosine-restarts', initial: 0, minimum: 1, firstPeriod: 4 })).toBeCloseTo(0.5 + Math.SQRT2 / 4, 14);
    // growing periods approach the minimum without reaching it: least upper bound.
    expect(schedulePeak({ type: 'cosine-restarts', initial: 0, minimum: 1, firstPeriod: 4, periodMultiplier: 2 })).toBe(1);
  });
});

describe('schedulePeak: warmup and sequence', () => {
  it('warmup is max(start, peak of then)', () => {
    expect(schedulePeak({ type: 'warmup', steps: 5, then: { type: 'cosine', initial: 1, decaySteps: 10 } })).toBe(1);
    expect(schedulePeak({ type: 'warmup', steps: 5, start: 2, then: 1 })).toBe(2);
  });
  it('sequence bounds each piece over the steps it runs', () => {
    // exponential 2^t runs for t 0..3 → 8, then a cosine from 0.5.
    const cut: Schedule = {
      type: 'sequence',
      boundaries: [4],
      schedules: [
        { type: 'exponential', initial: 1, gamma: 2 },
        { type: 'cosine', initial: 0.5, decaySteps: 3 },
      ],
    };
    expect(schedulePeak(cut)).toBe(8);
    // The same growth as the last piece runs forever.
    expect(schedulePeak({ ...cut, schedules: [0.5, { type: 'exponential', initial: 1, gamma: 2 }] })).toBe(Infinity);
    // linear 0 → 10 over 10 steps cut at t 3 reaches only 2.
    expect(schedulePeak({ type: 'sequence', boundaries: [3], schedules: [{ type: 'linear', start: 0, end: 10, steps: 10 }, 1] })).toBe(2);
  });
  it('windows nest', () => {
    // inner: 1 for t 0..1, then 2^(t−2) for t 2..4 (outer cut at 5) → 4.
    const inner: Schedule = { type: 'sequence', boundaries: [2], schedules: [1, { type: 'exponential', initial: 1, gamma: 2 }] };
    expect(schedulePeak({ type: 'sequence', boundaries: [5], schedules: [inner, 0.1] })).toBe(4);
    // warmup 0 → 1 over 10 steps, cut at 5: t 4 → 0.4.
    expect(schedulePeak({ type: 'sequence', boundaries: [5], schedules: [{ type: 'warmup', steps: 10, then: 1 }, 0.05] })).toBeCloseTo(
      0.4,
      15,
    );
    // multistep ×2 at 1, 2, 3, cut at 3: t 2 → 4.
    expect(
      schedulePeak({
        type: 'sequence',
        boundaries: [3],
        schedules: [{ type: 'multistep', initial: 1, milestones: [1, 2, 3], gamma: 2 }, 0],
      }),
    ).toBe(4);
    // one-cycle cut after t 0: only its start 1/25 = 0.04.
    expect(
      schedulePeak({
        type: 'sequence',
        boundaries: [1],
        schedules: [{ type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 0.2 }, 0.01],
      }),
    ).toBeCloseTo(0.04, 15);
    // rising restarts cut at 3: t 2 → 1 − (1 + cos(π/2))/2 = 0.5.
    expect(
      schedulePeak({
        type: 'sequence',
        boundaries: [3],
        schedules: [{ type: 'cosine-restarts', initial: 0, minimum: 1, firstPeriod: 4, periodMultiplier: 2 }, 0],
      }),
    ).toBeCloseTo(0.5, 15);
    // an inner sequence cut before its second piece starts: 0.1 (t 0..2), then the outer 0.2.
    const late: Schedule = { type: 'sequence', boundaries: [10], schedules: [0.1, 5] };
    expect(schedulePeak({ type: 'sequence', boundaries: [3], schedules: [late, 0.2] })).toBe(0.2);
    // step ×2 every 2 steps, cut at 5: t 4 → 4.
    expect(schedulePeak({ type: 'sequence', boundaries: [5], schedules: [{ type: 'step', initial: 1, stepSize: 2, gamma: 2 }, 0] })).toBe(
      4,
    );
  });
  it('rejects an invalid schedule', () => {
    expect(() => schedulePeak({ type: 'cosine', initial: 1, decaySteps: -1 })).toThrow(ConfigError);
  });
});
