import { describe, expect, it } from 'vitest';
import { float64Ops as ops } from './float64-ops.js';

describe('float64Ops', () => {
  it('broadcasts scalars over arrays and keeps scalars as numbers', () => {
    expect(ops.add(1, 2)).toBe(3);
    expect(Array.from(ops.mul(Float64Array.of(1, -2), 3) as Float64Array)).toEqual([3, -6]);
    expect(Array.from(ops.sub(1, Float64Array.of(0.5, 2)) as Float64Array)).toEqual([0.5, -1]);
  });

  it('sign(0) = 0, max/min pick a unless b wins strictly', () => {
    expect(Array.from(ops.sign(Float64Array.of(-3, 0, 2)) as Float64Array)).toEqual([-1, 0, 1]);
    expect(Array.from(ops.max(Float64Array.of(1, 5), Float64Array.of(2, 4)) as Float64Array)).toEqual([2, 5]);
    expect(Array.from(ops.min(Float64Array.of(1, 5), 3) as Float64Array)).toEqual([1, 3]);
  });

  it('select follows a per-element condition, or a scalar one', () => {
    const condition = ops.greaterEqual(Float64Array.of(1, -1, 0), 0);
    expect(Array.from(ops.select(condition, 7, Float64Array.of(8, 9, 10)) as Float64Array)).toEqual([7, 9, 7]);
    expect(ops.select(ops.greater(2, 1), 7, 8)).toBe(7);
  });

  it('sumOfSquares reduces a whole parameter', () => {
    // 1 + 4 + 9 = 14.
    expect(ops.sumOfSquares(Float64Array.of(1, -2, 3))).toBe(14);
  });
});
