import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { measurePair, printPair, type MeasureOptions } from './measure.js';
import { triad } from './triad.js';

/** AdamW = adam + decoupled, PyTorch's `AdamW(lr=1e-3, weight_decay=1e-2)`. */
export const adamwConfig: WeightDecayConfig = {
  optimizer: { type: 'adam', learningRate: 1e-3 },
  decay: [{ type: 'decoupled', rate: 1e-2 }],
};

/** Figure 1: the core's float32 AdamW kernel against the triad over arrays of the same size. */
export async function benchKernel(sizes: readonly number[], options: MeasureOptions): Promise<void> {
  for (const size of sizes) {
    const label = size.toExponential(0).replace('+', '');
    const a = new Float32Array(size);
    const b = filled(size, 1);
    const c = filled(size, 2);
    const theta = filled(size, 3);
    const grad = filled(size, 4);
    const updater = createUpdater(adamwConfig, [{ name: 'w', shape: [size] }], { precision: 'float32' });
    const params = { w: theta };
    const grads = { w: grad };
    const pair = await measurePair(
      { name: `kernel.adamw.${label}`, fn: () => updater.update(params, grads) },
      { name: `triad.${label}`, fn: () => triad(a, b, c, 0.5) },
      options,
    );
    printPair(pair);
  }
}

/**
 * One float32 update of core's Updater over `size` parameters with fixed
 * contents, as a named step for `measurePair` (the sections that compare two
 * configs on core's kernel share it).
 */
export function updaterStep(name: string, config: WeightDecayConfig, size = 1e6): { name: string; fn: () => void } {
  const updater = createUpdater(config, [{ name: 'w', shape: [size] }], { precision: 'float32' });
  const params = { w: filled(size, 3) };
  const grads = { w: filled(size, 4) };
  return { name, fn: () => void updater.update(params, grads) };
}

/** Deterministic, non-constant contents so no branch is trivially predicted. */
export function filled(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = x / 2147483648 - 0.5;
  }
  return out;
}
