import { expect } from 'vitest';
import { createUpdater } from '../updater.js';
import type { Updater, UpdaterOptions } from '../updater.js';
import type { FloatArray, Precision } from '../float-array.js';

/** Both precisions, for `describe.each`. */
export const precisions: Precision[] = ['float64', 'float32'];

/** Relative tolerance by precision (common.md): float64 reference ~1e-12 here, float32 ~1e-6. */
export function rtolFor(precision: Precision): number {
  return precision === 'float64' ? 1e-12 : 1e-6;
}

/** Fresh parameter arrays of the given precision. */
export function makeParams(values: Record<string, number[]>, precision: Precision): Record<string, FloatArray> {
  const out: Record<string, FloatArray> = {};
  for (const [name, v] of Object.entries(values)) out[name] = precision === 'float32' ? new Float32Array(v) : new Float64Array(v);
  return out;
}

/** Creates an updater over 1-D parameters named like `values` and applies every step of grads. */
export function runUpdater(
  config: unknown,
  values: Record<string, number[]>,
  steps: Record<string, ArrayLike<number>>[],
  precision: Precision,
  options: UpdaterOptions = {},
): { updater: Updater; params: Record<string, FloatArray> } {
  const params = makeParams(values, precision);
  const updater = createUpdater(
    config,
    Object.entries(values).map(([name, v]) => ({ name, shape: [v.length] })),
    { ...options, precision },
  );
  for (const grads of steps) updater.update(params, grads);
  return { updater, params };
}

/** |actual − expected| ≤ atol + rtol·|expected| element-wise, with a message naming the index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    const bound = atol + rtol * Math.abs(expected[i]);
    if (!(error <= bound)) {
      expect.fail(`element ${i}: actual ${actual[i]}, expected ${expected[i]} (error ${error} > ${bound})`);
    }
  }
}

/** Bit-for-bit equality, so +0/−0 and NaN payloads count. */
export function expectBitIdentical(actual: FloatArray, expected: FloatArray): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength)).toEqual(
    new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength),
  );
}

/** Deterministic pseudo-random numbers in [−1, 1) (mulberry32), so tests need no fixtures. */
export function randomValues(seed: number, count: number): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
  return out;
}
