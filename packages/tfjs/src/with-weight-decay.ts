import type { Optimizer } from '@tensorflow/tfjs-core';
import type { DecayTerm } from '@weight-decay/core';
import { registerWeightDecayOptimizers } from './register-optimizers.js';
import { WeightDecayWrapper } from './weight-decay-wrapper.js';
import type { WithWeightDecayOptions } from './weight-decay-wrapper.js';

/**
 * Adds decay terms to any existing `tf.Optimizer`, tfjs's own or a user
 * subclass. The wrapped optimizer keeps its own step and state; the decay
 * follows docs/guides/decay-contract.md (coupled terms join the gradient, decoupled/anchor
 * terms shrink θ_t, proximal l1 soft-thresholds last).
 *
 * The learning rate that `learning-rate`/`relative` scaling multiplies by is
 * read from the wrapped optimizer's `learningRate` field before each update,
 * unless `options.learningRate` is given (then that number or schedule drives
 * both the decay and the wrapped optimizer).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { withWeightDecay } from '@weight-decay/tfjs';
 *
 * // tfjs's Adam (its own ε = 1e-7 kept) with AdamW-style decoupled decay on kernels only.
 * const optimizer = withWeightDecay(tf.train.adam(1e-3), [
 *   { type: 'decoupled', rate: 0.01, params: { minRank: 2 } },
 * ]);
 * model.compile({ optimizer, loss: 'categoricalCrossentropy' });
 * ```
 *
 * @param optimizer - Any tf.Optimizer; the wrapper owns it from now on (its `dispose` disposes it).
 * @param decay - Decay terms, as in the portable config's `decay` list.
 * @param options - Learning rate for scaling, anchors, NaN checks.
 * @returns A serializable tf.Optimizer.
 * @throws ConfigError naming the offending field, e.g. `decay[0].rate`, or `learningRate` when
 *   a term scales by η but the optimizer exposes no numeric `learningRate` and none was given;
 *   `groups` (per-parameter optimizer settings) and a whole config with its own optimizer are
 *   refused with a ConfigError pointing to `createOptimizer`, which runs the step itself.
 */
export function withWeightDecay(optimizer: Optimizer, decay: DecayTerm[], options: WithWeightDecayOptions = {}): WeightDecayWrapper {
  registerWeightDecayOptimizers();
  return new WeightDecayWrapper(optimizer, decay, options);
}
