import { defineGoldenSuite } from '@weight-decay/golden/suite';
import { createOnnxruntimeBackend } from './onnxruntime.js';

// Every committed case runs: the bridge's update path is core's float32 kernel,
// which implements every optimizer and decay term of the config. A machine
// where onnxruntime-node's native binding cannot load fails loudly (default
// `unavailable: 'fail'`) rather than skipping.
defineGoldenSuite(createOnnxruntimeBackend());
