/**
 * Test helpers: the committed models and their PyTorch references
 * (written by models/export_models.py). Not part of the build.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Batch } from './batch-feeds.js';

const modelsDir = new URL('../../models/', import.meta.url);

/** A batch as the reference JSON stores it. */
export interface ReferenceBatch {
  x: { dims: number[]; data: number[] };
  labels: { dims: number[]; data: number[] };
}

/** One model's PyTorch reference (see export_models.py). */
export interface ModelReference {
  name: string;
  source: string;
  inputName: string;
  outputName: string;
  initialParameters: Record<string, { shape: number[]; values: number[] }>;
  gradientCheck: {
    batch: ReferenceBatch;
    logits: number[];
    loss: number;
    gradients: Record<string, number[]>;
  };
  training: {
    config: unknown;
    steps: number;
    batches: ReferenceBatch[];
    learningRates: number[];
    losses: number[];
    finalParameters: Record<string, number[]>;
  };
}

/** Bytes of a committed model file, e.g. `mlp.onnx`. */
export function modelBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(file, modelsDir)));
}

/** The reference of `mlp` or `cnn`. */
export function modelReference(name: 'mlp' | 'cnn'): ModelReference {
  return JSON.parse(readFileSync(new URL(`${name}-reference.json`, modelsDir), 'utf8')) as ModelReference;
}

/** A reference batch as trainer input (float32 features, int64 labels from plain numbers). */
export function toBatch(batch: ReferenceBatch): Batch {
  return {
    x: { data: Float32Array.from(batch.x.data), dims: batch.x.dims },
    labels: { data: batch.labels.data, dims: batch.labels.dims },
  };
}

/** The largest |actual − expected| and whether every element meets atol + rtol·|expected|. */
export function closeness(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { rtol: number; atol: number },
): { worst: number; pass: boolean } {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let pass = true;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    worst = Math.max(worst, error);
    if (!(error <= tolerance.atol + tolerance.rtol * Math.abs(expected[i]))) pass = false;
  }
  return { worst, pass };
}

/** Asserts element-wise closeness, naming the array and the worst error on failure. */
export function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { rtol: number; atol: number },
): void {
  const { worst, pass } = closeness(actual, expected, tolerance);
  expect(pass, `${label}: worst |error| ${worst} exceeds atol ${tolerance.atol} + rtol ${tolerance.rtol}·|expected|`).toBe(true);
}
