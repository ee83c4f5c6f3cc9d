import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { createTfjsBackend } from './tfjs.js';

// Every committed case runs, with no skips, through each update path of the adapter:
// - cpu, default: the update runs on core's float32 kernel (the adapter's cpu fast path);
// - cpu with kernel 'tensor': the update in tfjs ops, the path GPU backends (webgl, webgpu) use;
// - wasm: the update in tfjs ops on the wasm backend (its .wasm binary from the package).
// A machine where the wasm binary cannot load fails loudly (default `unavailable: 'fail'`).
defineGoldenSuite(createTfjsBackend('cpu'));
defineGoldenSuite(createTfjsBackend('cpu', { kernel: 'tensor' }));
defineGoldenSuite(createTfjsBackend('wasm'));
