/**
 * The lab as a function: options in, report folder and summary out. The CLI
 * wraps it; the end-to-end test calls it directly.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ClaimCheck, StudyRuns } from './claims.js';
import { checkClaims } from './claims.js';
import type { LabOptions } from './cli-flags.js';
import { studySizes } from './cli-flags.js';
import { buildReport, writeReport } from './lab-report.js';
import { loadMnistSplits } from './mnist-data.js';
import { defaultArchitecture } from './mlp-model.js';
import type { RunResult } from './run-experiment.js';
import { blankPixels, runExperiment } from './run-experiment.js';
import { formatInterval, meanInterval } from './statistics.js';
import type { StudyArm, StudyPlan } from './study-plan.js';
import { armsOfSeed, planSingleConfig, planStudy } from './study-plan.js';
import type { ProgressSink } from './terminal-output.js';
import { formatDuration, formatTable, progressLine } from './terminal-output.js';
import type { TrainingBackend } from './training-backend.js';
import { copyBrowserScripts } from './vega-charts.js';

/** Where the lab writes: results to `out`, progress to `progress`. */
export interface LabIo {
  /** Normal output (tables, verdicts, paths). */
  out: (line: string) => void;
  /** Progress: a bar on a terminal, plain lines elsewhere. */
  progress: ProgressSink;
  /** The command line, for the report header. */
  command: string;
}

/** What a lab run produced. */
export interface LabOutcome {
  /** The plan that ran. */
  plan: StudyPlan;
  /** Every run, by arm id, in seed order. */
  runs: StudyRuns;
  /** The claims, checked. */
  claims: ClaimCheck[];
  /** Files written. */
  files: string[];
  /** Wall-clock seconds of the whole study. */
  seconds: number;
}

/** Changes a plan before it runs (tests plant effects this way); identity by default. */
export type PlanEdit = (plan: StudyPlan) => StudyPlan;

/** Loads the backend named by the options; each binding is imported only when used. */
export async function createBackend(options: Pick<LabOptions, 'backend' | 'tfjsBackend'>): Promise<TrainingBackend> {
  if (options.backend === 'tfjs') {
    const { createTfjsBackend } = await import('./tfjs-binding.js');
    return createTfjsBackend(options.tfjsBackend);
  }
  const { createOnnxruntimeBackend } = await import('./onnxruntime-binding.js');
  return createOnnxruntimeBackend();
}

/** The claims table for the terminal. */
function claimsTable(claims: readonly ClaimCheck[]): string {
  return formatTable(
    ['#', 'verdict', 'ours', 'article'],
    claims.map((c) => [String(c.number), c.verdict, c.ours, c.article]),
  );
}

/** The per-arm table for the terminal. */
function armsTable(runs: StudyRuns): string {
  const cell = (list: readonly RunResult[], pick: (r: RunResult) => number): string => formatInterval(meanInterval(list.map(pick)), 100, 1);
  return formatTable(
    ['arm', 'train acc %', 'val acc %', 'test acc %'],
    [...runs].map(([id, list]) => [
      id,
      cell(list, (r) => r.final.trainAccuracy),
      cell(list, (r) => r.final.validationAccuracy),
      cell(list, (r) => r.test.accuracy),
    ]),
  );
}

/** Runs the study the options ask for and writes the report. */
export async function runLab(options: LabOptions, io: LabIo, edit: PlanEdit = (plan) => plan): Promise<LabOutcome> {
  const started = performance.now();
  const size = options.full ? studySizes.full : studySizes.default;
  const seeds = options.seeds ?? size.seeds;
  const epochs = options.epochs ?? size.epochs;
  const primary = await createBackend(options);
  let fallback: TrainingBackend | undefined;
  try {
    const architecture = {
      layerSizes: defaultArchitecture.layerSizes,
      dropout: options.dropout,
      batchNorm: options.batchNorm || undefined,
    };
    const plan = edit(
      options.config
        ? planSingleConfig(options.config, architecture, seeds)
        : planStudy({ ...size, seeds }, (arch) => primary.unsupported(arch)),
    );
    if (options.config) {
      const reason = primary.unsupported(architecture);
      if (reason) throw new RangeError(`${primary.name} cannot train this model: ${reason} (use --backend tfjs)`);
    }
    const data = loadMnistSplits(
      { train: options.trainSize, validation: options.validationSize, test: options.testSize },
      options.splitSeed,
    );
    const blank = blankPixels(data.train);
    const backendFor = async (arm: StudyArm): Promise<TrainingBackend> => {
      if (!arm.onFallback) return primary;
      fallback ??= await createBackend({ backend: 'tfjs', tfjsBackend: 'wasm' });
      return fallback;
    };
    const schedule = plan.seeds.flatMap((seed) => armsOfSeed(plan, seed).map((arm) => ({ seed, arm })));
    const runs = new Map<string, RunResult[]>();
    for (const [index, { seed, arm }] of schedule.entries()) {
      const elapsed = (performance.now() - started) / 1000;
      const eta = index > 0 ? ` · ${formatDuration((elapsed / index) * (schedule.length - index))} left` : '';
      const label = `[${index + 1}/${schedule.length}] seed ${seed} ${arm.id}`;
      const run = await runExperiment(
        await backendFor(arm),
        { label: arm.id, config: arm.config, source: arm.file },
        {
          architecture: arm.architecture,
          epochs,
          batchSize: options.batchSize,
          seed,
          data,
          blankPixels: blank,
          scoreEachEpoch: arm.scoreEachEpoch,
          onEpoch: (epoch, m) =>
            io.progress.update(
              `${progressLine(label, index, schedule.length, `epoch ${epoch}/${epochs}${Number.isNaN(m.validationAccuracy) ? '' : ` · val ${(100 * m.validationAccuracy).toFixed(1)} %`}`)}${eta}`,
            ),
        },
      );
      runs.set(arm.id, [...(runs.get(arm.id) ?? []), run]);
      io.progress.done(
        `${label}: train ${(100 * run.final.trainAccuracy).toFixed(1)} %, val ${(100 * run.final.validationAccuracy).toFixed(1)} %, test ${(100 * run.test.accuracy).toFixed(1)} % (${formatDuration((performance.now() - started) / 1000)} elapsed)`,
      );
    }
    io.progress.clear();
    const claims = checkClaims({ plan, runs });
    const seconds = (performance.now() - started) / 1000;
    const files = await buildReport({
      context: {
        date: new Date().toISOString(),
        command: io.command,
        backend: primary.name,
        fallbackBackend: fallback?.name,
        machine: `${cpus().length} cores, ${process.platform} ${process.arch}, Node ${process.version}`,
        splitSeed: options.splitSeed,
        sizes: { train: options.trainSize, validation: options.validationSize, test: options.testSize },
        blankPixelCount: blank.length,
        epochs,
        batchSize: options.batchSize,
        seconds,
        full: options.full,
      },
      plan,
      runs,
      claims,
      folder: options.out,
    });
    const written = [...writeReport(options.out, files), ...copyBrowserScripts(options.out)];
    io.out(armsTable(runs));
    io.out('');
    if (!options.config) {
      io.out(claimsTable(claims));
      io.out('');
    }
    io.out(
      `Report: ${join(options.out, 'report.md')} and report.html (${written.length} files); ${plan.seeds.length} seeds, ${schedule.length} runs in ${formatDuration(seconds)} on ${primary.name}${fallback ? ` (claim 7 on ${fallback.name})` : ''}.`,
    );
    return { plan, runs, claims, files: written, seconds };
  } finally {
    io.progress.clear();
    await primary.dispose();
    await fallback?.dispose();
  }
}
