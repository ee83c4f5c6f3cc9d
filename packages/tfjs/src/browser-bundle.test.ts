import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The package must bundle for the browser: only @tensorflow/tfjs-core is external (a peer),
// @weight-decay/core is bundled in, and no Node built-in may be reached.
describe('browser bundle', () => {
  it('bundles src with esbuild for platform "browser" without Node built-ins', async () => {
    // Relative to the package folder, where vitest runs (this package's tsconfig has no Node types).
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2020',
      external: ['@tensorflow/tfjs-core'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    // Something must actually have been bundled from core, resolved through its exports map.
    expect(inputs.some((p) => p.includes('core/dist/'))).toBe(true);
    // platform "browser" already fails to resolve a Node built-in; this names any that slipped through as external.
    const nodeBuiltins =
      /^(node:.*|fs|path|os|crypto|process|buffer|util|stream|url|module|child_process|worker_threads|events|http|https|zlib)(\/.*)?$/;
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((p) => nodeBuiltins.test(p))).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).toMatch(/from "@tensorflow\/tfjs-core"/);
    expect(code).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\./);
    expect(code).toContain('@weight-decay/tfjs>WeightDecayOptimizer');
  });
});
