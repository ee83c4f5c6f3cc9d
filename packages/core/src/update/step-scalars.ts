import { ConfigError } from '../config/index.js';
import type { DecayScaling, ResolvedConfig, ResolvedDecayTerm } from '../config/index.js';
import { createSchedule, schedulePeak } from '../schedules/index.js';

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
 * The scalars of update t+1 (t completed updates): η_t, η_peak and, per
 * decay term, λ_t, s_t and s_t·λ_t (semantics.md). Builds the schedules each
 * call; code that asks every step should hold a {@link createStepScalars}.
 *
 * @param config - A resolved config.
 * @param t - Completed updates, an integer ≥ 0.
 * @returns The scalars.
 * @throws ConfigError when a `relative` term meets an unbounded learning-rate schedule.
 */
export function stepScalars(config: ResolvedConfig, t: number): StepScalars {
  return createStepScalars(config)(t);
}

/**
 * {@link stepScalars} as a function of t: the schedules are built, and the
 * learning rate's peak computed, once, so calling it at every step costs only
 * the schedules' arithmetic.
 *
 * @param config - A resolved config.
 * @returns t ↦ the scalars of update t+1.
 * @throws ConfigError (path `decay[i].scaling`) when a `relative` term meets an unbounded learning-rate schedule.
 */
export function createStepScalars(config: ResolvedConfig): (t: number) => StepScalars {
  const learningRateAt = createSchedule(config.optimizer.learningRate, 'optimizer.learningRate');
  const peakLearningRate = schedulePeak(config.optimizer.learningRate);
  config.decay.forEach((term, i) => {
    if (termScaling(term) === 'relative') checkRelativePeak(i, peakLearningRate);
  });
  const termScalarsAt = createDecayTermScalars(config.decay);
  return (t) => {
    const learningRate = learningRateAt(t);
    return { step: t, learningRate, peakLearningRate, terms: termScalarsAt(t, learningRate, peakLearningRate) };
  };
}

/**
 * Per decay term: λ_t, the scaling s_t and the coefficient s_t·λ_t.
 *
 * | term | s_t |
 * |---|---|
 * | `l2`, `l1` subgradient (coupled) | 1 |
 * | scaling `learning-rate` | η_t |
 * | scaling `relative` | η_t / η_peak (0 when η_peak is 0) |
 * | scaling `none` | 1 |
 *
 * @param terms - Resolved decay terms.
 * @param t - Completed updates, an integer ≥ 0.
 * @param learningRate - η_t.
 * @param peakLearningRate - η_peak.
 * @returns One entry per term, in order.
 * @throws ConfigError (path `decay[i].scaling`) for a `relative` term when η_peak is not finite.
 */
export function decayTermScalars(
  terms: ResolvedDecayTerm[],
  t: number,
  learningRate: number,
  peakLearningRate: number,
): TermScalars[] {
  return createDecayTermScalars(terms)(t, learningRate, peakLearningRate);
}

/**
 * {@link decayTermScalars} with the terms' rate schedules built once.
 *
 * @param terms - Resolved decay terms.
 * @returns (t, η_t, η_peak) ↦ one entry per term, in order.
 */
export function createDecayTermScalars(
  terms: readonly ResolvedDecayTerm[],
): (t: number, learningRate: number, peakLearningRate: number) => TermScalars[] {
  const rateAt = terms.map((term, i) => createSchedule(term.rate, `decay[${i}].rate`));
  return (t, learningRate, peakLearningRate) =>
    terms.map((term, i) => {
      const rate = rateAt[i](t);
      const scale = termScale(term, i, learningRate, peakLearningRate);
      return { rate, scale, coefficient: scale * rate };
    });
}

/** The term's scaling, or undefined for coupled terms (which act on the gradient). */
export function termScaling(term: ResolvedDecayTerm): DecayScaling | undefined {
  if (term.type === 'l2' || (term.type === 'l1' && term.method === 'subgradient')) return undefined;
  return term.scaling;
}

/** s_t of one term. Internal to {@link createDecayTermScalars}. */
export function termScale(term: ResolvedDecayTerm, index: number, learningRate: number, peakLearningRate: number): number {
  const scaling = termScaling(term);
  switch (scaling) {
    case undefined:
    case 'none':
      return 1;
    case 'learning-rate':
      return learningRate;
    case 'relative':
      checkRelativePeak(index, peakLearningRate);
      // A schedule that is 0 everywhere has nothing to be relative to; no decay is the honest answer.
      return peakLearningRate === 0 ? 0 : learningRate / peakLearningRate;
  }
}

/**
 * Relative scaling divides by η_peak; an unbounded schedule has none.
 * Internal: {@link createStepScalars} checks this once.
 */
export function checkRelativePeak(index: number, peakLearningRate: number): void {
  if (!Number.isFinite(peakLearningRate)) {
    throw new ConfigError(
      `decay[${index}].scaling`,
      '"learning-rate" or "none" (scaling "relative" divides by the learning-rate schedule\'s peak, which is unbounded here)',
      'relative',
    );
  }
}
