import { describe, expect, it } from 'vitest';
import { countReached, restartPosition } from './schedule-formulas.js';

describe('countReached (Python bisect_right)', () => {
  it('counts the steps ≤ t', () => {
    const steps = [2, 5, 9];
    expect([0, 1, 2, 4, 5, 8, 9, 100].map((t) => countReached(steps, t))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(countReached([], 7)).toBe(0);
    expect(countReached([0], 0)).toBe(1);
  });
});

describe('restartPosition (PyTorch CosineAnnealingWarmRestarts.step(epoch))', () => {
  it('within the first period: T_cur = t, T_i = T_0', () => {
    expect(restartPosition(3, 5, 2)).toEqual([3, 5]);
  });
  it('T_mult 1: t mod T_0', () => {
    expect(restartPosition(13, 5, 1)).toEqual([3, 5]);
  });
  it('T_mult 2, T_0 3: periods 3, 6, 12 start at 0, 3, 9', () => {
    // t 10: n = int(log2(10/3 + 1)) = int(log2(4.33)) = 2 → T_cur = 10 − 3·(4 − 1)/1 = 1, T_i = 12.
    expect(restartPosition(10, 3, 2)).toEqual([1, 12]);
    expect(restartPosition(9, 3, 2)).toEqual([0, 12]);
    expect(restartPosition(8, 3, 2)).toEqual([5, 6]);
  });
  it('keeps the rounding of the log formula, as PyTorch', () => {
    // T_0 1, T_mult 10, t 111: log(1000)/log(10) = 2.9999999999999996 → n 2 → T_cur 100 = T_i 100.
    expect(restartPosition(111, 1, 10)).toEqual([100, 100]);
  });
});
