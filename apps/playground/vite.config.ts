import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: dist/ works from any folder of any static host.
  base: './',
  build: { outDir: 'dist', chunkSizeWarningLimit: 4000 },
});
