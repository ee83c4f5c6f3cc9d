import { serialization } from '@tensorflow/tfjs-core';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import { WeightDecayWrapper } from './weight-decay-wrapper.js';

let registered = false;

/**
 * Registers this package's optimizer classes with `tf.serialization`, so that
 * `tf.loadLayersModel` can rebuild a saved optimizer. {@link createOptimizer}
 * and {@link withWeightDecay} call it; call it yourself before loading a model
 * in a process that has not created one yet. Idempotent. It is not done at
 * import time, so importing the package has no side effects.
 */
export function registerWeightDecayOptimizers(): void {
  if (registered) return;
  serialization.registerClass(WeightDecayOptimizer);
  serialization.registerClass(WeightDecayWrapper);
  registered = true;
}
