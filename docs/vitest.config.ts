import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Samples are separate Node processes; a few at a time keeps a shared 2-core machine responsive.
    maxConcurrency: 3,
  },
});
