import { resolveConfig, type OptimizerConfig } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import {
  accuracyStandardError,
  checkClaims,
  checkDecayGeneralises,
  checkL1SparsityL2Shrinks,
  checkOverfits,
  checkSweepChoice,
  checkTooMuchHurts,
} from './claims.js';
import type { SweepResult } from './rate-sweep.js';
import type { EpochMetrics, RunResult } from './run-experiment.js';

const optimizer: OptimizerConfig = { type: 'adam', learningRate: 0.001 };
const configs = {
  none: resolveConfig({ optimizer }),
  l2: resolveConfig({ optimizer, decay: [{ type: 'l2', rate: 1e-3 }] }),
  decoupled: (rate: number) => resolveConfig({ optimizer, decay: [{ type: 'decoupled', rate }] }),
  l1: resolveConfig({ optimizer, decay: [{ type: 'l1', method: 'proximal', rate: 0.1 }] }),
  l1sub: resolveConfig({ optimizer, decay: [{ type: 'l1', method: 'subgradient', rate: 1e-4 }] }),
};

function run(label: string, config: RunResult['config'], final: Partial<EpochMetrics>, testAccuracy = 0.9): RunResult {
  const metrics: EpochMetrics = {
    epoch: 10,
    batchLoss: 0.1,
    trainLoss: 0.1,
    trainAccuracy: 1,
    validationLoss: 0.4,
    validationAccuracy: 0.9,
    weightNorm: 30,
    zeroFraction: 0,
    penalty: 0,
    ...final,
  };
  return {
    label,
    source: 'test',
    config,
    backend: 'fake',
    epochs: [metrics],
    final: metrics,
    test: { loss: 0.4, accuracy: testAccuracy },
    zeroFractionByParameter: {},
    kernelHistogram: [],
    seconds: 0,
  };
}

function sweep(points: [rate: number, val: number, test: number][]): SweepResult {
  const built = points.map(([rate, val, test]) => ({
    rate,
    run: run(`decoupled λ=${rate}`, configs.decoupled(rate), { validationAccuracy: val }, test),
  }));
  const chosen = built.reduce((best, p) => (p.run.final.validationAccuracy > best.run.final.validationAccuracy ? p : best));
  return {
    plan: { base: { label: 'decoupled', config: configs.decoupled(1), source: 'x' }, termIndex: 0, search: 'grid', rates: points.map((p) => p[0]) },
    points: built,
    chosen,
  };
}

const sizes = { validationSize: 2000, testSize: 2000 };

describe('accuracyStandardError', () => {
  it('is √(p(1−p)/n)', () => {
    // p = 0.9, n = 2000: √(0.09/2000) = √0.000045 ≈ 0.0067082
    expect(accuracyStandardError(0.9, 2000)).toBeCloseTo(0.0067082, 6);
  });
});

describe('checkDecayGeneralises', () => {
  it('is supported when every decay run gains clearly on validation at a small train cost', () => {
    const check = checkDecayGeneralises({
      ...sizes,
      comparison: [
        run('none', configs.none, { trainAccuracy: 1, validationAccuracy: 0.9 }),
        run('l2', configs.l2, { trainAccuracy: 0.99, validationAccuracy: 0.92 }),
      ],
    });
    expect(check.verdict).toBe('supported');
    expect(check.evidence.join(' ')).toContain('helped as claimed');
  });

  it('says so when decay did not help', () => {
    const check = checkDecayGeneralises({
      ...sizes,
      comparison: [
        run('none', configs.none, { validationAccuracy: 0.9 }),
        run('l2', configs.l2, { validationAccuracy: 0.92, trainAccuracy: 0.99 }),
        // +0.3 points is below one standard error (0.67): not a clear gain.
        run('l1-proximal', configs.l1, { validationAccuracy: 0.903 }),
        run('l1-subgradient', configs.l1sub, { validationAccuracy: 0.85 }),
      ],
    });
    expect(check.verdict).toBe('partly supported');
    const text = check.evidence.join('\n');
    expect(text).toMatch(/l1-proximal.*did NOT clearly help/);
    expect(text).toMatch(/l1-subgradient.*did NOT help: validation accuracy fell/);
  });

  it('is not supported when no decay run helps, and not tested without a baseline', () => {
    expect(
      checkDecayGeneralises({ ...sizes, comparison: [run('none', configs.none, {}), run('l2', configs.l2, { validationAccuracy: 0.88 })] })
        .verdict,
    ).toBe('not supported');
    expect(checkDecayGeneralises({ ...sizes, comparison: [run('l2', configs.l2, {})] }).verdict).toBe('not tested');
  });

  it('does not count a gain that costs more than 5 training points', () => {
    const check = checkDecayGeneralises({
      ...sizes,
      comparison: [run('none', configs.none, {}), run('l2', configs.l2, { trainAccuracy: 0.9, validationAccuracy: 0.93 })],
    });
    expect(check.verdict).toBe('not supported');
  });
});

