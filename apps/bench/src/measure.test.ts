import { describe, expect, it } from 'vitest';
import { measurePair, median } from './measure.js';

describe('median', () => {
  it('is the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('measurePair', () => {
  it('alternates the two, warm-up first, and takes the median of per-round ratios', async () => {
    // A fake clock: each call of a returns after 2 units, b after 1, except b's third timed run (4 units).
    let now = 0;
    const calls: string[] = [];
    let bRuns = 0;
    const a = {
      name: 'a',
      fn: () => {
        calls.push('a');
        now += 2;
      },
    };
    const b = {
      name: 'b',
      fn: () => {
        calls.push('b');
        bRuns++;
        now += bRuns === 5 ? 4 : 1;
      },
    };
    const pair = await measurePair(a, b, { warmup: 2, runs: 3 }, () => now);
    // Warm-up a b a b, then rounds a b | b a | a b.
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'b', 'a', 'a', 'b']);
    // Per-round ratios 2/1, 2/1, 2/4 → median 2; medians 2 and 1.
    expect(pair.ratio).toBe(2);
    expect([pair.first.medianMs, pair.second.medianMs]).toEqual([2, 1]);
  });
});
