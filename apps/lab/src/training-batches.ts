/**
 * Mini-batches for one epoch. The lab draws the order itself (seeded per
 * epoch) and hands the same batches to every backend, so runs differ only by
 * the decay config and the backend's arithmetic.
 */
import type { Dataset } from './mnist-data.js';
import { imageSize } from './mnist-data.js';
import { createRandom, deriveSeed, permutation } from './seeded-random.js';

/** One mini-batch: `size` images (row-major, 784 each) and their labels. */
export interface TrainingBatch {
  /** Number of samples. */
  readonly size: number;
  /** `size × 784` pixels. */
  readonly images: Float32Array;
  /** `size` labels in 0..9. */
  readonly labels: Uint8Array;
}

/**
 * The batches of epoch `epoch` (1-based) for a seed. The last partial batch is
 * dropped: the ONNX Runtime training graph is built for one batch size, and
 * equal-sized updates keep the two backends step-for-step comparable.
 */
export function epochBatches(data: Dataset, batchSize: number, seed: number, epoch: number): TrainingBatch[] {
  const order = permutation(data.size, createRandom(deriveSeed(seed, `batches/${epoch}`)));
  const count = Math.floor(data.size / batchSize);
  const batches: TrainingBatch[] = [];
  for (let b = 0; b < count; b++) {
    const images = new Float32Array(batchSize * imageSize);
    const labels = new Uint8Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const row = order[b * batchSize + i];
      images.set(data.images.subarray(row * imageSize, (row + 1) * imageSize), i * imageSize);
      labels[i] = data.labels[row];
    }
    batches.push({ size: batchSize, images, labels });
  }
  return batches;
}
