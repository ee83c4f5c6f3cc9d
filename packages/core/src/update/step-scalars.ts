import { ConfigError, groupLearningRate } from '../config/index.js';
import type { DecayScaling, ResolvedConfig, ResolvedDecayTerm, ResolvedLearningRate } from '../config/index.js';
import { isReduceOnPlateau } from '../config/resolve-plateau.js';
import { createSchedule, schedulePeak } from '../schedules/index.js';
import type { PlateauRates } from '../schedules/plateau-rates.js';

/** The numbers one decay term uses in one update. */
export interface TermScalars {
  /** λ_t: the term's rate at t (a number, or its schedule evaluated at t). */
  rate: number;
  /** s_t: 1 for coupled terms (`l2`, subgradient `l1`); by `scaling` otherwise. */
  scale: number;
  /** s_t·λ_t: what the update multiplies by (the gradient's λ for coupled terms). */
  coefficient: number;
}

/** Every scalar of one update, before touching any array. */
export interface StepScalars {
  /** t: the number of completed updates; this is update t+1. */
  step: number;
  /** η_t. */
  learningRate: number;
  /** η_peak: the learning-rate schedule's largest value (the constant for a number). */
  peakLearningRate: number;
  /** One entry per decay term, in config order. */
  terms: TermScalars[];
}

/**
 * Decay terms without a full config: what `withWeightDecay` has, whose
 * learning rate may live in the optimizer it wraps.
 */
export interface DecayScalarsSource {
  /** Resolved decay terms. */
  decay: readonly ResolvedDecayTerm[];
  /** η as a number or schedule; omit it to pass η_t to every call instead. */
  learningRate?: ResolvedLearningRate;
  /** η_peak for `relative` scaling. Default: the peak of `learningRate`, else η_t itself. */
  peakLearningRate?: number;
}

type ScalarsAt = (t: number, learningRate?: number) => StepScalars;

// Schedules are built once per source object: a training loop asks every step.
const built = new WeakMap<object, ScalarsAt>();

/**
 * The scalars of update t+1 (t completed updates): η_t, η_peak and, per
 * decay term, λ_t, s_t and s_t·λ_t (decay-contract.md, "Scaling: s_t").
 *
 * | term | s_t |
 * |---|---|
 * | `l2`, `l1` subgradient (coupled) | 1 |
 * | scaling `learning-rate` | η_t |
 * | scaling `relative` | η_t / η_peak (0 when η_peak is 0) |
 * | scaling `corrected` (config 1.1) | η_t² / η_peak (0 when η_peak is 0) |
 * | scaling `none` | 1 |
 *
 * The schedules are built at the first call for a given `source` object and
 * reused by later calls with the same object, so calling this at every step
 * costs only the schedules' arithmetic. Resolved configs are treated as
 * immutable: pass a new object after changing one.
 *
 * @param source - A resolved config, or decay terms with an optional learning rate.
 * @param t - Completed updates, an integer ≥ 0.
 * @param learningRate - η_t, when the source has no learning rate of its own (it wins over the source's otherwise);
 *   for reduce-on-plateau, the plateau state's current `rate` (without it, `initial`: the rate before any report).
 * @returns The scalars.
 * @throws ConfigError (path `decay[i].scaling`) when a `relative` term has no finite η_peak to divide by.
 */
export function stepScalars(source: ResolvedConfig | DecayScalarsSource, t: number, learningRate?: number): StepScalars {
  let at = built.get(source);
  if (at === undefined) {
    at = buildStepScalars(source);
    built.set(source, at);
  }
  return at(t, learningRate);
}

function buildStepScalars(source: ResolvedConfig | DecayScalarsSource): ScalarsAt {
  const schedule = 'optimizer' in source ? source.optimizer.learningRate : source.learningRate;
  const learningRateAt =
    schedule === undefined
      ? undefined
      : isReduceOnPlateau(schedule)
        ? () => schedule.initial
        : createSchedule(schedule, 'optimizer' in source ? 'optimizer.learningRate' : 'learningRate');
  const givenPeak = 'optimizer' in source ? undefined : source.peakLearningRate;
  const fixedPeak = givenPeak ?? (schedule === undefined ? undefined : schedulePeak(schedule));
  if (fixedPeak !== undefined) {
    source.decay.forEach((term, i) => {
      if (dividesByPeak(term)) checkRelativePeak(i, fixedPeak, termScaling(term) as DecayScaling);
    });
  }
  const rateAt = source.decay.map((term, i) => createSchedule(term.rate, `decay[${i}].rate`));
  const terms = source.decay;
  return (t, given) => {
    const learningRate = given ?? learningRateAt?.(t) ?? 0;
    const peakLearningRate = fixedPeak ?? learningRate;
    return {
      step: t,
      learningRate,
      peakLearningRate,
      terms: terms.map((term, i) => {
        const rate = rateAt[i](t);
        const scale = termScale(term, i, learningRate, peakLearningRate);
        return { rate, scale, coefficient: scale * rate };
      }),
    };
  };
}

