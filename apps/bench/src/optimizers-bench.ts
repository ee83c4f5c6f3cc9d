import type { WeightDecayConfig } from '@weight-decay/core';
import { adamwConfig, updaterStep } from './kernel-bench.js';
import { measurePair, printPair, printValue, type MeasureOptions } from './measure.js';
import { stateBytesPerParameter } from './memory-bench.js';

// The optimizers of config 1.1: Lion against AdamW per update (Lion reads and
// writes one state array where AdamW has two, so the target is a ratio ≤ 1),
// and the state bytes per parameter of each new optimizer.

/** Lion with the same decoupled decay as {@link adamwConfig}; Lion's usual learning rate is 3–10× smaller. */
export const lionConfig: WeightDecayConfig = {
  optimizer: { type: 'lion', learningRate: 1e-4 },
  decay: [{ type: 'decoupled', rate: 1e-2 }],
};

/** Core's float32 kernels: one Lion update against one AdamW update over the same number of parameters. */
export async function benchLionKernel(options: MeasureOptions): Promise<void> {
  printPair(await measurePair(updaterStep('kernel.lion.1e6', lionConfig), updaterStep('kernel.adamw.1e6', adamwConfig), options));
}

/** `createOptimizer` on tfjs cpu and wasm: one Lion step against one AdamW step. */
export async function benchLionTfjs(options: MeasureOptions): Promise<void> {
  const { benchConfigPairTfjs } = await import('./tfjs-config-pair.js');
  await benchConfigPairTfjs(['cpu', 'wasm'], { name: 'lion', config: lionConfig }, { name: 'adamw', config: adamwConfig }, options);
}

const newOptimizers: Record<string, WeightDecayConfig['optimizer']> = {
  adamax: { type: 'adamax', learningRate: 2e-3 },
  nadam: { type: 'nadam', learningRate: 2e-3 },
  radam: { type: 'radam', learningRate: 1e-3 },
  adadelta: { type: 'adadelta' },
  lion: { type: 'lion', learningRate: 1e-4 },
};

/** Bytes of optimizer state per parameter of each config 1.1 optimizer (float32 slots). */
export function benchNewOptimizerStateBytes(): void {
  for (const [name, optimizer] of Object.entries(newOptimizers)) {
    printValue(`memory.state.${name}`, stateBytesPerParameter(optimizer), 'bytes/param');
  }
}