describe('checkTooMuchHurts', () => {
  it('is supported when the largest rate is clearly below the best', () => {
    expect(checkTooMuchHurts({ ...sizes, sweep: sweep([[0, 0.9, 0.9], [1, 0.93, 0.92], [100, 0.8, 0.8]]) }).verdict).toBe('supported');
  });
  it('is not supported when the largest rate wins (the grid stopped too early)', () => {
    const check = checkTooMuchHurts({ ...sizes, sweep: sweep([[0, 0.9, 0.9], [1, 0.91, 0.9], [10, 0.93, 0.9]]) });
    expect(check.verdict).toBe('not supported');
    expect(check.evidence.join(' ')).toContain('never reached');
  });
  it('is inconclusive within one standard error, and not tested without a sweep', () => {
    expect(checkTooMuchHurts({ ...sizes, sweep: sweep([[0, 0.9, 0.9], [1, 0.93, 0.9], [10, 0.927, 0.9]]) }).verdict).toBe('inconclusive');
    expect(checkTooMuchHurts(sizes).verdict).toBe('not tested');
  });
});

describe('checkL1SparsityL2Shrinks', () => {
  const none = run('none', configs.none, { zeroFraction: 0, weightNorm: 30 });
  it('is supported when L1 zeros weights and L2 shrinks without zeros', () => {
    const check = checkL1SparsityL2Shrinks({
      ...sizes,
      comparison: [none, run('l1', configs.l1, { zeroFraction: 0.4 }), run('l2', configs.l2, { weightNorm: 20 }), run('sub', configs.l1sub, {})],
    });
    expect(check.verdict).toBe('supported');
    expect(check.evidence.join(' ')).toContain('oscillates');
  });
  it('is partly supported when L2 does not shrink the norm', () => {
    const check = checkL1SparsityL2Shrinks({
      ...sizes,
      comparison: [none, run('l1', configs.l1, { zeroFraction: 0.4 }), run('l2', configs.l2, { weightNorm: 31 })],
    });
    expect(check.verdict).toBe('partly supported');
    expect(check.evidence.join(' ')).toContain('NOT smaller');
  });
  it('is not supported when L1 leaves (almost) no zeros', () => {
    const check = checkL1SparsityL2Shrinks({ ...sizes, comparison: [none, run('l1', configs.l1, { zeroFraction: 0.005 })] });
    expect(check.verdict).toBe('not supported');
  });
});

describe('checkSweepChoice', () => {
  it('is supported when the chosen rate also wins clearly on test', () => {
    expect(checkSweepChoice({ ...sizes, sweep: sweep([[0, 0.9, 0.9], [1, 0.93, 0.925]]) }).verdict).toBe('supported');
  });
  it('is not supported when no decay wins on validation', () => {
    const check = checkSweepChoice({ ...sizes, sweep: sweep([[0, 0.93, 0.9], [1, 0.92, 0.95]]) });
    expect(check.verdict).toBe('not supported');
    expect(check.evidence.join(' ')).toContain('decay did not help');
  });
  it('is inconclusive when the test gain is within one standard error', () => {
    expect(checkSweepChoice({ ...sizes, sweep: sweep([[0, 0.9, 0.9], [1, 0.93, 0.903]]) }).verdict).toBe('inconclusive');
  });
});

describe('checkClaims', () => {
  it('reports every claim, untested ones included', () => {
    const checks = checkClaims(sizes);
    expect(checks.map((c) => c.verdict)).toEqual(['not tested', 'not tested', 'not tested', 'not tested', 'not tested']);
  });
});

describe('checkOverfits', () => {
  const withCurve = (valLosses: number[], train: number, val: number): RunResult => {
    const base = run('none', configs.none, { trainAccuracy: train, validationAccuracy: val });
    const epochs = valLosses.map((validationLoss, epoch) => ({ ...base.final, epoch, validationLoss }));
    return { ...base, epochs, final: epochs[epochs.length - 1] };
  };
  it('is supported by a clear accuracy gap and a validation loss that rises after its minimum', () => {
    // Minimum 0.30 at epoch 2, final 0.36: a 20 % rise.
    const check = checkOverfits({ ...sizes, comparison: [withCurve([2.3, 0.5, 0.3, 0.33, 0.36], 1, 0.9)] });
    expect(check.verdict).toBe('supported');
    expect(check.evidence[1]).toContain('lowest at epoch 2');
  });
  it('is partly supported when the loss keeps falling', () => {
    expect(checkOverfits({ ...sizes, comparison: [withCurve([2.3, 0.5, 0.4, 0.35], 1, 0.9)] }).verdict).toBe('partly supported');
  });
  it('is not supported without a gap or a rise', () => {
    expect(checkOverfits({ ...sizes, comparison: [withCurve([2.3, 0.5, 0.4, 0.35], 0.92, 0.9)] }).verdict).toBe('not supported');
  });
});
