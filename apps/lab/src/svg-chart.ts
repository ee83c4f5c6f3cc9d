/**
 * Dependency-free SVG charts for the report: line charts (linear or log axes)
 * and overlaid histograms. Pure functions from data to an SVG string; every
 * piece of text goes through {@link escapeXml}, every coordinate through a
 * scale, and non-finite points are skipped rather than drawn at NaN.
 */

/** Escapes the five XML special characters so labels cannot break the SVG. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

/** A map from data values to pixels. */
export interface Scale {
  /** Data value → pixel. */
  (value: number): number;
  /** The data interval. */
  readonly domain: readonly [number, number];
  /** The pixel interval. */
  readonly range: readonly [number, number];
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  return Object.assign(scale, { domain, range });
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] linearly in log10. */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  if (!(domain[0] > 0 && domain[1] > 0)) throw new RangeError(`log scale needs a positive domain, got [${domain.join(', ')}]`);
  const inner = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  return Object.assign((value: number) => inner(Math.log10(value)), { domain, range }) as Scale;
}

/** Round tick values (1, 2, 5 × 10^k steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  // The candidate step whose tick count is closest to the wish (a plain
  // "first step ≥ rough" can leave a single tick on ranges like 0.03..0.97).
  const span = max - min;
  const step = [1, 2, 5, 10]
    .map((m) => m * power)
    .reduce((best, s) => (Math.abs(span / s - count) < Math.abs(span / best - count) ? s : best));
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Short tick text: 0.001 → "0.001", 1e-5 → "1e-5", 12000 → "12k". */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 && magnitude < 1e7) return `${Number((value / 1000).toPrecision(3))}k`;
  if (magnitude < 1e-3 || magnitude >= 1e7) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** One named line. */
export interface LineSeries {
  /** Legend text. */
  name: string;
  /** [x, y] points; non-finite ones are left out of the line. */
  points: readonly (readonly [number, number])[];
  /** Dashed stroke (e.g. train curves next to solid validation curves). */
  dashed?: boolean;
  /** Stroke colour; defaults to the palette by series index. */
  color?: string;
}

/** A line chart. */
export interface LineChartOptions {
  /** Title above the plot. */
  title: string;
  /** Horizontal axis label. */
  xLabel: string;
  /** Vertical axis label. */
  yLabel: string;
  /** The lines. */
  series: readonly LineSeries[];
  /** Default 'linear'. A log axis drops points with x ≤ 0. */
  xScale?: 'linear' | 'log';
  /** Fixed vertical range; default: the data's range. */
  yDomain?: readonly [number, number];
  /** Explicit x ticks (value and label), e.g. to label the position standing for rate 0. */
  xTicks?: readonly { value: number; label: string }[];
  /** Draw a dot at every point. Default true when a series has ≤ 30 points. */
  markers?: boolean;
  /** Pixels; default 760 × 360. */
  width?: number;
  /** Pixels. */
  height?: number;
}

/** Colour-blind-safe palette (Okabe–Ito). */
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const margin = { top: 36, bottom: 48, left: 64 };

/**
 * Right margin wide enough for the legend: 12 px gap, a 20 px swatch, 6 px,
 * then the longest name at ~7 px per character (12 px sans-serif), so long
 * labels like "l1-subgradient (train)" are not clipped.
 */
