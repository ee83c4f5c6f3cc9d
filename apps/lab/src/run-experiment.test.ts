import { describe, expect, it } from 'vitest';
import { imageSize } from './mnist-data.js';
import { blankPixels, rowsNorm } from './run-experiment.js';

describe('blank pixels', () => {
  it('are the pixels 0 in every image', () => {
    const images = new Float32Array(2 * imageSize);
    images[5] = 0.5; // image 0, pixel 5
    images[imageSize + 7] = 1; // image 1, pixel 7
    const blank = blankPixels({ size: 2, images, labels: new Uint8Array(2) });
    expect(blank).toHaveLength(imageSize - 2);
    expect(blank).not.toContain(5);
    expect(blank).not.toContain(7);
    expect(blank[0]).toBe(0);
  });

  it('select their rows of the first-layer kernel for the norm', () => {
    // A [3, 2] kernel: rows (1, 2), (3, 4), (5, 6); rows 0 and 2 → √(1 + 4 + 25 + 36) = √66.
    const kernel = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(rowsNorm(kernel, 2, [0, 2])).toBeCloseTo(Math.sqrt(66), 12);
    expect(rowsNorm(kernel, 2, [])).toBe(0);
  });
});
