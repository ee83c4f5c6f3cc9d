/**
 * The webgl half of the tfjs figure, bundled into a page and run in headless
 * Chromium by webgl-bench.ts: the same steps over the same 1e6 parameters as
 * on cpu and wasm, on tfjs's webgl backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '@weight-decay/tfjs';

import { adamwConfig } from './kernel-bench.js';
import { measurePair, type MeasureOptions, type PairTiming } from './measure.js';
import { stepper } from './tfjs-bench.js';

async function benchWebgl(options: MeasureOptions): Promise<{ pair: PairTiming; float32Textures: boolean }> {
  if (!(await tf.setBackend('webgl')) || tf.getBackend() !== 'webgl') throw new Error('the webgl backend did not start');
  await tf.ready();
  // Timed in alternation, as on cpu and wasm: the ratio is the median of per-round ratios.
  const adam = stepper('tfjs.webgl.adam.1e6', () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8));
  const adamw = stepper('tfjs.webgl.adamw.1e6', () => createOptimizer(adamwConfig));
  const pair = await measurePair(adamw, adam, options);
  adamw.dispose();
  adam.dispose();
  return { pair, float32Textures: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') };
}

(globalThis as { benchWebgl?: typeof benchWebgl }).benchWebgl = benchWebgl;