export function legendMargin(names: readonly string[]): number {
  return 12 + 20 + 6 + 7 * Math.max(0, ...names.map((n) => n.length)) + 8;
}
const fmt = (n: number): string => String(Math.round(n * 100) / 100);

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function frame(
  width: number,
  height: number,
  title: string,
  xLabel: string,
  yLabel: string,
  x: Scale,
  y: Scale,
  xTicks: readonly { value: number; label: string }[],
  yTicks: readonly { value: number; label: string }[],
): string[] {
  const [left, right] = x.range;
  const [bottom, top] = y.range;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${fmt(width / 2)}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (const tick of yTicks) {
    const py = fmt(y(tick.value));
    parts.push(`<line x1="${fmt(left)}" x2="${fmt(right)}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${fmt(left - 6)}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeXml(tick.label)}</text>`);
  }
  for (const tick of xTicks) {
    const px = fmt(x(tick.value));
    parts.push(`<line x1="${px}" x2="${px}" y1="${fmt(bottom)}" y2="${fmt(bottom + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${px}" y="${fmt(bottom + 18)}" text-anchor="middle">${escapeXml(tick.label)}</text>`);
  }
  parts.push(`<line x1="${fmt(left)}" x2="${fmt(right)}" y1="${fmt(bottom)}" y2="${fmt(bottom)}" stroke="#333"/>`);
  parts.push(`<line x1="${fmt(left)}" x2="${fmt(left)}" y1="${fmt(top)}" y2="${fmt(bottom)}" stroke="#333"/>`);
  parts.push(`<text x="${fmt((left + right) / 2)}" y="${fmt(height - 8)}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${fmt((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  return parts;
}

function legend(width: number, entries: readonly { name: string; color: string; dashed?: boolean }[]): string[] {
  const x0 = width - legendMargin(entries.map((e) => e.name)) + 12;
  return entries.flatMap((entry, i) => {
    const y = margin.top + 8 + i * 18;
    const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
    return [
      `<line x1="${x0}" x2="${x0 + 20}" y1="${y}" y2="${y}" stroke="${escapeXml(entry.color)}" stroke-width="2"${dash}/>`,
      `<text x="${x0 + 26}" y="${y}" dominant-baseline="middle">${escapeXml(entry.name)}</text>`,
    ];
  });
}

/** Renders a line chart as a standalone SVG document. */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 360;
  const logX = options.xScale === 'log';
  const usable = (p: readonly [number, number]): boolean =>
    Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logX || p[0] > 0);
  const points = options.series.flatMap((s) => s.points.filter(usable));
  const xs = points.map((p) => p[0]);
  const [xMin, xMax] = extent(options.xTicks ? [...xs, ...options.xTicks.map((t) => t.value)] : xs);
  let [yMin, yMax] = options.yDomain ?? extent(points.map((p) => p[1]));
  if (!options.yDomain) {
    const pad = (yMax - yMin) * 0.05 || Math.abs(yMax) * 0.05 || 1;
    yMin -= pad;
    yMax += pad;
  }
  const xRange: [number, number] = [margin.left, width - legendMargin(options.series.map((s) => s.name))];
  const yRange: [number, number] = [height - margin.bottom, margin.top];
  const x = logX ? logScale([xMin, xMax === xMin ? xMin * 10 : xMax], xRange) : linearScale([xMin, xMax], xRange);
  const y = linearScale([yMin, yMax], yRange);
  const xTicks =
    options.xTicks ??
    (logX
      ? decades(xMin, xMax).map((v) => ({ value: v, label: formatTick(v) }))
      : niceTicks(xMin, xMax, 6).map((v) => ({ value: v, label: formatTick(v) })));
  const yTicks = niceTicks(yMin, yMax, 5).map((v) => ({ value: v, label: formatTick(v) }));
  const parts = frame(width, height, options.title, options.xLabel, options.yLabel, x, y, xTicks, yTicks);
  const colored = options.series.map((s, i) => ({ ...s, color: s.color ?? palette[i % palette.length] }));
  for (const s of colored) {
    const kept = s.points.filter(usable);
    if (kept.length === 0) continue;
    const path = kept.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(p[0]))} ${fmt(y(p[1]))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    parts.push(`<path d="${path}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="2"${dash}/>`);
    if (options.markers ?? kept.length <= 30) {
      for (const p of kept) {
        parts.push(`<circle cx="${fmt(x(p[0]))}" cy="${fmt(y(p[1]))}" r="2.5" fill="${escapeXml(s.color)}"/>`);
      }
    }
  }
  parts.push(...legend(width, colored), '</svg>');
  return parts.join('\n') + '\n';
}

