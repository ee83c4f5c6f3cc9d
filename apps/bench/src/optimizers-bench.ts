import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { adamwConfig, filled } from './kernel-bench.js';
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

const size = 1e6;

/** Core's float32 kernels: one Lion update against one AdamW update over the same number of parameters. */
export async function benchLionKernel(options: MeasureOptions): Promise<void> {
  const updaterOf = (config: WeightDecayConfig) => {
    const updater = createUpdater(config, [{ name: 'w', shape: [size] }], { precision: 'float32' });
    const params = { w: filled(size, 3) };
    const grads = { w: filled(size, 4) };
    return () => updater.update(params, grads);
  };
  printPair(
    await measurePair(
      { name: 'kernel.lion.1e6', fn: updaterOf(lionConfig) },
      { name: 'kernel.adamw.1e6', fn: updaterOf(adamwConfig) },
      options,
    ),
  );
}

/** `createOptimizer` on tfjs cpu and wasm: one Lion step against one AdamW step. */
export async function benchLionTfjs(options: MeasureOptions): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { createOptimizer } = await import('@weight-decay/tfjs');
  const { stepper } = await import('./tfjs-bench.js');
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    const lion = stepper(`tfjs.${backend}.lion.1e6`, () => createOptimizer(lionConfig));
    const adamw = stepper(`tfjs.${backend}.adamw.1e6`, () => createOptimizer(adamwConfig));
    printPair(await measurePair(lion, adamw, options));
    lion.dispose();
    adamw.dispose();
  }
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
