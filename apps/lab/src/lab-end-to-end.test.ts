import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { withDecayRate } from './lab-configs.js';
import type { LabOptions } from './cli-flags.js';
import { defaultOptions } from './cli-flags.js';
import type { LabOutcome, PlanEdit } from './lab-main.js';
import { runLab } from './lab-main.js';
import type { RunResult } from './run-experiment.js';
import { pairedDifference } from './statistics.js';
import { arms } from './study-plan.js';

// The whole study, shrunk: two seeds, one epoch of two updates, 100 digits per split.
const tiny: Partial<LabOptions> = { seeds: 2, epochs: 1, trainSize: 100, validationSize: 100, testSize: 100, batchSize: 50 };

async function tinyLab(
  overrides: Partial<LabOptions>,
  edit?: PlanEdit,
): Promise<{ outcome: LabOutcome; out: string; printed: string[]; progress: string[] }> {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  const printed: string[] = [];
  const progress: string[] = [];
  const outcome = await runLab(
    { ...defaultOptions, ...tiny, out, ...overrides },
    {
      out: (line) => printed.push(line),
      progress: { update: () => {}, done: (line) => progress.push(line), clear: () => {} },
      command: 'test',
    },
    edit,
  );
  return { outcome, out, printed, progress };
}

function runsOf(outcome: LabOutcome, id: string): readonly RunResult[] {
  const runs = outcome.runs.get(id);
  if (!runs) throw new Error(`no runs of ${id}`);
  return runs;
}

/** Keeps only the named arms of a plan (and no searches), so a planted study stays small. */
const only =
  (ids: string[], change: (id: string, config: RunResult['config']) => RunResult['config'] = (_, c) => c): PlanEdit =>
  (plan) => ({
    ...plan,
    arms: plan.arms.filter((arm) => ids.includes(arm.id)).map((arm) => ({ ...arm, config: change(arm.id, arm.config) })),
    seedArms: new Map(),
    search: undefined,
  });

function checkReportFolder(out: string, outcome: LabOutcome): void {
  for (const name of [
    'report.md',
    'report.html',
    'results.json',
    'accuracy-curves.svg',
    'rate-grid.svg',
    'factorial.svg',
    'ranking.svg',
    'vendor/vega.min.js',
    'vendor/vega-lite.min.js',
    'vendor/vega-embed.min.js',
    'configs/decoupled-0.1.json',
  ]) {
    expect(existsSync(join(out, name)), name).toBe(true);
  }
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  // The claims table shows exactly the verdicts the run computed, in order.
  const table = report.split('## The claims')[1].split('## Setup')[0];
  const rows = table.split('\n').filter((line) => /^\| \d+ \|/.test(line));
  expect(rows).toHaveLength(11);
  rows.forEach((row, i) => {
    const claim = outcome.claims[i];
    expect(row.startsWith(`| ${claim.number} |`)).toBe(true);
    expect(row).toContain(`| ${claim.ours} |`);
    expect(row.endsWith(`| **${claim.verdict}** |`)).toBe(true);
  });
  expect(report).toContain('Seeds**: 1, 2.');
  expect(report).toContain('95 % confidence interval over the seeds');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  expect(html).toContain('<script src="vendor/vega-embed.min.js"></script>');
  expect(html).toContain('id="chart-accuracy-curves"');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { claims: { verdict: string }[]; seeds: number[] };
  expect(results.claims.map((c) => c.verdict)).toEqual(outcome.claims.map((c) => c.verdict));
  expect(results.seeds).toEqual([1, 2]);
}

function expectSameRun(a: RunResult, b: RunResult): void {
  // Same seeded weights, batches and config; two updates in float32 on two frameworks.
  expect(a.final.weightNorm).toBeCloseTo(b.final.weightNorm, 3);
  expect(a.final.blankInputNorm / b.final.blankInputNorm).toBeCloseTo(1, 5);
  expect(Math.abs(a.final.kernelZeroFraction - b.final.kernelZeroFraction)).toBeLessThan(1e-4);
  expect(Math.abs(a.final.validationAccuracy - b.final.validationAccuracy)).toBeLessThanOrEqual(0.01);
  expect(a.final.batchLosses.length).toBe(b.final.batchLosses.length);
  a.final.batchLosses.forEach((loss, i) => expect(loss).toBeCloseTo(b.final.batchLosses[i], 4));
}

