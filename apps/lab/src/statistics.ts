/**
 * Statistics over seeds: a mean with its 95 % Student-t interval, and the
 * verdict a paired difference supports. Every seed trains every method from
 * the same initial weights on the same batches, so the difference between
 * two methods on one seed cancels the seed's own luck; the interval is taken
 * over those per-seed differences.
 */

/** A mean over seeds with its 95 % confidence interval. */
export interface Interval {
  /** Mean of the values. */
  mean: number;
  /** Lower end of the 95 % interval (−Infinity with fewer than two values). */
  low: number;
  /** Upper end of the 95 % interval (+Infinity with fewer than two values). */
  high: number;
  /** Number of values (seeds). */
  n: number;
}

/** What a paired difference says about a directional claim. */
export type Verdict = 'supported' | 'refuted' | 'inconclusive';

/**
 * Two-sided 97.5 % quantiles of Student's t for 1–30 degrees of freedom
 * (standard tables); beyond 30 the normal 1.96 is within 2 %.
 */
const tQuantiles = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The t quantile that makes a two-sided 95 % interval with `df` degrees of freedom. */
export function tQuantile95(df: number): number {
  if (!(df >= 1)) return Number.POSITIVE_INFINITY;
  return df <= tQuantiles.length ? tQuantiles[Math.floor(df) - 1] : 1.96;
}

/** Mean ± t·s/√n of the values; NaN values make the whole interval NaN (a diverged run is never averaged away). */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const half = tQuantile95(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** The interval of the per-seed differences a[i] − b[i]. */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new RangeError(`paired values need equal lengths, received ${a.length} and ${b.length}`);
  return meanInterval(a.map((x, i) => x - b[i]));
}

/**
 * The verdict of a difference whose claimed sign is `direction`:
 * supported when the whole interval lies on the claimed side of zero,
 * refuted when it lies wholly on the other side, inconclusive otherwise
 * (including an interval that touches zero, or NaN).
 */
export function judge(difference: Interval, direction: 'positive' | 'negative'): Verdict {
  const { low, high } = difference;
  if (Number.isNaN(low) || Number.isNaN(high)) return 'inconclusive';
  const above = low > 0;
  const below = high < 0;
  if (direction === 'positive') return above ? 'supported' : below ? 'refuted' : 'inconclusive';
  return below ? 'supported' : above ? 'refuted' : 'inconclusive';
}

/**
 * One verdict for a claim that asserts all of its parts at once: supported
 * when every part is, refuted when any part is, inconclusive otherwise
 * (including a claim with no judged part).
 */
export function combineVerdicts(parts: readonly Verdict[]): Verdict {
  if (parts.some((v) => v === 'refuted')) return 'refuted';
  if (parts.length > 0 && parts.every((v) => v === 'supported')) return 'supported';
  return 'inconclusive';
}

/** `12.3 ± 0.4` with the scale and digits given; `±∞` for one seed. */
export function formatInterval(interval: Interval, scale = 1, digits = 1): string {
  if (Number.isNaN(interval.mean)) return 'n/a';
  // A typographic minus, as everywhere else in the report.
  const mean = (interval.mean * scale).toFixed(digits).replace(/^-/, '−');
  if (!Number.isFinite(interval.high - interval.low)) return `${mean} ± ∞`;
  return `${mean} ± ${(((interval.high - interval.low) / 2) * scale).toFixed(digits)}`;
}
