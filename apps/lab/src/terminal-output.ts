/**
 * What the lab prints: the results table (stdout) and progress bars (stderr,
 * only on a terminal, so piped or logged output stays clean).
 */
import type { RunResult } from './run-experiment.js';

/** Formats rows as an aligned text table with a header rule; numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+−]?[\d.]+ ?%?$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** The summary columns the issue asks for. */
export const summaryHeader = ['method', 'train acc', 'val acc', 'zero weights %', 'weight norm'] as const;

/** One summary row per run, from its last epoch. */
export function summaryRows(runs: readonly RunResult[]): string[][] {
  return runs.map((run) => [
    run.label,
    run.final.trainAccuracy.toFixed(4),
    run.final.validationAccuracy.toFixed(4),
    (100 * run.final.zeroFraction).toFixed(2),
    run.final.weightNorm.toFixed(2),
  ]);
}

/** The results table for the terminal. */
export function summaryTable(runs: readonly RunResult[]): string {
  return formatTable(summaryHeader, summaryRows(runs));
}

/** A one-line progress bar, e.g. `l2  [#####.....]  5/10  val acc 0.871`. */
export function progressLine(label: string, done: number, total: number, detail: string, width = 24): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
  return `${label}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]  ${done}/${total}  ${detail}`;
}

/** Where progress goes: a TTY stream, or nothing. */
export interface ProgressSink {
  /** Replaces the current progress line. */
  update(line: string): void;
  /** Clears the progress line (before normal output). */
  clear(): void;
}

/** Progress on `stream` when it is a TTY; otherwise a sink that drops everything. */
export function createProgressSink(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return { update: () => {}, clear: () => {} };
  return {
    update: (line) => {
      // columns is 0 or undefined when the terminal reports no size.
      const columns = stream.columns || 100;
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(10, columns - 1))}`);
    },
    clear: () => {
      stream.write('\r\x1b[2K');
    },
  };
}
