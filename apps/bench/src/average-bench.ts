/**
 * Weight averaging (config `average`): what EMA adds to an AdamW update, as
 * same-process ratios, and the state it keeps per parameter.
 *
 *   node apps/bench/dist/average-bench.js [--runs N] [--warmup N]
 *
 * Output lines are `name value unit` and `ratio a/b value`, as `pnpm bench`.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from '@weight-decay/tfjs';
import { parseBenchArgs } from './bench-args.js';
import { adamwConfig, filled } from './kernel-bench.js';
import { measurePair, printPair, printValue, type MeasureOptions } from './measure.js';
import { stepper } from './tfjs-bench.js';

const size = 1e6;
const adamwEma: WeightDecayConfig = { ...adamwConfig, average: { type: 'ema', decay: 0.999 } };

/** core's float32 Updater: AdamW with EMA against AdamW alone, 1e6 parameters. */
export async function benchAverageKernel(options: MeasureOptions): Promise<void> {
  const make = (name: string, config: WeightDecayConfig) => {
    const updater = createUpdater(config, [{ name: 'w', shape: [size] }], { precision: 'float32' });
    const params = { w: filled(size, 3) };
    const grads = { w: filled(size, 4) };
    return { name, fn: () => updater.update(params, grads) };
  };
  printPair(await measurePair(make('kernel.adamw+ema.1e6', adamwEma), make('kernel.adamw.1e6', adamwConfig), options));
}

/** createOptimizer on tfjs's cpu (array path) and wasm (tensor path): AdamW with EMA against AdamW alone. */
export async function benchAverageTfjs(options: MeasureOptions): Promise<void> {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    const ours = stepper(`tfjs.${backend}.adamw+ema.1e6`, () => createOptimizer(adamwEma));
    const baseline = stepper(`tfjs.${backend}.adamw.1e6`, () => createOptimizer(adamwConfig));
    printPair(await measurePair(ours, baseline, options));
    ours.dispose();
    baseline.dispose();
  }
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

async function main(): Promise<void> {
  const { runs, warmup } = parseBenchArgs(process.argv.slice(2));
  console.log(`# weight-decay average bench, node ${process.version}, ${new Date().toISOString()}; medians of ${runs} after ${warmup}`);
  await benchAverageKernel({ runs, warmup });
  await benchAverageTfjs({ runs, warmup });
  benchAverageStateBytes();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
