import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from '@weight-decay/tfjs';
import { measurePair, printPair, type MeasureOptions } from './measure.js';
import { stepper } from './tfjs-bench.js';

/** A config and the figure name it is printed under (`tfjs.<backend>.<name>.1e6`). */
export interface NamedConfig {
  name: string;
  config: WeightDecayConfig;
}

/**
 * On each backend, one `createOptimizer` step with `ours` against one with
 * `baseline` over 1e6 parameters, timed in alternation and printed as a ratio
 * (the config 1.1 figures: clipping, averaging and Lion against AdamW).
 */
export async function benchConfigPairTfjs(
  backends: readonly ('cpu' | 'wasm')[],
  ours: NamedConfig,
  baseline: NamedConfig,
  options: MeasureOptions,
): Promise<void> {
  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    const a = stepper(`tfjs.${backend}.${ours.name}.1e6`, () => createOptimizer(ours.config));
    const b = stepper(`tfjs.${backend}.${baseline.name}.1e6`, () => createOptimizer(baseline.config));
    printPair(await measurePair(a, b, options));
    a.dispose();
    b.dispose();
  }
}
