import { afterEach, describe, expect, it, vi } from 'vitest';

import { imageSize, loadDigitSplits } from './mnist-digits.js';

/** Serves the three files from memory, as the page's origin would. */
function serve(files: Record<string, BodyInit>): void {
  vi.stubGlobal('fetch', async (url: URL) => {
    const name = url.pathname.split('/').pop() as string;
    return name in files ? new Response(files[name]) : new Response('', { status: 404 });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadDigitSplits', () => {
  it('decodes thousandths into the float32 pixels the lab uses and cuts the splits in order', async () => {
    const pixels = new Uint16Array(3 * imageSize);
    pixels[0] = 149; // 0.149, a value the mnist package ships
    pixels[imageSize] = 1000;
    pixels[3 * imageSize - 1] = 992;
    serve({
      'mnist-splits.json': JSON.stringify({ seed: 7, train: 2, validation: 1 }),
      'mnist-pixels.bin': pixels,
      'mnist-labels.bin': new Uint8Array([3, 1, 9]),
    });
    const splits = await loadDigitSplits(new URL('http://site/app/'));
    expect(splits.seed).toBe(7);
    expect(splits.train.size).toBe(2);
    expect(splits.train.images[0]).toBe(Math.fround(0.149));
    expect(splits.train.images[imageSize]).toBe(1);
    expect(Array.from(splits.train.labels)).toEqual([3, 1]);
    expect(splits.validation.size).toBe(1);
    expect(splits.validation.images).toHaveLength(imageSize);
    expect(splits.validation.images[imageSize - 1]).toBe(Math.fround(0.992));
    expect(Array.from(splits.validation.labels)).toEqual([9]);
  });

  it('rejects files whose sizes disagree with the split sizes', async () => {
    serve({
      'mnist-splits.json': JSON.stringify({ seed: 1, train: 2, validation: 1 }),
      'mnist-pixels.bin': new Uint16Array(2 * imageSize),
      'mnist-labels.bin': new Uint8Array(3),
    });
    await expect(loadDigitSplits(new URL('http://site/'))).rejects.toThrow(/expected 3 and 2352/);
  });

  it('names a file the server does not have', async () => {
    serve({});
    await expect(loadDigitSplits(new URL('http://site/'))).rejects.toThrow(/mnist-.*: HTTP 404/);
  });
});
