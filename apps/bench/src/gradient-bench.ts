import * as tf from '@tensorflow/tfjs';
import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from '@weight-decay/tfjs';
import { adamwConfig, filled } from './kernel-bench.js';
import { measurePair, printPair, type MeasureOptions } from './measure.js';
import { stepper } from './tfjs-bench.js';

const size = 1e6;

/**
 * AdamW with global-norm clipping at 1 (active: the bench gradient's norm is
 * about 290), as PyTorch's `clip_grad_norm_(params, 1.0)` before `AdamW.step()`.
 */
export const adamwClipConfig: WeightDecayConfig = { ...adamwConfig, gradient: { clip: { type: 'global-norm', maxNorm: 1 } } };

/**
 * Config 1.1 gradient clipping: one AdamW update with global-norm clipping
 * against AdamW alone, over 1e6 float32 parameters, on core's float32 kernel
 * and on tfjs's cpu backend (target ≤ 1.35: one more read of the gradients).
 */
export async function benchGradient(options: MeasureOptions): Promise<void> {
  const make = (config: WeightDecayConfig, name: string) => {
    const updater = createUpdater(config, [{ name: 'w', shape: [size] }], { precision: 'float32' });
    const params = { w: filled(size, 3) };
    const grads = { w: filled(size, 4) };
    return { name, fn: () => updater.update(params, grads) };
  };
  printPair(await measurePair(make(adamwClipConfig, 'kernel.adamw+clip.1e6'), make(adamwConfig, 'kernel.adamw.1e6'), options));

  await tf.setBackend('cpu');
  await tf.ready();
  const clipped = stepper('tfjs.cpu.adamw+clip.1e6', () => createOptimizer(adamwClipConfig));
  const plain = stepper('tfjs.cpu.adamw.1e6', () => createOptimizer(adamwConfig));
  printPair(await measurePair(clipped, plain, options));
  clipped.dispose();
  plain.dispose();
}
