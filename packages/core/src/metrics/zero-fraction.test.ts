import { describe, expect, it } from 'vitest';
import { zeroFraction } from './zero-fraction.js';

describe('zeroFraction', () => {
  it('counts exact zeros (±0) over all elements', () => {
    // zeros: 0, −0 and 0 of 8 elements → 3/8; 1e-30 is not zero.
    expect(zeroFraction([new Float32Array([0, 1, -0, 1e-30]), [0, 2, 3, 4]])).toBe(3 / 8);
  });

  it('is 0 when there are no elements', () => {
    expect(zeroFraction([])).toBe(0);
    expect(zeroFraction([new Float64Array(0)])).toBe(0);
  });
});
