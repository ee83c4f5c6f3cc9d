import { describe, expect, it } from 'vitest';
import { weightNorm } from './weight-norm.js';

describe('weightNorm', () => {
  it('is √(Σθ²) over every array together', () => {
    // √(9 + 16) = 5 split across two arrays and types; √(1+4+4) = 3.
    expect(weightNorm([new Float32Array([3]), [4]])).toBe(5);
    expect(weightNorm([new Float64Array([1, -2, 2])])).toBe(3);
  });

  it('is 0 for nothing', () => {
    expect(weightNorm([])).toBe(0);
    expect(weightNorm([[]])).toBe(0);
  });

  it('accepts any iterable, such as Object.values or a generator', () => {
    function* arrays() {
      yield [3];
      yield [4];
    }
    expect(weightNorm(arrays())).toBe(5);
    expect(weightNorm(Object.values({ a: [6], b: [8] }))).toBe(10);
  });
});
