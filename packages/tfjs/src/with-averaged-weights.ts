import { ConfigError, StateError } from '@weight-decay/core';
import type { PlannedParameter } from './variable-terms.js';

/** An optimizer of this package that keeps averaged weights (`createOptimizer` with `average`, or `withWeightDecay` with `options.average`). */
export interface AveragingOptimizer {
  /** Swaps the variables' values with their averages (only `variables`' when given); a second call swaps back. */
  swapAveragedWeights(variables?: readonly PlannedParameter[]): boolean;
  /** Whether the averaged weights are in the variables now. */
  readonly averagedWeightsSwapped: boolean;
}

interface ModelLike {
  optimizer?: unknown;
  trainableWeights?: readonly PlannedParameter[];
}

function averagingOptimizerOf(target: unknown): AveragingOptimizer {
  const candidate = (target as ModelLike | null)?.optimizer ?? target;
  if (typeof (candidate as Partial<AveragingOptimizer> | null)?.swapAveragedWeights !== 'function') {
    throw new ConfigError('optimizer', 'an optimizer from createOptimizer or withWeightDecay, or a model compiled with one', candidate);
  }
  return candidate as AveragingOptimizer;
}

/**
 * Runs `fn` with the averaged weights in the variables (config `average`,
 * docs/guides/weight-averaging.md), then puts the live weights back, bit for
 * bit, also when `fn` throws: evaluate, predict or `model.save()` the averaged
 * model in between, as PyTorch users do with `AveragedModel` and Keras users
 * with `use_ema`. Training inside `fn` throws a StateError.
 *
 * @example
 * ```ts
 * const loss = await withAveragedWeights(model, () => model.evaluate(xs, ys));
 * ```
 *
 * @param target - A model compiled with the optimizer (its `trainableWeights` are swapped, also
 *   right after loading it with `includeOptimizer`), or the optimizer (every averaged variable).
 * @param fn - What to run with the averaged weights; may be async.
 * @returns What `fn` returns.
 * @throws StateError when the averaged weights are already swapped in.
 */
export async function withAveragedWeights<R>(target: unknown, fn: () => R | Promise<R>): Promise<R> {
  const optimizer = averagingOptimizerOf(target);
  if (optimizer.averagedWeightsSwapped) {
    throw new StateError('(averaged weights)', 'are already swapped in: withAveragedWeights would swap them back out');
  }
  optimizer.swapAveragedWeights((target as ModelLike).optimizer === undefined ? undefined : (target as ModelLike).trainableWeights);
  try {
    return await fn();
  } finally {
    optimizer.swapAveragedWeights();
  }
}
