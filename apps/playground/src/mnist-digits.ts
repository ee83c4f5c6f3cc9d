/** The lab's MNIST splits, as packed into public/ by scripts/pack-mnist.mjs. */

/** Images and labels, row-major: image i is `images[i*784 .. i*784+783]`. */
export interface Digits {
  size: number;
  /** `size × 784` pixels in [0, 1], float32 exactly as the lab reads them. */
  images: Float32Array;
  /** `size` labels in 0..9. */
  labels: Uint8Array;
}

/** The training and validation digits of the lab's default split. */
export interface DigitSplits {
  seed: number;
  train: Digits;
  validation: Digits;
}

export const imageSize = 784;
export const classCount = 10;

async function fetchOk(url: URL): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response;
}

/**
 * Loads the digits from the page's own origin.
 *
 * @param base - the folder holding `mnist-*.bin` and `mnist-splits.json` (the page's base URL).
 */
export async function loadDigitSplits(base: URL): Promise<DigitSplits> {
  const [meta, pixels, labels] = await Promise.all([
    fetchOk(new URL('mnist-splits.json', base)).then((r) => r.json() as Promise<{ seed: number; train: number; validation: number }>),
    fetchOk(new URL('mnist-pixels.bin', base)).then(async (r) => new Uint16Array(await r.arrayBuffer())),
    fetchOk(new URL('mnist-labels.bin', base)).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  const total = meta.train + meta.validation;
  if (labels.length !== total || pixels.length !== total * imageSize) {
    throw new Error(`mnist files hold ${labels.length} labels and ${pixels.length} pixels, expected ${total} and ${total * imageSize}`);
  }
  const images = Float32Array.from(pixels, (thousandths) => thousandths / 1000);
  const split = (from: number, size: number): Digits => ({
    size,
    images: images.subarray(from * imageSize, (from + size) * imageSize),
    labels: labels.subarray(from, from + size),
  });
  return { seed: meta.seed, train: split(0, meta.train), validation: split(meta.train, meta.validation) };
}
