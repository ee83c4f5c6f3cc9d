/**
 * Timing for the bench: medians over several runs after a warm-up, in one
 * process. The machines are shared and noisy, so a figure is only trusted as a
 * ratio to something measured in the same run.
 */
export interface Timing {
  name: string;
  medianMs: number;
  runs: number;
}

export interface MeasureOptions {
  warmup?: number;
  runs?: number;
}

/** Runs `fn` `warmup` times, then `runs` times, and returns the median wall time. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  { warmup = 3, runs = 11 }: MeasureOptions = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { name, medianMs: median(samples), runs };
}

/** Two timings taken in alternation, and the median of their per-round ratios. */
export interface PairTiming {
  /** The numerator's timing. */
  first: Timing;
  /** The denominator's timing. */
  second: Timing;
  /** Median over rounds of first/second, each round timing both back to back. */
  ratio: number;
}

/**
 * Times `first` and `second` in alternation (warm-up of both, then `runs`
 * rounds, each timing both back to back in alternating order). On a shared
 * machine the load changes between two separate measurements; within one
 * round both see nearly the same load, so the median per-round ratio is far
 * steadier than a ratio of two medians.
 *
 * @param clock - Milliseconds now; replaceable in tests.
 */
export async function measurePair(
  first: { name: string; fn: () => unknown | Promise<unknown> },
  second: { name: string; fn: () => unknown | Promise<unknown> },
  { warmup = 3, runs = 11 }: MeasureOptions = {},
  clock: () => number = () => performance.now(),
): Promise<PairTiming> {
  const time = async (fn: () => unknown | Promise<unknown>): Promise<number> => {
    const start = clock();
    await fn();
    return clock() - start;
  };
  for (let i = 0; i < warmup; i++) {
    await first.fn();
    await second.fn();
  }
  const firstSamples: number[] = [];
  const secondSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      firstSamples.push(await time(first.fn));
      secondSamples.push(await time(second.fn));
    } else {
      secondSamples.push(await time(second.fn));
      firstSamples.push(await time(first.fn));
    }
  }
  return {
    first: { name: first.name, medianMs: median(firstSamples), runs },
    second: { name: second.name, medianMs: median(secondSamples), runs },
    ratio: median(firstSamples.map((x, i) => x / secondSamples[i])),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Machine-readable output: `name value unit`. */
export function printValue(name: string, value: number, unit: string): void {
  console.log(`${name} ${formatNumber(value)} ${unit}`);
}

export function printTiming(t: Timing): void {
  printValue(t.name, t.medianMs, 'ms');
}

/** Machine-readable output: `ratio numerator/denominator value`. */
export function printRatio(numerator: Timing, denominator: Timing): number {
  const ratio = numerator.medianMs / denominator.medianMs;
  console.log(`ratio ${numerator.name}/${denominator.name} ${formatNumber(ratio)}`);
  return ratio;
}

/** Both timings of a pair, then `ratio first/second value` (the median per-round ratio). */
export function printPair(pair: PairTiming): number {
  printTiming(pair.second);
  printTiming(pair.first);
  console.log(`ratio ${pair.first.name}/${pair.second.name} ${formatNumber(pair.ratio)}`);
  return pair.ratio;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
