/**
 * The webgl half of the tfjs figure, bundled into a page and run in headless
 * Chromium by webgl-bench.ts: the same steps over the same 1e6 parameters as
 * on cpu and wasm, on tfjs's webgl backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '@weight-decay/tfjs';

import { adamwConfig } from './kernel-bench.js';
import type { MeasureOptions, Timing } from './measure.js';
import { timeSteps } from './tfjs-bench.js';

async function benchWebgl(options: MeasureOptions): Promise<{ adam: Timing; adamw: Timing; float32Textures: boolean }> {
  if (!(await tf.setBackend('webgl')) || tf.getBackend() !== 'webgl') throw new Error('the webgl backend did not start');
  await tf.ready();
  const adam = await timeSteps('tfjs.webgl.adam.1e6', () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8), options);
  const adamw = await timeSteps('tfjs.webgl.adamw.1e6', () => createOptimizer(adamwConfig), options);
  return { adam, adamw, float32Textures: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') };
}

(globalThis as { benchWebgl?: typeof benchWebgl }).benchWebgl = benchWebgl;
