/**
 * The golden cases replayed inside the page through the same tfjs golden
 * backend `pnpm golden` uses (apps/golden-runner), on any tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';
import { parseFixture, runGoldenCase, type GoldenCaseResult } from '@weight-decay/golden';
import { createTfjsBackend } from '@weight-decay/golden-runner/dist/backends/tfjs.js';

import type { BackendInfo, BrowserBackend, RawFixture } from './test-page-api.js';

/** Activates a tfjs backend and says what it really is. */
export async function useBackend(backend: BrowserBackend): Promise<BackendInfo> {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    throw new Error(`tf.setBackend('${backend}') failed (backend now ${tf.getBackend()})`);
  }
  await tf.ready();
  if (backend !== 'webgl') return { backend };
  return {
    backend,
    float32Textures: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
  };
}

/**
 * Validates each case with the golden package's own parser and replays it.
 * Each result carries the tolerance it was held to and its worst error.
 */
export async function runGoldenCases(backend: BrowserBackend, fixtures: RawFixture[]): Promise<GoldenCaseResult[]> {
  await useBackend(backend);
  const golden = createTfjsBackend(backend);
  await golden.ready?.();
  const results: GoldenCaseResult[] = [];
  for (const { relativePath, data } of fixtures) {
    results.push(await runGoldenCase(golden, parseFixture(data, relativePath)));
  }
  return results;
}
