/**
 * Choosing the decay rate: train once per candidate rate and keep the one with
 * the best validation accuracy. The test split plays no part in the choice; the
 * report scores the chosen rate on it afterwards.
 */
import { withDecayRate } from './lab-configs.js';
import type { RunResult, RunSpec } from './run-experiment.js';
import { createRandom, deriveSeed } from './seeded-random.js';

/** What to sweep. */
export interface SweepPlan {
  /** The config whose decay term is varied. */
  base: RunSpec;
  /** Which decay term's rate varies. */
  termIndex: number;
  /** `grid`: the given rates; `random`: rates drawn log-uniformly (plus 0). */
  search: 'grid' | 'random';
  /** Candidate rates, ascending; 0 is the no-decay baseline. */
  rates: number[];
}

/** One candidate's run. */
export interface SweepPoint {
  /** The rate tried. */
  rate: number;
  /** Its run. */
  run: RunResult;
}

/** The outcome of a sweep. */
export interface SweepResult {
  /** The plan that ran. */
  plan: SweepPlan;
  /** One point per rate, ascending by rate. */
  points: SweepPoint[];
  /** The point with the best final validation accuracy. */
  chosen: SweepPoint;
}

/** Log-spaced grid from `low` to `high` with `count` points, plus 0 first. */
export function gridRates(low: number, high: number, count: number): number[] {
  const rates = [0];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    rates.push(Number((low * (high / low) ** t).toPrecision(3)));
  }
  return rates;
}

/** 0 plus `count` rates drawn log-uniformly from [low, high] with a seeded stream, ascending. */
export function randomRates(low: number, high: number, count: number, seed: number): number[] {
  const random = createRandom(deriveSeed(seed, 'random-search'));
  const drawn = Array.from({ length: count }, () =>
    Number((low * (high / low) ** random.next()).toPrecision(3)),
  );
  return [0, ...drawn.sort((a, b) => a - b)];
}

/**
 * The best point: highest validation accuracy; ties go to the lower
 * validation loss, then to the smaller rate (the simpler model).
 */
export function choosePoint(points: readonly SweepPoint[]): SweepPoint {
  if (points.length === 0) throw new RangeError('a sweep needs at least one rate');
  return points.reduce((best, point) => {
    const a = point.run.final;
    const b = best.run.final;
    if (a.validationAccuracy !== b.validationAccuracy) return a.validationAccuracy > b.validationAccuracy ? point : best;
    if (a.validationLoss !== b.validationLoss) return a.validationLoss < b.validationLoss ? point : best;
    return point.rate < best.rate ? point : best;
  });
}

/** The run specs of a plan, one per distinct rate, ascending (each config re-validated by core). */
export function sweepSpecs(plan: SweepPlan): { rate: number; spec: RunSpec }[] {
  const rates = [...new Set(plan.rates)].sort((a, b) => a - b);
  return rates.map((rate) => ({
    rate,
    spec: {
      label: `${plan.base.label} λ=${rate}`,
      config: withDecayRate(plan.base.config, plan.termIndex, rate),
      source: plan.base.source,
    },
  }));
}

/** Runs every rate of the plan, in ascending order, with `runOne` (which trains, or reuses an identical run). */
export async function runSweep(plan: SweepPlan, runOne: (spec: RunSpec) => Promise<RunResult>): Promise<SweepResult> {
  const specs = sweepSpecs(plan);
  const points: SweepPoint[] = [];
  for (const { rate, spec } of specs) points.push({ rate, run: await runOne(spec) });
  const rates = specs.map((s) => s.rate);
  return { plan: { ...plan, rates }, points, chosen: choosePoint(points) };
}
