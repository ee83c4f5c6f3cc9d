/**
 * The live charts, drawn by Observable Plot from the epoch metrics of every
 * run; each call returns a fresh SVG (or figure) that replaces the old one.
 */
import * as Plot from '@observablehq/plot';

import type { EpochMetrics } from './training-run.js';

/** Metrics of one run so far, under its label (e.g. "AdamW"). */
export interface RunSeries {
  label: string;
  epochs: EpochMetrics[];
}

type Chart = ReturnType<typeof Plot.plot>;

const size = { width: 600, height: 260 } as const;

/** Whole-epoch ticks, at most about ten. */
function epochAxis(data: readonly { epoch: number }[]): Plot.ScaleOptions {
  const last = Math.max(1, ...data.map((d) => d.epoch));
  const step = Math.ceil(last / 10);
  return { label: 'epoch', ticks: Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step), tickFormat: 'd' };
}

function rows(series: readonly RunSeries[]): (EpochMetrics & { run: string })[] {
  return series.flatMap((s) => s.epochs.map((e) => ({ ...e, run: s.label })));
}

/** A chart over epochs, a colour per run. */
function epochPlot(data: readonly { epoch: number }[], title: string, marks: Plot.Markish[]): Chart {
  return Plot.plot({ ...size, title, x: epochAxis(data), y: { grid: true, label: null }, color: { legend: true }, marks });
}

/** Training (dashed) and validation (solid) curves of one metric. */
function trainAndValidation(series: readonly RunSeries[], title: string, train: keyof EpochMetrics, validation: keyof EpochMetrics): Chart {
  const data = rows(series);
  return epochPlot(data, title, [
    Plot.lineY(data, { x: 'epoch', y: train, stroke: 'run', strokeDasharray: '4 3' }),
    Plot.lineY(data, { x: 'epoch', y: validation, stroke: 'run' }),
    Plot.dot(data, { x: 'epoch', y: validation, fill: 'run', r: 2.5, tip: true }),
  ]);
}

/** One metric per epoch, a line per run. */
function perEpoch(series: readonly RunSeries[], title: string, y: keyof EpochMetrics): Chart {
  const data = rows(series);
  return epochPlot(data, title, [
    Plot.lineY(data, { x: 'epoch', y, stroke: 'run' }),
    Plot.dot(data, { x: 'epoch', y, fill: 'run', r: 2.5, tip: true }),
  ]);
}

export const lossChart = (series: readonly RunSeries[]): Chart =>
  trainAndValidation(series, 'Cross-entropy loss (dashed: training, solid: validation)', 'trainLoss', 'validationLoss');
export const accuracyChart = (series: readonly RunSeries[]): Chart =>
  trainAndValidation(series, 'Accuracy (dashed: training, solid: validation)', 'trainAccuracy', 'validationAccuracy');
export const zerosChart = (series: readonly RunSeries[]): Chart => perEpoch(series, 'Fraction of parameters exactly 0', 'zeroFraction');
export const normChart = (series: readonly RunSeries[]): Chart => perEpoch(series, 'Weight norm √Σθ²', 'weightNorm');

/**
 * Histogram of every kernel weight of one run, on a square-root count axis
 * (so the spike of exact zeros that proximal L1 makes does not flatten the rest).
 *
 * @param values - the kernel weights.
 * @param extent - half-width of the x domain, shared by the runs so their histograms compare.
 */
export function weightHistogram(values: Float32Array, extent: number, title: string): Chart {
  return Plot.plot({
    width: 360,
    height: 180,
    marginLeft: 48,
    title,
    x: { label: 'kernel weight', domain: [-extent, extent] },
    y: { type: 'sqrt', grid: true, label: 'count' },
    marks: [
      Plot.rectY(values, {
        ...Plot.binX({ y: 'count' }, { x: (v: number) => v, domain: [-extent, extent], thresholds: 80 }),
        fill: 'steelblue',
      }),
      Plot.ruleY([0]),
    ],
  });
}
