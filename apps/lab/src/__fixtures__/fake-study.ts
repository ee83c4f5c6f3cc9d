/**
 * A study whose every number is planted: runs built by hand for each arm and
 * seed of the real plan, so tests know what every claim must conclude.
 */
import type { StudyRuns } from '../claims.js';
import { kernelName } from '../mlp-model.js';
import type { EpochMetrics, RunResult } from '../run-experiment.js';
import type { StudyPlan } from '../study-plan.js';
import { armsOfSeed, planStudy } from '../study-plan.js';

/** The knobs of one planted run (final values; curves are derived). */
export interface Planted {
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  kernelZeroFraction: number;
  batchLoss: number;
  weightNorm: number;
  blankShrinkPerEpoch: number;
}

const base: Planted = {
  trainAccuracy: 1,
  validationAccuracy: 0.9,
  testAccuracy: 0.9,
  kernelZeroFraction: 0,
  batchLoss: 0.1,
  weightNorm: 30,
  blankShrinkPerEpoch: 1,
};

/** Builds a run of `epochs` epochs that ends at the planted values (epoch e at e/epochs of the way). */
export function plantedRun(id: string, seed: number, planted: Partial<Planted>, epochs = 4, stepsPerEpoch = 5): RunResult {
  const p = { ...base, ...planted };
  const list: EpochMetrics[] = Array.from({ length: epochs + 1 }, (_, epoch) => {
    const f = epoch / epochs;
    return {
      epoch,
      batchLosses: epoch === 0 ? [] : Array.from({ length: stepsPerEpoch }, () => p.batchLoss),
      trainLoss: 1 - 0.9 * f,
      trainAccuracy: 0.1 + (p.trainAccuracy - 0.1) * f,
      validationLoss: 1 - 0.5 * f,
      validationAccuracy: 0.1 + (p.validationAccuracy - 0.1) * f,
      validationMaxAbsLogit: 5 + 5 * f,
      weightNorm: 20 + (p.weightNorm - 20) * f,
      parameterNorms: { [kernelName(1)]: 10 },
      kernelRelativeUpdate: { [kernelName(1)]: epoch === 0 ? 0 : 0.1 },
      zeroFraction: p.kernelZeroFraction * f,
      kernelZeroFraction: p.kernelZeroFraction * f,
      blankInputNorm: 2 * p.blankShrinkPerEpoch ** epoch,
      penalty: 0,
      trainingSeconds: epoch,
    };
  });
  return {
    label: id,
    source: 'planted',
    config: { version: 1, optimizer: { type: 'adam', learningRate: 0.001 }, decay: [] } as unknown as RunResult['config'],
    backend: 'planted',
    seed,
    stepsPerEpoch,
    epochs: list,
    final: list[epochs],
    test: { loss: 0.3, accuracy: p.testAccuracy, maxAbsLogit: 10 },
  };
}

/** The real default plan (3 seeds, 4 grid points); with `fallback`, the primary backend refuses dropout and batch norm for that reason. */
export function plannedStudy(seeds = 3, fallback?: string): StudyPlan {
  return planStudy({ seeds, gridPoints: 4, subgradient: false }, (architecture) =>
    architecture.dropout || architecture.batchNorm ? fallback : undefined,
  );
}

/**
 * Runs for every arm and seed of `plan`: `plant(armId, seedIndex)` gives each
 * run's planted values (defaults elsewhere).
 */
export function plantedRuns(plan: StudyPlan, plant: (arm: string, seedIndex: number) => Partial<Planted> = () => ({})): StudyRuns {
  const runs = new Map<string, RunResult[]>();
  plan.seeds.forEach((seed, s) => {
    for (const arm of armsOfSeed(plan, seed)) {
      const run = { ...plantedRun(arm.id, seed, plant(arm.id, s)), config: arm.config };
      runs.set(arm.id, [...(runs.get(arm.id) ?? []), run]);
    }
  });
  return runs;
}
