import type { ResolvedConfig } from '../config/index.js';
import { createSchedule } from '../schedules/index.js';
import type { DecayPlan } from '../selection/index.js';
import { plannedValues } from './planned-values.js';

/**
 * The total penalty of the config's l2 and l1 terms at step t, over the
 * parameters each term touches: `l2` adds λ_t/2·Σθ² (PyTorch's `weight_decay`
 * convention; Keras' `L2(l)` has no ½), `l1` adds λ_t·Σ|θ| — both the
 * subgradient and the proximal method, since both minimise the same
 * λ·‖θ‖₁ and only differ in how. Decoupled and anchor terms are not the
 * gradient of a penalty on the loss and add nothing (so under AdamW the
 * penalty is 0 by definition: `decoupledShrink` reports their decay). λ_t is the rate itself,
 * unscaled by s_t.
 *
 * @param config - The resolved config.
 * @param plan - Which parameters each term touches (from `planDecay`).
 * @param params - Parameter values by name; every planned l1/l2 parameter must be present.
 * @param t - Completed updates (the rate schedule is evaluated at t).
 * @returns The penalty (a float64 sum).
 * @throws ParameterError when a planned parameter is missing.
 */
export function coupledPenalty(config: ResolvedConfig, plan: DecayPlan, params: Record<string, ArrayLike<number>>, t: number): number {
  let total = 0;
  for (const termPlan of plan.terms) {
    const term = config.decay[termPlan.index];
    if (term.type !== 'l2' && term.type !== 'l1') continue;
    const rate = createSchedule(term.rate, `decay[${termPlan.index}].rate`)(t);
    let sum = 0;
    for (const name of termPlan.parameters) {
      const values = plannedValues(params, name, 'penalty');
      if (term.type === 'l2') {
        for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
      } else {
        for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]);
      }
    }
    total += term.type === 'l2' ? (rate / 2) * sum : rate * sum;
  }
  return total;
}
