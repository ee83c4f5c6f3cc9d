/**
 * The lab as a function: options in, report folder and summary out. The CLI
 * wraps it; the end-to-end test calls it directly.
 */
import { cpus } from 'node:os';
import { checkClaims } from './claims.js';
import type { LabOptions } from './cli-flags.js';
import { FlagError } from './lab-errors.js';
import {
  comparisonConfigFiles,
  decayMethodOf,
  defaultSweepConfigFile,
  loadBuiltInConfig,
  loadConfigFile,
} from './lab-configs.js';
import type { DecayMethod } from './lab-configs.js';
import { buildReport, writeReport } from './lab-report.js';
import { loadMnistSplits } from './mnist-data.js';
import { defaultArchitecture } from './mlp-model.js';
import type { SweepResult } from './rate-sweep.js';
import { gridRates, randomRates, runSweep } from './rate-sweep.js';
import type { RunResult, RunSettings, RunSpec } from './run-experiment.js';
import { runExperiment } from './run-experiment.js';
import type { ProgressSink } from './terminal-output.js';
import { progressLine, summaryTable } from './terminal-output.js';
import type { TrainingBackend } from './training-backend.js';

/** Where the lab writes: results to `out`, progress to `progress`. */
export interface LabIo {
  /** Normal output (tables, verdicts, paths). */
  out: (line: string) => void;
  /** Progress display (a no-op when stderr is not a terminal). */
  progress: ProgressSink;
  /** The command line, for the report header. */
  command: string;
}

/** What a lab run produced. */
export interface LabOutcome {
  /** The comparison runs (or the one --config run). */
  comparison: RunResult[];
  /** The sweep, if it ran. */
  sweep?: SweepResult;
  /** Files written. */
  files: string[];
  /** The terminal table. */
  table: string;
}

/**
 * Default sweep ranges [low, high] per method, chosen so the grid spans from
 * "barely changes anything" to "clearly too much" for Adam at lr 1e-3 over
 * a few hundred updates (see README for how they were picked).
 */
export const sweepRanges: Record<DecayMethod, [number, number]> = {
  none: [0.01, 10],
  decoupled: [0.1, 100],
  l2: [1e-4, 0.1],
  'l1-proximal': [0.01, 10],
  'l1-subgradient': [1e-5, 1e-2],
  anchor: [0.1, 100],
  mixed: [0.01, 10],
};

/** Loads the backend named by the options; each binding is imported only when used. */
export async function createBackend(options: Pick<LabOptions, 'backend' | 'tfjsBackend'>): Promise<TrainingBackend> {
  if (options.backend === 'tfjs') {
    const { createTfjsBackend } = await import('./tfjs-binding.js');
    return createTfjsBackend(options.tfjsBackend);
  }
  const { createOnnxruntimeBackend } = await import('./onnxruntime-binding.js');
  return createOnnxruntimeBackend();
}

/** The configs of the comparison and the sweep plan, all loaded and validated before any training. */
function plan(options: LabOptions): { comparison: RunSpec[]; sweepBase?: RunSpec; rates: number[] } {
  const runCompare = options.experiment !== 'sweep';
  // `--config file` alone means "run this file"; a sweep of it must be asked for.
  const runSweepToo =
    options.experiment === 'sweep' ||
    options.experiment === 'all' ||
    (options.experiment === 'default' && options.config === undefined);
  const single = options.config === undefined ? undefined : loadConfigFile(options.config);
  const comparison = runCompare ? (single ? [single] : comparisonConfigFiles.map((f) => loadBuiltInConfig(f))) : [];
  if (!runSweepToo) {
    const sweepOnly = options.rates ? '--rates' : options.search !== 'grid' ? '--search' : undefined;
    if (sweepOnly) throw new FlagError(sweepOnly, 'only applies when a sweep runs (--experiment sweep or all)');
    return { comparison, rates: [] };
  }
  const sweepBase = single ?? loadBuiltInConfig(defaultSweepConfigFile);
  if (sweepBase.config.decay.length === 0) {
    throw new FlagError('--config', `${sweepBase.source} has no decay term, so there is no rate to sweep`);
  }
  const [low, high] = sweepRanges[decayMethodOf(sweepBase.config)];
  const count = options.experiment === 'default' ? 4 : 7;
  const rates =
    options.rates ??
    (options.search === 'random' ? randomRates(low, high, count, options.seed) : gridRates(low, high, count));
  return { comparison, sweepBase, rates };
}

