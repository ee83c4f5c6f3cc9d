import { describe, expect, it } from 'vitest';
import { ParameterError, parseConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import { decayedZeroFraction, zeroFraction } from './zero-fraction.js';

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

describe('decayedZeroFraction', () => {
  const specs = [
    { name: 'w', shape: [4] },
    { name: 'b', shape: [2] },
  ];
  const params = { w: [0, 1, 0, 2], b: [0, 0] };
  const planOf = (decay: unknown[]) => {
    const config = parseConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay });
    return planDecay(config, specs);
  };

  it('counts only the parameters some decay term touches', () => {
    // All: zeros 0, 0 of w and both of b → 4/6. Decayed (l1 on w only): 2/4.
    expect(zeroFraction(Object.values(params))).toBe(4 / 6);
    expect(decayedZeroFraction(planOf([{ type: 'l1', rate: 0.1, method: 'proximal', params: { names: ['w'] } }]), params)).toBe(2 / 4);
    // Two terms on w, one on b: each parameter counted once → 4/6.
    expect(
      decayedZeroFraction(
        planOf([
          { type: 'l1', rate: 0.1, params: { names: ['w'] } },
          { type: 'decoupled', rate: 0.1 },
        ]),
        params,
      ),
    ).toBe(4 / 6);
  });

  it('is 0 when nothing is decayed; names a missing parameter', () => {
    expect(decayedZeroFraction(planOf([]), params)).toBe(0);
    expect(() => decayedZeroFraction(planOf([{ type: 'l2', rate: 1 }]), { w: [0, 0, 0, 0] })).toThrow(ParameterError);
  });
});
