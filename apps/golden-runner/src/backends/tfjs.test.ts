import { goldenFixtures11Dir } from '@weight-decay/golden';
import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { pendingConfig11 } from './pending-config-1-1.js';
import { createTfjsBackend } from './tfjs.js';

// Every committed case runs, with no skips, through each update path of the adapter:
// - cpu, default: the update runs on core's float32 kernel (the adapter's cpu fast path);
// - cpu with kernel 'tensor': the update in tfjs ops, the path GPU backends (webgl, webgpu) use;
// - wasm, default: the fused wasm kernel (core's program emitted as a WebAssembly module, on the heap);
// - wasm with kernel 'tensor': the update op by op in tfjs ops on the wasm backend (its .wasm binary from the package).
// A machine where the wasm binary cannot load fails loudly (default `unavailable: 'fail'`).
defineGoldenSuite(createTfjsBackend('cpu'));
defineGoldenSuite(createTfjsBackend('cpu', { kernel: 'tensor' }));
defineGoldenSuite(createTfjsBackend('wasm'));
defineGoldenSuite(createTfjsBackend('wasm', { kernel: 'tensor' }));

// The config 1.1 cases on the same four paths, minus the features still pending (each with its reason).
for (const backend of [
  createTfjsBackend('cpu'),
  createTfjsBackend('cpu', { kernel: 'tensor' }),
  createTfjsBackend('wasm'),
  createTfjsBackend('wasm', { kernel: 'tensor' }),
]) {
  defineGoldenSuite(backend, { fixturesDir: goldenFixtures11Dir, skips: pendingConfig11 });
}
