import type { WeightDecayConfig } from '@weight-decay/core';
import { registerWeightDecayOptimizers } from './register-optimizers.js';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import type { CreateOptimizerOptions } from './weight-decay-optimizer.js';

/**
 * Builds a `tf.Optimizer` from the portable config (PyTorch conventions: the
 * config's values, e.g. Adam ε = 1e-8 or Adagrad's initial accumulator 0, always
 * win over tfjs defaults).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createOptimizer } from '@weight-decay/tfjs';
 *
 * // PyTorch AdamW(lr=1e-3, weight_decay=1e-2), biases not decayed, cosine lr over 1000 steps.
 * const optimizer = createOptimizer({
 *   optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 1000 } },
 *   decay: [{ type: 'decoupled', rate: 0.01, params: { exclude: ['**\/bias'] } }],
 * });
 * model.compile({ optimizer, loss: 'meanSquaredError' });
 * ```
 *
 * @param config - A portable config (see docs/guides/decay-contract.md, "The config file").
 * @param options - Anchors for `anchor` terms, NaN checks.
 * @returns A registered, serializable `tf.Optimizer`.
 * @throws ConfigError naming the first invalid field.
 */
export function createOptimizer(config: WeightDecayConfig, options: CreateOptimizerOptions = {}): WeightDecayOptimizer {
  registerWeightDecayOptimizers();
  return new WeightDecayOptimizer(config, options);
}
