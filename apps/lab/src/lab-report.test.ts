import { resolveConfig, type DecayTerm, type OptimizerConfig } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { checkClaims } from './claims.js';
import { buildReport, markdownTable, sweepChart } from './lab-report.js';
import type { SweepResult } from './rate-sweep.js';
import type { EpochMetrics, RunResult } from './run-experiment.js';
import { histogram } from './svg-chart.js';

const optimizer: OptimizerConfig = { type: 'adam', learningRate: 0.001 };

function run(label: string, decay: DecayTerm[], valAcc: number): RunResult {
  const epochs: EpochMetrics[] = [0, 1, 2].map((epoch) => ({
    epoch,
    batchLoss: epoch === 0 ? Number.NaN : 0.5 / epoch,
    trainLoss: 1 / (epoch + 1),
    trainAccuracy: 0.5 + epoch / 4,
    validationLoss: 1.2 / (epoch + 1),
    validationAccuracy: valAcc - (2 - epoch) / 10,
    weightNorm: 30 - epoch,
    zeroFraction: 0.1 * epoch,
    penalty: 0,
  }));
  return {
    label,
    source: `configs/${label}.json`,
    config: resolveConfig({ optimizer, decay }),
    backend: 'fake',
    epochs,
    final: epochs[2],
    test: { loss: 0.5, accuracy: valAcc - 0.01 },
    zeroFractionByParameter: {},
    kernelHistogram: histogram([0, 0.1, -0.1], -0.3, 0.3, 12),
    seconds: 1,
  };
}

const comparison = [run('none', [], 0.9), run('l1 | proximal', [{ type: 'l1', method: 'proximal', rate: 0.1 }], 0.91)];
const sweep: SweepResult = {
  plan: { base: { label: 'decoupled', config: resolveConfig({ optimizer, decay: [{ type: 'decoupled', rate: 1 }] }), source: 'x' }, termIndex: 0, search: 'grid', rates: [0, 1, 10] },
  points: [0, 1, 10].map((rate, i) => ({ rate, run: run(`decoupled λ=${rate}`, [{ type: 'decoupled', rate }], [0.9, 0.92, 0.5][i]) })),
  chosen: undefined as never,
};
sweep.chosen = sweep.points[1];

const context = {
  date: '2026-11-25T10:00:00Z',
  command: 'node dist/cli.js --epochs 2',
  backend: 'fake',
  machine: '2 cores',
  seed: 1,
  sizes: { train: 100, validation: 100, test: 100 },
  layerSizes: [784, 8, 10],
  epochs: 2,
  batchSize: 10,
  seconds: 3,
};

describe('buildReport', () => {
  const files = buildReport({ context, comparison, sweep, claims: checkClaims({ comparison, sweep, validationSize: 100, testSize: 100 }) });

  it('writes the Markdown, the charts and the raw results', () => {
    expect(Object.keys(files).sort()).toEqual(
      [
        'report.md',
        'results.json',
        'loss-curves.svg',
        'accuracy-curves.svg',
        'sparsity.svg',
        'weight-norm.svg',
        'weight-histograms.svg',
        'sweep.svg',
        'sweep-loss-curves.svg',
        'sweep-accuracy-curves.svg',
        'sweep-sparsity.svg',
        'sweep-weight-norm.svg',
      ].sort(),
    );
    for (const [name, content] of Object.entries(files)) {
      if (name.endsWith('.svg')) {
        expect(content.startsWith('<svg')).toBe(true);
        expect(content).not.toMatch(/NaN|Infinity/);
      }
    }
  });

  it('states the measured numbers, the verdicts and the chosen rate', () => {
    const md = files['report.md'];
    expect(md).toContain('node dist/cli.js --epochs 2');
    expect(md).toContain('| none | 1.0000 | 0.9000 | 20.00 | 28.00 | 0.8900 |');
    expect(md).toContain('l1 \\| proximal'); // the pipe in a label cannot break the table
    expect(md).toContain('**Verdict: supported.**');
    expect(md).toContain('is chosen (λ=1)');
    expect(md).toContain('![sweep curve](sweep.svg)');
  });

  it('keeps results.json valid JSON, writing non-finite numbers as strings', () => {
    const results = JSON.parse(files['results.json']) as { comparison: { epochs: { batchLoss: unknown }[] }[]; sweep: { chosenRate: number } };
    expect(results.comparison[0].epochs[0].batchLoss).toBe('NaN');
    expect(results.sweep.chosenRate).toBe(1);
  });

  it('draws rate 0 on the log axis one decade left of the smallest rate', () => {
    const svg = sweepChart(sweep);
    expect(svg).toContain('>0</text>');
    expect(svg).toContain('>1</text>');
    expect(svg).toContain('>10</text>');
    expect(svg.match(/<circle/g)).toHaveLength(9); // 3 lines × 3 rates
  });
});

describe('markdownTable', () => {
  it('escapes pipes in cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n|---|---|\n| x\\|y | 1 |');
  });
});