type GroupScalarsAt = (t: number, top: StepScalars, plateaus: PlateauRates | null) => StepScalars;

const builtGroups = new WeakMap<ResolvedConfig, GroupScalarsAt[]>();

/**
 * The scalars of update t+1 for each entry of `config.groups`, in order
 * (docs/guides/config-1.1.md): the group's η_t is learningRateScale times its
 * own learning rate at t, or times the top level's η_t when it has none of its
 * own; its η_peak is scaled alike; and its decay terms' s_t come from those two.
 * A group's own reduce-on-plateau rate is read from `plateaus` (its `initial`
 * before any report).
 *
 * @param config - A resolved config (`[]` without groups).
 * @param t - Completed updates.
 * @param top - The top level's scalars of this update, when already computed.
 * @param plateaus - The config's reduce-on-plateau states, when it has any.
 */
export function groupStepScalars(
  config: ResolvedConfig,
  t: number,
  top: StepScalars = stepScalars(config, t),
  plateaus: PlateauRates | null = null,
): StepScalars[] {
  let groups = builtGroups.get(config);
  if (groups === undefined) {
    groups = (config.groups ?? []).map((group, i): GroupScalarsAt => {
      const own = groupLearningRate(group);
      const ownAt: ((step: number, plateaus: PlateauRates | null) => number) | undefined =
        own === undefined
          ? undefined
          : isReduceOnPlateau(own)
            ? (_, plateaus) => plateaus?.groups[i]?.rate ?? own.initial
            : createSchedule(own, `groups[${i}].optimizer.learningRate`);
      const scale = group.learningRateScale;
      const source: DecayScalarsSource = {
        decay: config.decay,
        peakLearningRate: scale * schedulePeak(own ?? config.optimizer.learningRate),
      };
      return (step, topScalars, plateaus) => stepScalars(source, step, scale * (ownAt?.(step, plateaus) ?? topScalars.learningRate));
    });
    builtGroups.set(config, groups);
  }
  return groups.map((at) => at(t, top, plateaus));
}

/** The term's scaling, or undefined for coupled terms (which act on the gradient). */
export function termScaling(term: ResolvedDecayTerm): DecayScaling | undefined {
  if (term.type === 'l2' || (term.type === 'l1' && term.method === 'subgradient')) return undefined;
  return term.scaling;
}

/** s_t of one term. */
function termScale(term: ResolvedDecayTerm, index: number, learningRate: number, peakLearningRate: number): number {
  switch (termScaling(term)) {
    case undefined:
    case 'none':
      return 1;
    case 'learning-rate':
      return learningRate;
    case 'relative':
      checkRelativePeak(index, peakLearningRate, 'relative');
      // A schedule that is 0 everywhere has nothing to be relative to; no decay is the honest answer.
      return peakLearningRate === 0 ? 0 : learningRate / peakLearningRate;
    case 'corrected':
      checkRelativePeak(index, peakLearningRate, 'corrected');
      return peakLearningRate === 0 ? 0 : (learningRate * learningRate) / peakLearningRate;
  }
}

function dividesByPeak(term: ResolvedDecayTerm): boolean {
  const scaling = termScaling(term);
  return scaling === 'relative' || scaling === 'corrected';
}

/** Relative and corrected scaling divide by η_peak; an unbounded schedule has none. */
function checkRelativePeak(index: number, peakLearningRate: number, scaling: DecayScaling): void {
  if (!Number.isFinite(peakLearningRate)) {
    throw new ConfigError(
      `decay[${index}].scaling`,
      `"learning-rate" or "none" (scaling "${scaling}" divides by the learning-rate schedule's peak, which is unbounded here)`,
      scaling,
    );
  }
}
