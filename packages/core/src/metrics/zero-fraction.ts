import type { DecayPlan } from '../selection/index.js';
import { plannedValues } from './planned-values.js';

/**
 * The fraction of elements that are exactly zero (±0), e.g. the sparsity that
 * proximal L1 produces.
 *
 * @param arrays - Any number of arrays, e.g. `Object.values(params)`.
 * @returns Exact zeros divided by the element count; 0 when there are no elements.
 */
export function zeroFraction(arrays: Iterable<ArrayLike<number>>): number {
  let zeros = 0;
  let total = 0;
  for (const values of arrays) {
    total += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

/**
 * The fraction of exact zeros over the decayed parameters only: those at least
 * one decay term of `plan` touches. Over all parameters ({@link zeroFraction})
 * the undecayed ones (often biases and norms) dilute the sparsity a proximal
 * l1 term makes.
 *
 * @param plan - Which parameters each term touches (from `planDecay`).
 * @param params - Parameter values by name; every planned parameter must be present.
 * @returns Exact zeros divided by the decayed elements; 0 when nothing is decayed.
 * @throws ParameterError when a planned parameter is missing.
 */
export function decayedZeroFraction(plan: DecayPlan, params: Record<string, ArrayLike<number>>): number {
  const names = new Set(plan.terms.flatMap((term) => term.parameters));
  return zeroFraction([...names].map((name) => plannedValues(params, name, 'decayed zero fraction')));
}
