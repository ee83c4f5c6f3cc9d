import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LabOptions } from './cli-flags.js';
import { defaultOptions } from './cli-flags.js';
import { decayMethodOf } from './lab-configs.js';
import { FlagError } from './lab-errors.js';
import type { LabOutcome } from './lab-main.js';
import { runLab } from './lab-main.js';
import type { RunResult } from './run-experiment.js';

// A tiny version of the whole lab: 200 training digits, 2 epochs of 4 updates each.
const tiny: Partial<LabOptions> = { epochs: 2, trainSize: 200, validationSize: 100, testSize: 100, batchSize: 50 };

async function tinyLab(overrides: Partial<LabOptions>): Promise<{ outcome: LabOutcome; out: string; printed: string[] }> {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  const printed: string[] = [];
  const outcome = await runLab(
    { ...defaultOptions, ...tiny, out, ...overrides },
    { out: (line) => printed.push(line), progress: { update: () => {}, clear: () => {} }, command: 'test' },
  );
  return { outcome, out, printed };
}

function checkRunNumbers(run: RunResult): void {
  for (const e of run.epochs) {
    for (const acc of [e.trainAccuracy, e.validationAccuracy]) {
      expect(acc).toBeGreaterThanOrEqual(0);
      expect(acc).toBeLessThanOrEqual(1);
    }
    for (const x of [e.trainLoss, e.validationLoss, e.weightNorm, e.penalty]) expect(Number.isFinite(x)).toBe(true);
    if (e.epoch > 0) expect(Number.isFinite(e.batchLoss)).toBe(true);
  }
  expect(run.epochs).toHaveLength(3);
  expect(run.test.accuracy).toBeGreaterThanOrEqual(0);
  expect(run.test.accuracy).toBeLessThanOrEqual(1);
}

function checkReportFolder(out: string, sweep: boolean): void {
  const names = ['report.md', 'results.json', 'loss-curves.svg', 'accuracy-curves.svg', 'sparsity.svg', 'weight-norm.svg', 'weight-histograms.svg'];
  if (sweep) names.push('sweep.svg', 'sweep-accuracy-curves.svg');
  for (const name of names) expect(existsSync(join(out, name)), name).toBe(true);
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  expect(report).toContain('## Claims checked against this run');
  expect(report).toMatch(/\*\*Verdict: (supported|partly supported|not supported|inconclusive|not tested)\.\*\*/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { comparison: unknown[] };
  expect(results.comparison).toHaveLength(5);
}

function byMethod(runs: readonly RunResult[], method: string): RunResult {
  const run = runs.find((r) => decayMethodOf(r.config) === method);
  if (!run) throw new Error(`no ${method} run`);
  return run;
}

function checkDecayEffects(runs: readonly RunResult[]): void {
  const none = byMethod(runs, 'none');
  expect(byMethod(runs, 'l1-proximal').final.zeroFraction).toBeGreaterThan(none.final.zeroFraction);
  // A run without coupled terms has no penalty; an l2 run's is λ/2·Σθ² > 0.
  expect(none.final.penalty).toBe(0);
  expect(byMethod(runs, 'l2').final.penalty).toBeGreaterThan(0);
  expect(byMethod(runs, 'decoupled').final.weightNorm).toBeLessThan(none.final.weightNorm);
}

describe('--config', { timeout: 120_000 }, () => {
  it('alone runs just that file, without a sweep', async () => {
    const { outcome } = await tinyLab({ backend: 'onnxruntime', config: fileURLToPath(new URL('../configs/l2.json', import.meta.url)) });
    expect(outcome.comparison.map((r) => r.label)).toEqual(['l2']);
    expect(outcome.sweep).toBeUndefined();
  });

  it('refuses sweep flags when no sweep runs', async () => {
    const l2 = fileURLToPath(new URL('../configs/l2.json', import.meta.url));
    await expect(tinyLab({ config: l2, rates: [0, 1] })).rejects.toThrow(/^--rates: only applies when a sweep runs/);
    await expect(tinyLab({ experiment: 'compare', search: 'random' })).rejects.toThrow(/^--search: only applies/);
  });

  it('refuses to sweep a config without decay terms, before training anything', async () => {
    const none = fileURLToPath(new URL('../configs/none.json', import.meta.url));
    await expect(tinyLab({ backend: 'onnxruntime', config: none, experiment: 'sweep' })).rejects.toThrow(FlagError);
    await expect(tinyLab({ backend: 'onnxruntime', config: none, experiment: 'sweep' })).rejects.toThrow(
      /--config: .*none\.json has no decay term, so there is no rate to sweep/,
    );
  });
});

describe('the lab end to end', { timeout: 240_000 }, () => {
  let ort: RunResult[] = [];

  it('runs the default experiment (comparison + sweep) on onnxruntime and writes the report', async () => {
    const { outcome, out, printed } = await tinyLab({ backend: 'onnxruntime', experiment: 'default' });
    ort = outcome.comparison;
    expect(outcome.comparison.map((r) => r.label)).toEqual(['none', 'l2', 'decoupled', 'l1-proximal', 'l1-subgradient']);
    for (const run of outcome.comparison) checkRunNumbers(run);
    for (const p of outcome.sweep?.points ?? []) checkRunNumbers(p.run);
    expect(outcome.sweep?.points.map((p) => p.rate)).toEqual([0, 0.1, 1, 10, 100]);
    // λ = 0 changes nothing, so the sweep reuses the no-decay run instead of training it again.
    expect(outcome.sweep?.points[0].run.epochs).toBe(byMethod(outcome.comparison, 'none').epochs);
    checkDecayEffects(outcome.comparison);
    checkReportFolder(out, true);
    expect(printed[0].split('\n')[0]).toMatch(/^method\s+\| train acc \| val acc \| zero weights % \| weight norm$/);
  });

  it('runs the comparison on tfjs (cpu) with the same numbers as onnxruntime', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const { outcome, out } = await tinyLab({ backend: 'tfjs', tfjsBackend: 'cpu', experiment: 'compare' });
    // Every session disposes its variables, optimizer slots and intermediates.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    for (const run of outcome.comparison) checkRunNumbers(run);
    checkDecayEffects(outcome.comparison);
    checkReportFolder(out, false);
    expect(outcome.sweep).toBeUndefined();
    // Same seeded weights, same batches, same portable config: the two backends differ only by
    // float32 rounding after 8 updates, far below these tolerances.
    expect(ort).toHaveLength(5);
    outcome.comparison.forEach((run, i) => {
      const other = ort[i];
      expect(run.final.weightNorm).toBeCloseTo(other.final.weightNorm, 2);
      expect(Math.abs(run.final.trainAccuracy - other.final.trainAccuracy)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(run.final.zeroFraction - other.final.zeroFraction)).toBeLessThan(0.001);
    });
  });
});
