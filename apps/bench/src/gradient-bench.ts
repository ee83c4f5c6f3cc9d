import type { WeightDecayConfig } from '@weight-decay/core';
import { adamwConfig, updaterStep } from './kernel-bench.js';
import { measurePair, printPair, type MeasureOptions } from './measure.js';
import { benchConfigPairTfjs } from './tfjs-config-pair.js';

/**
 * AdamW with global-norm clipping at 1 (active: the bench gradient's norm is
 * about 290), as PyTorch's `clip_grad_norm_(params, 1.0)` before `AdamW.step()`.
 */
export const adamwClipConfig: WeightDecayConfig = { ...adamwConfig, gradient: { clip: { type: 'global-norm', maxNorm: 1 } } };

/**
 * Config 1.1 gradient clipping: one AdamW update with global-norm clipping
 * against AdamW alone, over 1e6 float32 parameters, on core's float32 kernel
 * and through tfjs's cpu and wasm backends (target ≤ 1.35: one more read of the gradients).
 */
export async function benchGradient(options: MeasureOptions): Promise<void> {
  printPair(
    await measurePair(updaterStep('kernel.adamw+clip.1e6', adamwClipConfig), updaterStep('kernel.adamw.1e6', adamwConfig), options),
  );

  await benchConfigPairTfjs(
    ['cpu', 'wasm'],
    { name: 'adamw+clip', config: adamwClipConfig },
    { name: 'adamw', config: adamwConfig },
    options,
  );
}
