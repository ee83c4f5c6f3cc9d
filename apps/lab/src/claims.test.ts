import { resolveConfig } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { plannedStudy, plantedRun, plantedRuns } from './__fixtures__/fake-study.js';
import type { ClaimCheck } from './claims.js';
import { checkClaims, lossSpikes, predictedShrink } from './claims.js';
import { arms } from './study-plan.js';

const plan = plannedStudy();
// Per-seed noise that is not constant, so intervals have width.
const noise = [0.002, -0.001, 0.0005];

function claim(claims: ClaimCheck[], n: number): ClaimCheck {
  return claims.find((c) => c.number === n) as ClaimCheck;
}

describe('checkClaims on planted runs', () => {
  it('flips claim 2 with the planted effect: supported, refuted, inconclusive', () => {
    const withEffect = (effect: number[]) =>
      claim(
        checkClaims({
          plan,
          runs: plantedRuns(plan, (arm, s) =>
            arm === arms.decoupled ? { validationAccuracy: 0.9 + effect[s], trainAccuracy: 0.99 + noise[s] } : {},
          ),
        }),
        2,
      );
    const up = withEffect([0.03, 0.025, 0.035]);
    expect(up.verdict).toBe('supported');
    expect(up.rows[0].interval?.mean).toBeCloseTo(0.03, 10);
    expect(up.ours).toMatch(/^validation accuracy, decoupled − none: \+3\.0 ± [\d.]+ points$/);
    expect(withEffect([-0.03, -0.025, -0.035]).verdict).toBe('refuted');
    expect(withEffect([0.01, -0.01, 0.002]).verdict).toBe('inconclusive');
  });

  it("judges claim 1 from the no-decay arm's train − validation gap", () => {
    const overfit = claim(
      checkClaims({ plan, runs: plantedRuns(plan, (_, s) => ({ trainAccuracy: 1, validationAccuracy: 0.9 + noise[s] })) }),
      1,
    );
    expect(overfit.verdict).toBe('supported');
    const underfit = claim(
      checkClaims({ plan, runs: plantedRuns(plan, (_, s) => ({ trainAccuracy: 0.8 + noise[s], validationAccuracy: 0.9 })) }),
      1,
    );
    expect(underfit.verdict).toBe('refuted');
  });

  it('refutes claim 3 when no decay is the best grid point, supports it for an interior optimum', () => {
    const edge = claim(checkClaims({ plan, runs: plantedRuns(plan, (arm) => (arm === arms.none ? { validationAccuracy: 0.95 } : {})) }), 3);
    expect(edge.verdict).toBe('refuted');
    // λ = 1 (the decoupled arm) best on validation and test; λ = 100 clearly worse; none a bit worse.
    const interior = claim(
      checkClaims({
        plan,
        runs: plantedRuns(plan, (arm, s) =>
          arm === arms.decoupled
            ? { validationAccuracy: 0.95, testAccuracy: 0.94 + noise[s] }
            : arm === 'decoupled λ=100'
              ? { validationAccuracy: 0.5, testAccuracy: 0.5 + noise[s] }
              : {},
        ),
      }),
      3,
    );
    expect(interior.notes[0]).toContain('λ = 1;');
    expect(interior.verdict).toBe('supported');
  });

  it('supports claim 4 only when L1 zeroes more kernel weights than L2 and the non-zero share falls', () => {
    const sparse = claim(
      checkClaims({ plan, runs: plantedRuns(plan, (arm, s) => (arm === arms.l1 ? { kernelZeroFraction: 0.6 + noise[s] } : {})) }),
      4,
    );
    expect(sparse.verdict).toBe('supported');
    expect(claim(checkClaims({ plan, runs: plantedRuns(plan) }), 4).verdict).toBe('inconclusive');
  });

  it("checks claim 8 against the schedule's prediction and refutes a wrong shrink", () => {
    // The planted decoupled runs use decoupled.json (λ = 1, η = 1e-3) with 5 updates per epoch: 0.999^5 per epoch.
    const exact = claim(
      checkClaims({ plan, runs: plantedRuns(plan, (arm) => (arm === arms.decoupled ? { blankShrinkPerEpoch: 0.999 ** 5 } : {})) }),
      8,
    );
    expect(exact.verdict).toBe('supported');
    const wrong = claim(
      checkClaims({ plan, runs: plantedRuns(plan, (arm) => (arm === arms.decoupled ? { blankShrinkPerEpoch: 0.99 } : {})) }),
      8,
    );
    expect(wrong.verdict).toBe('refuted');
  });

  it('says "not tested" for claims whose arms did not run', () => {
    const runs = plantedRuns(plan);
    const onlyNone = new Map([[arms.none, runs.get(arms.none) ?? []]]);
    const claims = checkClaims({ plan, runs: onlyNone });
    expect(claims.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(claims.filter((c) => c.verdict === 'not tested').map((c) => c.number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('predictedShrink', () => {
  it('multiplies 1 − η·λ over every update of every epoch', () => {
    const config = resolveConfig({
      optimizer: { type: 'adam', learningRate: 0.01 },
      decay: [
        { type: 'decoupled', rate: 2 },
        { type: 'l2', rate: 5 },
      ],
    });
    const run = { ...plantedRun('x', 1, {}, 2, 3), config };
    // Only the decoupled term shrinks: 1 − 0.01·2 = 0.98 per update, 3 updates per epoch.
    const factors = predictedShrink(run);
    expect(factors).toHaveLength(3);
    expect(factors[0]).toBe(1);
    expect(factors[1]).toBeCloseTo(0.98 ** 3, 12);
    expect(factors[2]).toBeCloseTo(0.98 ** 6, 12);
  });
});

describe('lossSpikes', () => {
  it('counts losses above twice the median of the ten before, and every non-finite loss', () => {
    const run = plantedRun('x', 1, {}, 1, 0);
    run.epochs[1].batchLosses = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2.5, 1, Number.NaN, 1.9];
    // 2.5 > 2·1 is a spike; NaN counts; 1.9 < 2·1 is not.
    expect(lossSpikes(run)).toBe(2);
  });
});
