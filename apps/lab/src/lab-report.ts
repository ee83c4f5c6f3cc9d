/**
 * The report folder: report.md, SVG charts and results.json, all from the
 * measured numbers. Building (pure, returns file contents) is separate from
 * writing, so tests can check the content without touching the disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimCheck } from './claims.js';
import { parameterCount } from './mlp-model.js';
import type { SweepResult } from './rate-sweep.js';
import type { RunResult } from './run-experiment.js';
import type { LineSeries } from './svg-chart.js';
import { formatTick, histogramChart, lineChart, niceTicks, palette } from './svg-chart.js';
import { summaryHeader, summaryRows } from './terminal-output.js';

/** How the runs were made, for the report header. */
export interface ReportContext {
  /** ISO date-time of the run. */
  date: string;
  /** The command line as typed (or reconstructed). */
  command: string;
  /** Backend name. */
  backend: string;
  /** e.g. `2 cores, Linux x64, Node v20.x`. */
  machine: string;
  /** Seed. */
  seed: number;
  /** Split sizes. */
  sizes: { train: number; validation: number; test: number };
  /** Layer widths. */
  layerSizes: readonly number[];
  /** Epochs per run. */
  epochs: number;
  /** Samples per update. */
  batchSize: number;
  /** Wall-clock seconds of all training (informational). */
  seconds: number;
}

/** Everything a report is built from. */
export interface ReportInput {
  /** Header facts. */
  context: ReportContext;
  /** The method comparison (or the single --config run). */
  comparison: readonly RunResult[];
  /** The rate sweep, if it ran. */
  sweep?: SweepResult;
  /** Claim verdicts. */
  claims: readonly ClaimCheck[];
}

const pct = (x: number): string => (100 * x).toFixed(1);

function curveCharts(runs: readonly RunResult[], prefix: string, what: string): Record<string, string> {
  const colored = runs.map((run, i) => ({ run, color: palette[i % palette.length] }));
  const series = (pick: (e: RunResult['epochs'][number]) => number, dashed = false, suffix = ''): LineSeries[] =>
    colored.map(({ run, color }) => ({
      name: `${run.label}${suffix}`,
      color,
      dashed,
      points: run.epochs.map((e) => [e.epoch, pick(e)] as const),
    }));
  // Epochs are whole numbers: no ticks at 0.5.
  const lastEpoch = Math.max(0, ...runs.map((run) => run.epochs.length - 1));
  const xTicks = niceTicks(0, lastEpoch, 6)
    .filter((v) => Number.isInteger(v))
    .map((v) => ({ value: v, label: String(v) }));
  return {
    [`${prefix}loss-curves.svg`]: lineChart({
      title: `Loss per epoch (${what}): validation solid, train dashed`,
      xLabel: 'epoch',
      xTicks,
      yLabel: 'cross-entropy',
      series: [...series((e) => e.validationLoss), ...series((e) => e.trainLoss, true, ' (train)')],
    }),
    [`${prefix}accuracy-curves.svg`]: lineChart({
      title: `Accuracy per epoch (${what}): validation solid, train dashed`,
      xLabel: 'epoch',
      xTicks,
      yLabel: 'accuracy',
      series: [...series((e) => e.validationAccuracy), ...series((e) => e.trainAccuracy, true, ' (train)')],
    }),
    [`${prefix}sparsity.svg`]: lineChart({
      title: `Exactly-zero weights per epoch (${what})`,
      xLabel: 'epoch',
      xTicks,
      yLabel: 'zero weights (%)',
      series: series((e) => 100 * e.zeroFraction),
    }),
    [`${prefix}weight-norm.svg`]: lineChart({
      title: `Weight norm per epoch (${what})`,
      xLabel: 'epoch',
      xTicks,
      yLabel: '‖θ‖₂',
      series: series((e) => e.weightNorm),
    }),
  };
}

/** The sweep chart: accuracy against rate on a log axis; rate 0 sits one decade left of the smallest rate. */
export function sweepChart(sweep: SweepResult): string {
  const positive = sweep.points.filter((p) => p.rate > 0).map((p) => p.rate);
  const zeroAt = positive.length > 0 ? Math.min(...positive) / 10 : 1;
  const x = (rate: number): number => (rate > 0 ? rate : zeroAt);
  const line = (name: string, pick: (p: SweepResult['points'][number]) => number, dashed = false): LineSeries => ({
    name,
    dashed,
    points: sweep.points.map((p) => [x(p.rate), pick(p)] as const),
  });
  const ticks = [
    { value: zeroAt, label: '0' },
    ...positive.filter((r, i, a) => a.indexOf(r) === i).map((r) => ({ value: r, label: formatTick(r) })),
  ];
  return lineChart({
    title: `Rate sweep of ${sweep.plan.base.label} (chosen λ=${sweep.chosen.rate} by validation accuracy)`,
    xLabel: 'decay rate λ (log scale; 0 = no decay)',
    yLabel: 'accuracy',
    xScale: 'log',
    xTicks: ticks,
    series: [
      line('validation', (p) => p.run.final.validationAccuracy),
      line('test', (p) => p.run.test.accuracy),
      line('train', (p) => p.run.final.trainAccuracy, true),
    ],
  });
}

