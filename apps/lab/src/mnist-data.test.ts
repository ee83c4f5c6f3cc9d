import { describe, expect, it } from 'vitest';
import { LabInputError } from './lab-errors.js';
import { classCounts, gatherSamples, imageSize, loadMnistPool, loadMnistSplits, splitIndices } from './mnist-data.js';

describe('splitIndices', () => {
  const sizes = { train: 100, validation: 50, test: 30 };

  it('is a pure function of (total, sizes, seed)', () => {
    expect(splitIndices(1000, sizes, 5)).toEqual(splitIndices(1000, sizes, 5));
    expect(splitIndices(1000, sizes, 5).train).not.toEqual(splitIndices(1000, sizes, 6).train);
  });

  it('gives disjoint splits of the requested sizes', () => {
    const { train, validation, test } = splitIndices(1000, sizes, 5);
    expect([train.length, validation.length, test.length]).toEqual([100, 50, 30]);
    const all = new Set([...train, ...validation, ...test]);
    expect(all.size).toBe(180);
    for (const i of all) expect(i).toBeLessThan(1000);
  });

  it('refuses more samples than the pool holds, naming the source', () => {
    expect(() => splitIndices(100, sizes, 1)).toThrow(LabInputError);
    expect(() => splitIndices(100, sizes, 1)).toThrow(/180 samples requested but the package has only 100/);
  });
});

describe('gatherSamples', () => {
  it('copies the chosen rows in order', () => {
    const pool = {
      size: 3,
      images: Float32Array.from({ length: 3 * imageSize }, (_, i) => Math.floor(i / imageSize)),
      labels: Uint8Array.from([7, 8, 9]),
    };
    const picked = gatherSamples(pool, [2, 0]);
    expect(picked.size).toBe(2);
    expect([...picked.labels]).toEqual([9, 7]);
    expect(picked.images[0]).toBe(2);
    expect(picked.images[imageSize]).toBe(0);
  });
});

// Parsing ~10,000 digits of JSON takes about a second; a loaded machine can make that many.
describe('loadMnistPool', { timeout: 60_000 }, () => {
  it('reads every digit the mnist package ships', () => {
    const pool = loadMnistPool();
    // Per-digit counts are the sizes of the package's digits/<d>.json data arrays divided by 784,
    // read with `node -e` when the lab was written.
    expect(classCounts(pool)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(pool.size).toBe(10000);
    let min = Infinity;
    let max = -Infinity;
    for (const v of pool.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });

  it('makes the same splits twice for a seed, with every class present', () => {
    const a = loadMnistSplits({ train: 200, validation: 100, test: 100 }, 9);
    const b = loadMnistSplits({ train: 200, validation: 100, test: 100 }, 9);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.validation.images).toEqual(b.validation.images);
    for (const count of classCounts(a.train)) expect(count).toBeGreaterThan(0);
  });
});
