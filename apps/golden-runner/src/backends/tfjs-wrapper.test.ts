import { goldenFixturesDir, loadFixtures } from '@weight-decay/golden';
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
