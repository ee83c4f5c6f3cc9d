import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file drives its own headless Chromium; one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    // Software WebGL (SwiftShader) compiles a shader per new op shape: the first run of a suite is slow.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
