import { goldenFixtures11Dir } from '@weight-decay/golden';
import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { pendingConfig11 } from './pending-config-1-1.js';
import { createOnnxruntimeBackend } from './onnxruntime.js';

// Every committed case runs: the bridge's update path is core's float32 kernel,
// which implements every optimizer and decay term of the config. A machine
// where onnxruntime-node's native binding cannot load fails loudly (default
// `unavailable: 'fail'`) rather than skipping.
defineGoldenSuite(createOnnxruntimeBackend());

// The config 1.1 cases, minus the features still pending (each with its reason).
defineGoldenSuite(createOnnxruntimeBackend(), { fixturesDir: goldenFixtures11Dir, skips: pendingConfig11 });
