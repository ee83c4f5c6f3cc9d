/**
 * Choosing the decay rate: train once per candidate rate and keep the one with
 * the best validation accuracy. The test split plays no part in the choice; the
 * report scores the chosen rate on it afterwards.
 */
import { createRandom, deriveSeed } from './seeded-random.js';

/** One candidate rate and what its run scored on validation. */
export interface SweepPoint {
  /** The rate tried. */
  rate: number;
  /** Final validation accuracy. */
  validationAccuracy: number;
  /** Final validation loss. */
  validationLoss: number;
}

/** Log-spaced grid from `low` to `high` with `count` points, plus 0 first. */
export function gridRates(low: number, high: number, count: number): number[] {
  const rates = [0];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    rates.push(Number((low * (high / low) ** t).toPrecision(3)));
  }
  return rates;
}

/** 0 plus `count` rates drawn log-uniformly from [low, high] with a seeded stream, ascending. */
export function randomRates(low: number, high: number, count: number, seed: number): number[] {
  const random = createRandom(deriveSeed(seed, 'random-search'));
  const drawn = Array.from({ length: count }, () => Number((low * (high / low) ** random.next()).toPrecision(3)));
  return [0, ...drawn.sort((a, b) => a - b)];
}

/**
 * The best point: highest validation accuracy; ties go to the lower
 * validation loss, then to the smaller rate (the simpler model).
 */
export function choosePoint<P extends SweepPoint>(points: readonly P[]): P {
  if (points.length === 0) throw new RangeError('a sweep needs at least one rate');
  return points.reduce((best, point) => {
    const a = point;
    const b = best;
    if (a.validationAccuracy !== b.validationAccuracy) return a.validationAccuracy > b.validationAccuracy ? point : best;
    if (a.validationLoss !== b.validationLoss) return a.validationLoss < b.validationLoss ? point : best;
    return point.rate < best.rate ? point : best;
  });
}
