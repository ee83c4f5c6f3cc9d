/**
 * Weight averaging (config `average`), the `average` section of `pnpm bench`:
 * what EMA adds to an AdamW update, as same-process ratios (target ≤ 1.35),
 * and the state it keeps per parameter (in the `memory` section).
 */
import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { adamwConfig, updaterStep } from './kernel-bench.js';
import { measurePair, printPair, printValue, type MeasureOptions } from './measure.js';
import { benchConfigPairTfjs } from './tfjs-config-pair.js';

const adamwEma: WeightDecayConfig = { ...adamwConfig, average: { type: 'ema', decay: 0.999 } };

/** core's float32 Updater: AdamW with EMA against AdamW alone, 1e6 parameters. */
export async function benchAverageKernel(options: MeasureOptions): Promise<void> {
  printPair(await measurePair(updaterStep('kernel.adamw+ema.1e6', adamwEma), updaterStep('kernel.adamw.1e6', adamwConfig), options));
}

/** createOptimizer on tfjs's cpu (array path) and wasm (tensor path): AdamW with EMA against AdamW alone. */
export async function benchAverageTfjs(options: MeasureOptions): Promise<void> {
  await benchConfigPairTfjs(['cpu', 'wasm'], { name: 'adamw+ema', config: adamwEma }, { name: 'adamw', config: adamwConfig }, options);
}

/** Bytes per parameter of the averaged weights, read from the live state of a float32 updater. */
export function benchAverageStateBytes(): void {
  const n = 1000;
  for (const average of [
    { type: 'ema', decay: 0.999 },
    { type: 'uniform', start: 0 },
  ] as const) {
    const updater = createUpdater({ ...adamwConfig, average }, [{ name: 'w', shape: [n] }]);
    updater.update({ w: new Float32Array(n).fill(1) }, { w: new Float32Array(n).fill(0.1) });
    const averaged = updater.averagedParameters()?.w ?? new Float32Array(0);
    printValue(`memory.state.average.${average.type}`, averaged.byteLength / n, 'bytes/param');
  }
}
