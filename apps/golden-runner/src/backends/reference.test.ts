import { goldenFixtures11Dir } from '@weight-decay/golden';
import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { pendingConfig11 } from './pending-config-1-1.js';

import { createCoreFloat32Backend, createReferenceBackend } from './reference.js';

// Every committed case, on core alone: the float64 reference at rtol 1e-9 / atol 1e-12,
// and core's float32 kernel at each case's float32 tolerance. No skips.
defineGoldenSuite(createReferenceBackend());
defineGoldenSuite(createCoreFloat32Backend());

// The config 1.1 cases, minus the features still pending (each with its reason).
defineGoldenSuite(createReferenceBackend(), { fixturesDir: goldenFixtures11Dir, skips: pendingConfig11 });
defineGoldenSuite(createCoreFloat32Backend(), { fixturesDir: goldenFixtures11Dir, skips: pendingConfig11 });
