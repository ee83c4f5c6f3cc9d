import { join } from 'node:path';
import { goldenFixtures11Dir, goldenFixturesDir, loadFixtures } from '@weight-decay/golden';
import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { createTfjsWrapperBackend, wrapperSkipReason } from './tfjs-wrapper.js';

// withWeightDecay around tf.train.sgd / momentum / adam replays every SGD and Adam case; the
// others are skipped, each with the reason wrapperSkipReason gives (the optimizer has no tfjs counterpart).
const skips: Record<string, string> = {};
for (const { fixture } of loadFixtures(goldenFixturesDir)) {
  const reason = wrapperSkipReason(fixture);
  if (reason !== undefined) skips[fixture.name] = reason;
}
defineGoldenSuite(createTfjsWrapperBackend('cpu'), { skips });
defineGoldenSuite(createTfjsWrapperBackend('wasm'), { skips });

// Config 1.1 `average` around the wrapped optimizer (options.average); the cases that need another
// 1.1 feature stay skipped, as on every backend.
const averageDir = join(goldenFixtures11Dir, 'average');
const averageSkips: Record<string, string> = {
  'ema-lion': 'needs lion (config 1.1, not on this branch yet)',
  'ema-with-groups-and-clip': 'needs groups and gradient.clip (config 1.1, not on this branch yet)',
  'uniform-with-accumulate': 'needs gradient.accumulate (config 1.1, not on this branch yet)',
};
for (const { fixture } of loadFixtures(averageDir)) {
  const reason = averageSkips[fixture.name] === undefined ? wrapperSkipReason(fixture) : undefined;
  if (reason !== undefined) averageSkips[fixture.name] = reason;
}
defineGoldenSuite(createTfjsWrapperBackend('cpu'), { fixturesDir: averageDir, skips: averageSkips });
