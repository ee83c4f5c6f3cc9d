import { defineGoldenSuite } from '@weight-decay/golden/suite';

import { createCoreFloat32Backend, createReferenceBackend } from './reference.js';

// Every committed case, on core alone: the float64 reference at rtol 1e-9 / atol 1e-12,
// and core's float32 kernel at each case's float32 tolerance. No skips.
defineGoldenSuite(createReferenceBackend());
defineGoldenSuite(createCoreFloat32Backend());
