import { describe, expect, it } from 'vitest';
import type { SweepPoint } from './rate-sweep.js';
import { choosePoint, gridRates, randomRates } from './rate-sweep.js';

const point = (rate: number, validationAccuracy: number, validationLoss = 0.3): SweepPoint => ({
  rate,
  validationAccuracy,
  validationLoss,
});

describe('rate grids', () => {
  it('spaces the grid in decades and puts 0 first', () => {
    expect(gridRates(0.1, 100, 4)).toEqual([0, 0.1, 1, 10, 100]);
    expect(gridRates(1, 100, 3)).toEqual([0, 1, 10, 100]);
  });

  it('draws random rates log-uniformly within the range, reproducibly', () => {
    const rates = randomRates(0.01, 100, 20, 5);
    expect(rates[0]).toBe(0);
    expect(rates).toEqual(randomRates(0.01, 100, 20, 5));
    expect(rates).not.toEqual(randomRates(0.01, 100, 20, 6));
    for (const r of rates.slice(1)) {
      expect(r).toBeGreaterThanOrEqual(0.01);
      expect(r).toBeLessThanOrEqual(100);
    }
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    // Log-uniform over 4 decades: some draws below 1 and some above.
    expect(rates.slice(1).some((r) => r < 1)).toBe(true);
    expect(rates.slice(1).some((r) => r > 1)).toBe(true);
  });
});

describe('choosePoint', () => {
  it('takes the best validation accuracy', () => {
    expect(choosePoint([point(0, 0.9), point(1, 0.93), point(10, 0.8)]).rate).toBe(1);
  });
  it('breaks ties by validation loss, then by the smaller rate', () => {
    expect(choosePoint([point(0, 0.9, 0.4), point(1, 0.9, 0.3)]).rate).toBe(1);
    expect(choosePoint([point(1, 0.9), point(0.1, 0.9)]).rate).toBe(0.1);
  });
  it('refuses an empty sweep', () => {
    expect(() => choosePoint([])).toThrow(RangeError);
  });
});