/** Powers of ten within [min, max] (at least the two ends when no power fits). */
function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(Math.log10(min) - 1e-9); k <= Math.floor(Math.log10(max) + 1e-9); k++) out.push(10 ** k);
  return out.length > 0 ? out : [min, max];
}

/** One histogram bin. */
export interface HistogramBin {
  /** Left edge. */
  from: number;
  /** Right edge. */
  to: number;
  /** Number of values in [from, to). */
  count: number;
}

/** Equal-width bins over [min, max]; values outside are clamped into the end bins, non-finite ones skipped. */
export function histogram(values: ArrayLike<number>, min: number, max: number, binCount: number): HistogramBin[] {
  const width = (max - min) / binCount;
  const bins: HistogramBin[] = Array.from({ length: binCount }, (_, i) => ({
    from: min + i * width,
    to: min + (i + 1) * width,
    count: 0,
  }));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const index = Math.min(binCount - 1, Math.max(0, Math.floor((v - min) / width)));
    bins[index].count++;
  }
  return bins;
}

/** Overlaid histograms, drawn as step outlines, with an optional log count axis. */
export interface HistogramChartOptions {
  /** Title above the plot. */
  title: string;
  /** Horizontal axis label. */
  xLabel: string;
  /** One outline per series; all series should share the same bins. */
  series: readonly { name: string; bins: readonly HistogramBin[]; color?: string }[];
  /** Plot log10(1 + count), so a spike of exact zeros and the tails both stay visible. Default true. */
  logCount?: boolean;
  /** Pixels; default 760 × 360. */
  width?: number;
  /** Pixels. */
  height?: number;
}

/** Renders overlaid histograms as a standalone SVG document. */
export function histogramChart(options: HistogramChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 360;
  const logCount = options.logCount ?? true;
  const bins = options.series.flatMap((s) => s.bins);
  const height0 = (count: number): number => (logCount ? Math.log10(1 + count) : count);
  const [xMin, xMax] = extent(bins.flatMap((b) => [b.from, b.to]));
  const yMax = Math.max(1e-9, ...bins.map((b) => height0(b.count)));
  const x = linearScale([xMin, xMax], [margin.left, width - legendMargin(options.series.map((s) => s.name))]);
  const y = linearScale([0, yMax * 1.05], [height - margin.bottom, margin.top]);
  const xTicks = niceTicks(xMin, xMax, 6).map((v) => ({ value: v, label: formatTick(v) }));
  const yTicks = logCount
    ? Array.from({ length: Math.floor(yMax) + 1 }, (_, k) => ({ value: Math.log10(1 + 10 ** k), label: formatTick(10 ** k) }))
    : niceTicks(0, yMax, 5).map((v) => ({ value: v, label: formatTick(v) }));
  const parts = frame(
    width,
    height,
    options.title,
    options.xLabel,
    logCount ? 'count (log scale)' : 'count',
    x,
    y,
    xTicks,
    yTicks,
  );
  const colored = options.series.map((s, i) => ({ ...s, color: s.color ?? palette[i % palette.length] }));
  for (const s of colored) {
    if (s.bins.length === 0) continue;
    const base = fmt(y(0));
    const steps = s.bins.map((b) => `L${fmt(x(b.from))} ${fmt(y(height0(b.count)))} L${fmt(x(b.to))} ${fmt(y(height0(b.count)))}`);
    const path = `M${fmt(x(s.bins[0].from))} ${base} ${steps.join(' ')} L${fmt(x(s.bins[s.bins.length - 1].to))} ${base}`;
    parts.push(`<path d="${path}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="1.5"/>`);
  }
  parts.push(...legend(width, colored), '</svg>');
  return parts.join('\n') + '\n';
}
