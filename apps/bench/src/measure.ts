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

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