describe('the lab end to end', { timeout: 300_000 }, () => {
  let ort: LabOutcome | undefined;

  it('runs the two-seed study on onnxruntime, claim 7 on tfjs, and reports what it computed', async () => {
    const { outcome, out, printed, progress } = await tinyLab({ backend: 'onnxruntime' });
    ort = outcome;
    expect(outcome.plan.fallbackReason).toMatch(/Dropout and BatchNormalization/);
    expect(runsOf(outcome, arms.dropout)[0].backend).toBe('tfjs (wasm)');
    expect(runsOf(outcome, arms.none)[0].backend).toBe('onnxruntime');
    expect(runsOf(outcome, arms.none).map((r) => r.seed)).toEqual([1, 2]);
    // Plain progress lines, one per run, when the sink is not a terminal.
    expect(progress.length).toBe(
      outcome.plan.seeds.reduce((n, seed) => n + outcome.plan.arms.length + (outcome.plan.seedArms.get(seed)?.length ?? 0), 0),
    );
    checkReportFolder(out, outcome);
    // Claim 1's number is the paired difference of this run's no-decay train and validation accuracies.
    const none = runsOf(outcome, arms.none);
    const gap = pairedDifference(
      none.map((r) => r.final.trainAccuracy),
      none.map((r) => r.final.validationAccuracy),
    );
    expect(outcome.claims[0].rows[0].interval).toEqual(gap);
    // The no-decay cell of the factorial ran on tfjs: the same numbers as onnxruntime's no-decay arm.
    runsOf(outcome, arms.factorialNone).forEach((run, i) => expectSameRun(run, none[i]));
    expect(printed.join('\n')).toMatch(/^ *# \| verdict/m);
  });

  it('runs the same study on tfjs with the same numbers as onnxruntime', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const { outcome } = await tinyLab({ backend: 'tfjs', tfjsBackend: 'wasm' });
    // Every session disposes its variables, optimizer slots, running statistics and intermediates.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(outcome.plan.fallbackReason).toBeUndefined();
    expect(outcome.runs.has(arms.factorialNone)).toBe(false);
    if (!ort) throw new Error('the onnxruntime study did not run');
    for (const id of [arms.none, arms.l2, arms.decoupled, arms.l1, arms.largeLrDecoupled]) {
      runsOf(outcome, id).forEach((run, i) => expectSameRun(run, runsOf(ort as LabOutcome, id)[i]));
    }
    expect(outcome.claims.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it.each(['onnxruntime', 'tfjs'] as const)('flips claim 4 with a planted L1 rate on %s', async (backend) => {
    const keep = [arms.none, arms.l2, arms.l1];
    const study = async (rate: number) =>
      (
        await tinyLab(
          { backend, tfjsBackend: 'wasm' },
          only(keep, (id, config) => (id === arms.l1 ? withDecayRate(config, 0, rate) : config)),
        )
      ).outcome;
    // A huge L1 rate zeroes most kernel weights within two updates; rate 0 zeroes none, exactly like L2.
    const planted = await study(300);
    expect(planted.claims[3].verdict).toBe('supported');
    expect(runsOf(planted, arms.l1)[0].final.kernelZeroFraction).toBeGreaterThan(0.5);
    const absent = await study(0);
    expect(absent.claims[3].verdict).not.toBe('supported');
    expect(runsOf(absent, arms.l1)[0].final.kernelZeroFraction).toBe(0);
    // Claims whose arms were left out say so instead of guessing.
    expect(planted.claims[4].verdict).toBe('not tested');
  });
});

describe('--config', { timeout: 120_000 }, () => {
  it('runs just that file over the seeds, with no claim tested', async () => {
    const file = fileURLToPath(new URL('../configs/l2.json', import.meta.url));
    const { outcome } = await tinyLab({ backend: 'onnxruntime', config: file });
    expect([...outcome.runs.keys()]).toEqual(['l2']);
    expect(runsOf(outcome, 'l2')).toHaveLength(2);
    expect(outcome.claims.every((c) => c.verdict === 'not tested')).toBe(true);
  });

  it('refuses a dropout model on onnxruntime before training', async () => {
    const file = fileURLToPath(new URL('../configs/none.json', import.meta.url));
    await expect(tinyLab({ backend: 'onnxruntime', config: file, dropout: 0.3 })).rejects.toThrow(/use --backend tfjs/);
  });
});
