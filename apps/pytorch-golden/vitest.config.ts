import { defineConfig } from 'vitest/config';

// Starting Python with PyTorch and evaluating the schedule cases in it takes seconds on a busy 2-core machine.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], hookTimeout: 180_000, testTimeout: 120_000 } });
