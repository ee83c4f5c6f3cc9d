import { defineConfig } from 'vitest/config';

// Packing and one npm install (tfjs and onnxruntime-node, ~600 MB unpacked) run in beforeAll:
// from a warm npm cache it is well under a minute, but the machine may be shared.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], hookTimeout: 900_000, testTimeout: 120_000 } });
