import { describe, expect, it } from 'vitest';
import { combineVerdicts, formatInterval, judge, meanInterval, pairedDifference, tQuantile95 } from './statistics.js';

describe('meanInterval', () => {
  it('is mean ± t(n−1)·s/√n, worked by hand', () => {
    // Values 1, 2, 3: mean 2, sample sd 1, t(2) = 4.303 → half-width 4.303/√3 = 2.48434…
    const i = meanInterval([1, 2, 3]);
    expect(i.mean).toBe(2);
    expect(i.high - i.mean).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(i.mean - i.low).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(i.n).toBe(3);
  });

  it('has no finite width for one value, and is NaN for a NaN value or none', () => {
    expect(meanInterval([5])).toEqual({ mean: 5, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n: 1 });
    expect(meanInterval([1, Number.NaN]).mean).toBeNaN();
    expect(meanInterval([]).mean).toBeNaN();
  });

  it('uses the t table up to 30 degrees of freedom and 1.96 beyond', () => {
    expect(tQuantile95(1)).toBe(12.706);
    expect(tQuantile95(30)).toBe(2.042);
    expect(tQuantile95(31)).toBe(1.96);
    expect(tQuantile95(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('pairedDifference and judge', () => {
  it('takes the interval of per-seed differences, which cancels a shared seed effect', () => {
    // Seeds vary a lot (0.8 … 0.95) but b beats a by 0.01 ± 0.001 on each seed.
    const a = [0.8, 0.9, 0.95];
    const b = [0.811, 0.909, 0.96];
    const d = pairedDifference(b, a);
    expect(d.mean).toBeCloseTo(0.01, 12);
    expect(judge(d, 'positive')).toBe('supported');
    expect(judge(d, 'negative')).toBe('refuted');
    // Unpaired, the seed spread would swamp it: the intervals of a and b overlap.
    expect(meanInterval(a).high).toBeGreaterThan(meanInterval(b).low);
  });

  it('is inconclusive when the interval touches or straddles zero', () => {
    expect(judge(meanInterval([0.01, -0.01, 0.002]), 'positive')).toBe('inconclusive');
    expect(judge(meanInterval([0, 0, 0]), 'positive')).toBe('inconclusive');
    expect(judge(meanInterval([0.5]), 'positive')).toBe('inconclusive');
    expect(judge(meanInterval([Number.NaN, 1]), 'negative')).toBe('inconclusive');
  });

  it('refuses unequal lengths', () => {
    expect(() => pairedDifference([1], [1, 2])).toThrow(RangeError);
  });
});

describe('combineVerdicts', () => {
  it('treats a claim as the conjunction of its parts', () => {
    expect(combineVerdicts(['supported', 'supported'])).toBe('supported');
    expect(combineVerdicts(['supported', 'refuted'])).toBe('refuted');
    expect(combineVerdicts(['supported', 'inconclusive'])).toBe('inconclusive');
    expect(combineVerdicts([])).toBe('inconclusive');
  });
});

describe('formatInterval', () => {
  it('prints mean ± half-width at the given scale', () => {
    expect(formatInterval({ mean: 0.9, low: 0.89, high: 0.91, n: 3 }, 100, 1)).toBe('90.0 ± 1.0');
    expect(formatInterval({ mean: 0.9, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n: 1 }, 100, 1)).toBe('90.0 ± ∞');
    expect(formatInterval({ mean: -0.5, low: -0.6, high: -0.4, n: 3 }, 1, 2)).toBe('−0.50 ± 0.10');
    expect(formatInterval({ mean: Number.NaN, low: Number.NaN, high: Number.NaN, n: 0 })).toBe('n/a');
  });
});
