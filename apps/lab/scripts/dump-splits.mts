/**
 * Dumps the lab's default splits (seed 1) and seeded initial weights as raw
 * little-endian binaries for rate-survey.py, so the PyTorch survey trains on
 * exactly the lab's data and starting point.
 *
 * Usage (from apps/lab): node --import tsx scripts/dump-splits.mts <out-dir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultArchitecture, initMlpParameters } from '../src/mlp-model.js';
import { loadMnistSplits } from '../src/mnist-data.js';
import { deriveSeed } from '../src/seeded-random.js';

const out = process.argv[2];
if (!out) throw new Error('usage: dump-splits.mts <out-dir>');
mkdirSync(out, { recursive: true });
const seed = 1;
const splits = loadMnistSplits({ train: 1000, validation: 2000, test: 2000 }, seed);
for (const name of ['train', 'validation', 'test'] as const) {
  writeFileSync(join(out, `${name}-x.bin`), Buffer.from(splits[name].images.buffer));
  writeFileSync(join(out, `${name}-y.bin`), Buffer.from(splits[name].labels.buffer));
}
for (const p of initMlpParameters(defaultArchitecture, deriveSeed(seed, 'init'))) {
  writeFileSync(join(out, `${p.name.replace('/', '_')}.bin`), Buffer.from(p.values.buffer));
}
