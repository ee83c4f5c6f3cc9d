/**
 * The study: which configs (arms) run for which claim, on which seeds. Every
 * arm runs once per seed; a seed fixes the initial weights, the batch order
 * and the dropout masks, shared by every arm. All configs are loaded and
 * validated here, before anything trains.
 */
import type { ResolvedConfig } from '@weight-decay/core';
import { loadBuiltInConfig, loadConfigFile, withDecayRate } from './lab-configs.js';
import type { MlpArchitecture } from './mlp-model.js';
import { defaultArchitecture } from './mlp-model.js';
import { gridRates, randomRates } from './rate-sweep.js';

/** One configuration of the study, run on every seed. */
export interface StudyArm {
  /** Stable id the claims look up, e.g. `l2` or `decoupled λ=10`. */
  id: string;
  /** The resolved portable config. */
  config: ResolvedConfig;
  /** The network (dropout and batch norm live here, not in the config). */
  architecture: MlpArchitecture;
  /**
   * The config file a user can rerun: `configs/<name>.json` of the lab for
   * a committed config, or `configs/<id>.json` inside the report folder for
   * one the study derived (a sweep rate, a random draw).
   */
  file: string;
  /** True when the lab derived the config and writes it into the report. */
  derived: boolean;
  /** Runs on tfjs whatever `--backend` says (the primary backend cannot train this architecture). */
  onFallback: boolean;
  /** The varied decay rate, for sweep arms. */
  rate?: number;
  /** False: score the splits only at the start and the end (the claim reads final scores only); saves time. */
  scoreEachEpoch: boolean;
}

/** The grid and random searches over the rate of `decoupled.json`. */
export interface SearchPlan {
  /** Rate range searched, [low, high]. */
  range: [number, number];
  /** Grid points (without 0) and the arm of each; 0 is the `none` arm. */
  grid: { rate: number; arm: string }[];
  /** Arms of the random search, per seed (rates drawn log-uniformly per seed): same count as the grid. */
  random: Map<number, { rate: number; arm: string }[]>;
}

/** Every run of the study. */
export interface StudyPlan {
  /** The seeds, in order. */
  seeds: number[];
  /** Arms shared by every seed. */
  arms: StudyArm[];
  /** Arms of one seed only (the random search draws its rates per seed). */
  seedArms: Map<number, StudyArm[]>;
  /** The searches, when the full claim set runs. */
  search?: SearchPlan;
  /** Why the fallback arms run on tfjs (set when some do). */
  fallbackReason?: string;
}

/** How big the study is. */
export interface StudySize {
  /** Seeds 1..seeds. */
  seeds: number;
  /** Grid points between the range ends (random search draws as many). */
  gridPoints: number;
  /** Also run the L1 subgradient method. */
  subgradient: boolean;
}

/** Arm ids the claims read. */
export const arms = {
  none: 'none',
  l2: 'l2',
  decoupled: 'decoupled',
  l1: 'l1-proximal',
  l1Subgradient: 'l1-subgradient',
  allParameters: 'decoupled-all-parameters',
  hiddenLayers: 'decoupled-hidden-layers',
  largeLrNone: 'large-lr-none',
  largeLrDecoupled: 'large-lr-decoupled',
  factorialNone: 'factorial none',
  factorialDecoupled: 'factorial decoupled',
  dropout: 'dropout',
  dropoutDecoupled: 'dropout + decoupled',
  batchNorm: 'batch norm',
  batchNormDecoupled: 'batch norm + decoupled',
} as const;

/** Dropout probability of the factorial's dropout cells. */
export const dropoutRate = 0.3;

/** The range the rate searches cover for `decoupled.json` (λ per update = η·λ: 1e-4 … 0.1). */
export const searchRange: [number, number] = [0.1, 100];

function committed(id: string, architecture: MlpArchitecture = defaultArchitecture, file = `${id}.json`): StudyArm {
  const spec = loadBuiltInConfig(file);
  return { id, config: spec.config, architecture, file: spec.source, derived: false, onFallback: false, scoreEachEpoch: true };
}

const rateArmId = (rate: number): string => `decoupled λ=${rate}`;

/**
 * The full study. `unsupported` is the primary backend's answer for an
 * architecture; arms it cannot train run on tfjs and the report says why.
 */
