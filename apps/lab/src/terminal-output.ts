/**
 * What the lab prints: aligned tables (stdout) and progress (stderr): a bar
 * redrawn in place on a terminal, one plain line per finished run elsewhere,
 * so piped or logged output stays readable.
 */

/** Formats rows as an aligned text table with a header rule; numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+−]?[\d.]+ ?%?$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** A one-line progress bar, e.g. `l2  [#####.....]  5/10  val acc 0.871`. */
export function progressLine(label: string, done: number, total: number, detail: string, width = 24): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
  return `${label}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]  ${done}/${total}  ${detail}`;
}

/** Where progress goes. */
export interface ProgressSink {
  /** Replaces the live progress line (a terminal only; elsewhere dropped). */
  update(line: string): void;
  /** Reports a finished unit of work: redrawn as the live line on a terminal, a plain line elsewhere. */
  done(line: string): void;
  /** Clears the live line (before normal output). */
  clear(): void;
}

/** A progress bar on `stream` when it is a TTY; otherwise one plain line per finished unit. */
export function createProgressSink(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return { update: () => {}, done: (line) => stream.write(`${line}\n`), clear: () => {} };
  const draw = (line: string): void => {
    // columns is 0 or undefined when the terminal reports no size.
    const columns = stream.columns || 100;
    stream.write(`\r\x1b[2K${line.slice(0, Math.max(10, columns - 1))}`);
  };
  return { update: draw, done: draw, clear: () => stream.write('\r\x1b[2K') };
}

/** `1:05` for 65 seconds. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