/** Canonical key of a config for reusing identical runs: terms with the constant rate 0 change nothing. */
function runKey(spec: RunSpec): string {
  return JSON.stringify({ optimizer: spec.config.optimizer, decay: spec.config.decay.filter((t) => t.rate !== 0) });
}

/** Runs the experiments the options ask for and writes the report. */
export async function runLab(options: LabOptions, io: LabIo): Promise<LabOutcome> {
  const planned = plan(options);
  const data = loadMnistSplits(
    { train: options.trainSize, validation: options.validationSize, test: options.testSize },
    options.seed,
  );
  const backend = await createBackend(options);
  const started = performance.now();
  const cache = new Map<string, RunResult>();
  const totalRuns = planned.comparison.length + planned.rates.length;
  let runIndex = 0;
  const settingsFor = (label: string): RunSettings => {
    runIndex++;
    const prefix = `[${runIndex}/${totalRuns}] ${label}`;
    return {
      architecture: defaultArchitecture,
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      data,
      onEpoch: (epoch, m) =>
        io.progress.update(
          progressLine(prefix, epoch, options.epochs, `train acc ${m.trainAccuracy.toFixed(3)}  val acc ${m.validationAccuracy.toFixed(3)}`),
        ),
    };
  };
  const run = async (spec: RunSpec): Promise<RunResult> => {
    const key = runKey(spec);
    const known = cache.get(key);
    if (known) {
      runIndex++;
      return { ...known, label: spec.label, source: spec.source, config: spec.config };
    }
    const result = await runExperiment(backend, spec, settingsFor(spec.label));
    cache.set(key, result);
    return result;
  };
  try {
    const comparison: RunResult[] = [];
    for (const spec of planned.comparison) comparison.push(await run(spec));
    let sweep: SweepResult | undefined;
    if (planned.sweepBase) {
      const base = planned.sweepBase;
      sweep = await runSweep(
        { base, termIndex: 0, search: options.rates ? 'grid' : options.search, rates: planned.rates },
        run,
      );
    }
    io.progress.clear();
    const seconds = (performance.now() - started) / 1000;
    const claims = checkClaims({
      comparison,
      sweep,
      validationSize: options.validationSize,
      testSize: options.testSize,
    });
    const files = buildReport({
      context: {
        date: new Date().toISOString(),
        command: io.command,
        backend: backend.name,
        machine: `${cpus().length} cores, ${process.platform} ${process.arch}, Node ${process.version}`,
        seed: options.seed,
        sizes: { train: options.trainSize, validation: options.validationSize, test: options.testSize },
        layerSizes: defaultArchitecture.layerSizes,
        epochs: options.epochs,
        batchSize: options.batchSize,
        seconds,
      },
      comparison,
      sweep,
      claims,
    });
    const written = writeReport(options.out, files);
    const tableRuns = [...comparison, ...(sweep?.points.map((p) => p.run) ?? [])];
    const table = summaryTable(tableRuns);
    io.out(table);
    io.out('');
    if (sweep) io.out(`Sweep chose λ=${sweep.chosen.rate} for ${sweep.plan.base.label} by validation accuracy.`);
    for (const claim of claims) io.out(`${claim.verdict.padEnd(16)} ${claim.statement}`);
    io.out('');
    io.out(`Report: ${options.out} (${written.length} files), training ${seconds.toFixed(1)} s on ${backend.name}.`);
    return { comparison, sweep, files: written, table };
  } finally {
    io.progress.clear();
    await backend.dispose();
  }
}