export function planStudy(size: StudySize, unsupported: (architecture: MlpArchitecture) => string | undefined): StudyPlan {
  const seeds = Array.from({ length: size.seeds }, (_, i) => i + 1);
  const decoupled = committed(arms.decoupled);
  const list: StudyArm[] = [
    committed(arms.none),
    committed(arms.l2),
    decoupled,
    committed(arms.l1),
    ...(size.subgradient ? [committed(arms.l1Subgradient)] : []),
    committed(arms.allParameters),
    committed(arms.hiddenLayers),
    committed(arms.largeLrNone),
    committed(arms.largeLrDecoupled),
  ];
  const baseRate = decoupled.config.decay[0].rate;
  const derivedArm = (id: string, rate: number): StudyArm => ({
    id,
    config: withDecayRate(decoupled.config, 0, rate),
    architecture: defaultArchitecture,
    file: `configs/${id.replace(/[^a-z0-9.+]+/gi, '-')}.json`,
    derived: true,
    onFallback: false,
    scoreEachEpoch: true,
    rate,
  });
  const grid = gridRates(searchRange[0], searchRange[1], size.gridPoints)
    .filter((rate) => rate > 0)
    .map((rate) => {
      if (rate === baseRate) return { rate, arm: arms.decoupled };
      list.push(derivedArm(rateArmId(rate), rate));
      return { rate, arm: rateArmId(rate) };
    });
  const random = new Map<number, { rate: number; arm: string }[]>();
  const seedArms = new Map<number, StudyArm[]>();
  for (const seed of seeds) {
    const draws = randomRates(searchRange[0], searchRange[1], grid.length, seed).filter((rate) => rate > 0);
    const own = draws.map((rate, i) => derivedArm(`random ${i + 1} seed ${seed}`, rate));
    seedArms.set(seed, own);
    random.set(
      seed,
      own.map((arm) => ({ rate: arm.rate as number, arm: arm.id })),
    );
  }

  // The factorial (claim 7): decay × dropout and decay × batch norm.
  const withDropout: MlpArchitecture = { ...defaultArchitecture, dropout: dropoutRate };
  const withBatchNorm: MlpArchitecture = { ...defaultArchitecture, batchNorm: true };
  const fallbackReason = unsupported(withDropout) ?? unsupported(withBatchNorm);
  const factorial = (id: string, file: string, architecture: MlpArchitecture): StudyArm => ({
    ...committed(id, architecture, file),
    onFallback: fallbackReason !== undefined,
    // Claim 7 reads final scores and per-epoch weights; scoring 3,000 digits every epoch would double its cost.
    scoreEachEpoch: false,
  });
  if (fallbackReason) {
    // The no-dropout, no-batch-norm cells run on tfjs too, so every cell of the factorial shares one backend.
    list.push(factorial(arms.factorialNone, 'none.json', defaultArchitecture));
    list.push(factorial(arms.factorialDecoupled, 'decoupled.json', defaultArchitecture));
  }
  list.push(
    factorial(arms.dropout, 'none.json', withDropout),
    factorial(arms.dropoutDecoupled, 'decoupled.json', withDropout),
    factorial(arms.batchNorm, 'none.json', withBatchNorm),
    factorial(arms.batchNormDecoupled, 'decoupled.json', withBatchNorm),
  );
  return { seeds, arms: list, seedArms, search: { range: searchRange, grid, random }, fallbackReason };
}

/** The arm ids of the factorial's cells: where the no-dropout, no-batch-norm cells come from. */
export function factorialCells(plan: StudyPlan): { none: string; decoupled: string } {
  return plan.fallbackReason
    ? { none: arms.factorialNone, decoupled: arms.factorialDecoupled }
    : { none: arms.none, decoupled: arms.decoupled };
}

/** A study of one config file (`--config`): every seed, no claims. */
export function planSingleConfig(file: string, architecture: MlpArchitecture, seeds: number): StudyPlan {
  const spec = loadConfigFile(file);
  return {
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    arms: [{ id: spec.label, config: spec.config, architecture, file, derived: false, onFallback: false, scoreEachEpoch: true }],
    seedArms: new Map(),
  };
}

/** Every arm of one seed, in run order. */
export function armsOfSeed(plan: StudyPlan, seed: number): StudyArm[] {
  return [...plan.arms, ...(plan.seedArms.get(seed) ?? [])];
}