/** Builds every report file: name → content. */
export function buildReport(input: ReportInput): Record<string, string> {
  const files: Record<string, string> = {};
  const { context, comparison, sweep, claims } = input;
  const md: string[] = [];
  md.push('# Weight decay on a small MNIST split', '');
  md.push(
    `Run ${context.date} on ${context.machine}, backend **${context.backend}**, command \`${context.command}\`. ` +
      `Training took ${context.seconds.toFixed(0)} s in total.`,
    '',
  );
  md.push(
    `Data: ${context.sizes.train} training, ${context.sizes.validation} validation and ${context.sizes.test} test digits ` +
      `from the \`mnist\` package, split with seed ${context.seed}. Model: MLP ${context.layerSizes.join('-')} (ReLU, ${parameterCount({ layerSizes: context.layerSizes }).toLocaleString('en-US')} parameters), ` +
      `${context.epochs} epochs of batch ${context.batchSize}, identical seeded initial weights and batch order for every run. ` +
      'The training split is deliberately small so that an unregularised network overfits.',
    '',
  );
  md.push('The numbers below are what this run measured; the verdicts are computed from them, not written in advance.', '');

  if (comparison.length > 0) {
    md.push('## Results', '');
    md.push(markdownTable([...summaryHeader, 'test acc'], comparison.map((run) => [...summaryRows([run])[0], run.test.accuracy.toFixed(4)])), '');
  }

  md.push('## Claims checked against this run', '');
  md.push(markdownTable(['claim', 'verdict in this run'], claims.map((c) => [c.statement, c.verdict])), '');
  for (const claim of claims) {
    md.push(`### ${claim.statement}`, '', `**Verdict: ${claim.verdict}.**`, '');
    for (const line of claim.evidence) md.push(`- ${line}`);
    md.push('');
  }
  md.push(
    '"Clearly" means by more than one binomial standard error of the accuracy (√(p(1−p)/n)). A claim whose effect never clears that bar in this run is "not supported" by it; "inconclusive" marks a single comparison that falls within it.',
    '',
  );

  if (comparison.length > 0) {
    Object.assign(files, curveCharts(comparison, '', 'method comparison'));
    files['weight-histograms.svg'] = histogramChart({
      title: 'Final kernel weights (all layers); legend: share of parameters exactly 0',
      xLabel: 'weight value (values beyond ±0.3 are counted in the end bins)',
      // The centre bin mixes exact zeros with tiny values (L1 subgradient piles up
      // near 0 without reaching it), so the legend states the exact-zero share.
      series: comparison.map((run) => ({
        name: `${run.label} (${pct(run.final.zeroFraction)} % = 0)`,
        bins: run.kernelHistogram,
      })),
    });
    md.push('## Charts', '');
    md.push('![loss curves](loss-curves.svg)', '', '![accuracy curves](accuracy-curves.svg)', '');
    md.push('![sparsity per epoch](sparsity.svg)', '', '![weight norm per epoch](weight-norm.svg)', '');
    md.push('![weight histograms](weight-histograms.svg)', '');
  }

  if (sweep) {
    files['sweep.svg'] = sweepChart(sweep);
    Object.assign(files, curveCharts(sweep.points.map((p) => p.run), 'sweep-', 'rate sweep'));
    md.push(`## Rate sweep (${sweep.plan.search} search over ${sweep.plan.base.label}, term ${sweep.plan.termIndex})`, '');
    md.push(
      `Each rate trains from the same initial weights; the rate with the best final validation accuracy is chosen (λ=${sweep.chosen.rate}). ` +
        'The test split plays no part in the choice.',
      '',
    );
    md.push(
      markdownTable(
        ['λ', 'train acc', 'val acc', 'test acc', 'val loss', 'zero weights %', 'weight norm', ''],
        sweep.points.map((p) => [
          String(p.rate),
          p.run.final.trainAccuracy.toFixed(4),
          p.run.final.validationAccuracy.toFixed(4),
          p.run.test.accuracy.toFixed(4),
          p.run.final.validationLoss.toFixed(4),
          (100 * p.run.final.zeroFraction).toFixed(2),
          p.run.final.weightNorm.toFixed(2),
          p.rate === sweep.chosen.rate ? 'chosen' : '',
        ]),
      ),
      '',
    );
    md.push('![sweep curve](sweep.svg)', '', '![sweep accuracy curves](sweep-accuracy-curves.svg)', '');
  }

  const allRuns = [...comparison, ...(sweep?.points.map((p) => p.run) ?? [])];
  md.push('## Per-epoch measurements', '');
  for (const run of allRuns) {
    md.push(`<details><summary>${escapeHtml(run.label)} (${escapeHtml(run.source)})</summary>`, '');
    md.push('```json', JSON.stringify(run.config), '```', '');
    md.push(
      markdownTable(
        ['epoch', 'batch loss', 'train loss', 'train acc', 'val loss', 'val acc', 'weight norm', 'zeros %', 'penalty'],
        run.epochs.map((e) => [
          String(e.epoch),
          Number.isFinite(e.batchLoss) ? e.batchLoss.toFixed(4) : '–',
          e.trainLoss.toFixed(4),
          e.trainAccuracy.toFixed(4),
          e.validationLoss.toFixed(4),
          e.validationAccuracy.toFixed(4),
          e.weightNorm.toFixed(3),
          pct(e.zeroFraction),
          e.penalty.toPrecision(4),
        ]),
      ),
      '',
      '</details>',
      '',
    );
  }
  files['report.md'] = md.join('\n');
  files['results.json'] =
    JSON.stringify(
      {
        context,
        claims,
        comparison: comparison.map(stripHistogram),
        sweep: sweep && { plan: sweep.plan, chosenRate: sweep.chosen.rate, points: sweep.points.map((p) => ({ rate: p.rate, run: stripHistogram(p.run) })) },
      },
      (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
      2,
    ) + '\n';
  return files;
}

function stripHistogram(run: RunResult): Omit<RunResult, 'kernelHistogram'> {
  const { kernelHistogram: _unused, ...rest } = run;
  return rest;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A Markdown (GFM) table; pipes inside cells are escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Writes the files into `folder` (created if missing); returns the paths written. */
export function writeReport(folder: string, files: Record<string, string>): string[] {
  mkdirSync(folder, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  });
}
