/// <reference types="node" />
import { afterAll } from 'vitest';
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
// Every config 1.1 case (all folders), with the same round trip before each case's second micro-batch
// (inside an accumulation window, mid-plateau, mid-average).
const backend11 = createPytorchBackend({ emit: 'in-process', roundTripAt: 1 });
afterAll(() => backend11.close());

// CI installs python3-torch and must run these; a developer machine without it skips them,
// each test saying why (the reason is ready()'s error).
defineGoldenSuite(backend, { unavailable: process.env.CI ? 'fail' : 'skip' });
defineGoldenSuite(backend11, { fixturesDir: goldenFixtures11Dir, unavailable: process.env.CI ? 'fail' : 'skip' });
