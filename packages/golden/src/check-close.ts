import type { GoldenTolerance } from './fixture-types.js';

/** The worst disagreement seen so far, and the first element that broke the tolerance. */
export interface CloseReport {
  /** True when every element checked was within tolerance (and lengths matched). */
  ok: boolean;
  /** Largest |actual − expected| over every element checked (0 when nothing was checked). */
  worstError: number;
  /** Largest |actual − expected| / (atol + rtol·|expected|): ≤ 1 passes. */
  worstRatio: number;
  /** What went wrong first, e.g. `steps[2] "w"[3]: actual 0.5, expected 0.4, |Δ| 0.1 > 1.4e-6`. */
  failure?: string;
}

/**
 * Accumulates element-wise checks `|a − e| ≤ atol + rtol·|e|` (docs/guides/golden-format.md)
 * and keeps the worst error. NaN or ±Infinity in the actual values always fails.
 */
export class CloseChecker {
  private worstError = 0;
  private worstRatio = 0;
  private failure: string | undefined;

  /** @param tolerance - the bound every element must meet. */
  constructor(readonly tolerance: GoldenTolerance) {}

  /** True once any check failed. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Checks arrays element by element.
   *
   * @param where - a label for messages, e.g. `steps[2].expected["w"]`.
   * @param actual - what the backend produced.
   * @param expected - what the fixture says.
   */
  arrays(where: string, actual: ArrayLike<number> | undefined, expected: ArrayLike<number>): void {
    if (actual === undefined || actual === null) {
      this.fail(`${where}: missing from the backend's result`);
      return;
    }
    if (actual.length !== expected.length) {
      this.fail(`${where}: ${actual.length} values, expected ${expected.length}`);
      return;
    }
    for (let i = 0; i < expected.length; i++) this.element(`${where}[${i}]`, actual[i], expected[i]);
  }

  /**
   * Checks one number.
   *
   * @param where - a label for messages.
   * @param actual - what the backend produced.
   * @param expected - what the fixture says.
   */
  scalar(where: string, actual: number, expected: number): void {
    this.element(where, actual, expected);
  }

  /** Records a failure that is not a numeric comparison (e.g. a missing parameter). */
  fail(message: string): void {
    if (this.failure === undefined) this.failure = message;
    this.worstRatio = Infinity;
  }

  /** The summary so far. */
  report(): CloseReport {
    const r: CloseReport = { ok: this.failure === undefined, worstError: this.worstError, worstRatio: this.worstRatio };
    if (this.failure !== undefined) r.failure = this.failure;
    return r;
  }

  private element(where: string, actual: number, expected: number): void {
    const error = Math.abs(actual - expected);
    const bound = this.tolerance.atol + this.tolerance.rtol * Math.abs(expected);
    // Written as !(≤) so that NaN fails.
    if (!(error <= bound)) {
      this.fail(`${where}: actual ${actual}, expected ${expected}, |Δ| ${error.toPrecision(3)} > ${bound.toPrecision(3)}`);
      this.worstError = Number.isNaN(error) ? Infinity : Math.max(this.worstError, error);
      return;
    }
    this.worstError = Math.max(this.worstError, error);
    this.worstRatio = Math.max(this.worstRatio, bound === 0 ? (error === 0 ? 0 : Infinity) : error / bound);
  }
}
