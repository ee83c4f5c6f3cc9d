import type { ResolvedConfig } from '../config/index.js';
import type { DecayPlan } from '../selection/index.js';
import { stepScalars } from '../update/step-scalars.js';
import type { TermScalars } from '../update/step-scalars.js';
import type { AppliedTerm } from '../update/terms/decay-coefficients.js';
import { plannedValues } from './planned-values.js';

/** The shrink coefficients of one parameter: one update moves it by −(decoupled·θ + anchor·(θ − θ₀)). */
export interface ShrinkCoefficients {
  /** Σ c = s_t·λ_t of the `decoupled` terms touching it (cautious ones included). */
  decoupled: number;
  /** Σ c = s_t·λ_t of the `anchor` terms touching it (cautious ones included). */
  anchor: number;
}

/**
 * Sums the coefficients of the decoupled and anchor terms that touch one parameter.
 *
 * @param applied - The terms that touch it.
 * @param scalars - The update's per-term scalars, indexed by `applied[i].index`.
 */
export function shrinkCoefficients(applied: readonly AppliedTerm[], scalars: readonly TermScalars[]): ShrinkCoefficients {
  const sums: ShrinkCoefficients = { decoupled: 0, anchor: 0 };
  for (const { index, term } of applied) {
    if (term.type === 'decoupled' || term.type === 'anchor') sums[term.type] += scalars[index].coefficient;
  }
  return sums;
}

/**
 * The decoupled shrink: how far the `decoupled` and `anchor` terms move the
 * parameters in the update at step t (step 3 of docs/guides/decay-contract.md),
 * the Euclidean norm ‖Δ‖₂ over every parameter they touch of
 *
 *   Δ = Σ_decoupled c·θ + Σ_anchor c·(θ − θ₀),   c = s_t·λ_t,
 *
 * at the given θ (the weights the next update starts from). This is the decay
 * that the coupled penalty (`coupledPenalty`, 0 under AdamW by definition)
 * does not show: for AdamW with one decoupled term it is η_t·λ_t·‖θ‖ over the
 * decayed parameters. A cautious term counts in full, so the value is an upper
 * bound there (its mask needs the step's direction, known only inside the
 * update). A parameter whose θ₀ is not yet known (no anchor given, no update
 * yet: θ₀ becomes θ at the first update) has no anchor shrink.
 *
 * @param config - The resolved config.
 * @param plan - Which parameters each term touches (from `planDecay`).
 * @param params - Parameter values by name; every planned decoupled/anchor parameter must be present.
 * @param t - Completed updates (the schedules are evaluated at t).
 * @param anchors - θ₀ by parameter name, where known.
 * @returns ‖Δ‖₂ (a float64 sum), 0 when no decoupled or anchor term applies.
 * @throws ParameterError when a planned parameter is missing.
 */
export function decoupledShrink(
  config: ResolvedConfig,
  plan: DecayPlan,
  params: Record<string, ArrayLike<number>>,
  t: number,
  anchors: Record<string, ArrayLike<number> | null | undefined> = {},
): number {
  const applied = new Map<string, AppliedTerm[]>();
  for (const { index, term, parameters } of plan.terms) {
    if (term.type !== 'decoupled' && term.type !== 'anchor') continue;
    for (const name of parameters) applied.set(name, [...(applied.get(name) ?? []), { index, term }]);
  }
  const { terms } = stepScalars(config, t);
  let squares = 0;
  for (const [name, touching] of applied) {
    const theta = plannedValues(params, name, 'decoupled shrink');
    const { decoupled, anchor } = shrinkCoefficients(touching, terms);
    const theta0 = anchors[name];
    for (let i = 0; i < theta.length; i++) {
      const delta = decoupled * theta[i] + (theta0 == null ? 0 : anchor * (theta[i] - theta0[i]));
      squares += delta * delta;
    }
  }
  return Math.sqrt(squares);
}
