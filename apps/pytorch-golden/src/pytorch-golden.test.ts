/// <reference types="node" />
import { afterAll } from 'vitest';
import { join } from 'node:path';
import { goldenFixtures11Dir, goldenFixturesDir, loadFixtures } from '@weight-decay/golden';
import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { createPytorchBackend } from './pytorch-backend.js';

// Every committed case on the emitted module, float64, rtol 1e-9. Each optimizer case with two
// or more steps also continues, before its second step, on a fresh optimizer loaded from
// state_dict() through the JSON checkpoint helpers.
const backend = createPytorchBackend({
  emit: 'in-process',
  roundTripAt: 1,
  fixtures: loadFixtures(goldenFixturesDir).map((l) => l.fixture),
});
afterAll(() => backend.close());
// The config 1.1 groups cases (param groups, and torch optimizers of their own for typed groups).
const groupsBackend = createPytorchBackend({ emit: 'in-process', roundTripAt: 1 });
afterAll(() => groupsBackend.close());

// CI installs python3-torch and must run these; a developer machine without it skips them,
// each test saying why (the reason is ready()'s error).
defineGoldenSuite(backend, { unavailable: process.env.CI ? 'fail' : 'skip' });
defineGoldenSuite(groupsBackend, {
  fixturesDir: join(goldenFixtures11Dir, 'groups'),
  unavailable: process.env.CI ? 'fail' : 'skip',
});

// Config 1.1 `gradient` (accumulate, clip, nonFinite) on the emitted module, with the same round trip
// before each case's second micro-batch (inside an accumulation window). Cases that also need another
// config 1.1 feature wait for it, by exact name.
const needsOtherFeatures: Record<string, string> = {};
for (const folder of ['accumulate', 'clip', 'non-finite']) {
  const fixturesDir = join(goldenFixtures11Dir, folder);
  const gradientBackend = createPytorchBackend({
    emit: 'in-process',
    roundTripAt: 1,
    fixtures: loadFixtures(fixturesDir).map((l) => l.fixture),
  });
  afterAll(() => gradientBackend.close());
  defineGoldenSuite(gradientBackend, {
    fixturesDir,
    skips: Object.fromEntries(
      Object.entries(needsOtherFeatures).filter(([name]) => loadFixtures(fixturesDir).some((l) => l.fixture.name === name)),
    ),
    unavailable: process.env.CI ? 'fail' : 'skip',
  });
}
