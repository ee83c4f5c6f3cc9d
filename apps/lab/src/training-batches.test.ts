import { describe, expect, it } from 'vitest';
import { imageSize } from './mnist-data.js';
import { epochBatches } from './training-batches.js';

// 23 samples whose pixels and label encode their row, so batches can be traced back.
const data = {
  size: 23,
  images: Float32Array.from({ length: 23 * imageSize }, (_, i) => Math.floor(i / imageSize)),
  labels: Uint8Array.from({ length: 23 }, (_, i) => i),
};

describe('epochBatches', () => {
  it('drops the last partial batch and never repeats a sample', () => {
    const batches = epochBatches(data, 5, 1, 1);
    expect(batches).toHaveLength(4); // ⌊23/5⌋
    const seen = batches.flatMap((b) => [...b.labels]);
    expect(new Set(seen).size).toBe(20);
    for (const b of batches) {
      expect(b.size).toBe(5);
      for (let i = 0; i < 5; i++) expect(b.images[i * imageSize]).toBe(b.labels[i]);
    }
  });

  it('is reproducible per (seed, epoch) and reshuffles across epochs', () => {
    const order = (seed: number, epoch: number) => epochBatches(data, 5, seed, epoch).flatMap((b) => [...b.labels]);
    expect(order(1, 1)).toEqual(order(1, 1));
    expect(order(1, 1)).not.toEqual(order(1, 2));
    expect(order(1, 1)).not.toEqual(order(2, 1));
  });
});
