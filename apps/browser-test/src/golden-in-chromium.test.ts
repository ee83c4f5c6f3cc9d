import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenFixtures11Dir, goldenFixturesDir, loadFixtures, type GoldenCaseResult } from '@weight-decay/golden';
import { beforeAll, describe, expect, it } from 'vitest';

import type { BrowserBackend } from './page/test-page-api.js';
import { useTestPage } from './test-page-hooks.js';

// Every committed golden case, replayed in headless Chromium through the tfjs golden backend of
// `pnpm golden`, on each backend a browser app would pick. No case is skipped, and every backend is
// held to the cases' own float32 tolerance: measured, webgl (WebGL2 on SwiftShader with float32
// textures), wasm and cpu all stay within 0.2 of it (worst: sgd-warm-restarts-tmult2, |Δ| 4.2e-7),
// so no backend needs a wider one. `createOptimizer`'s default path runs: the fused kernel on wasm
// (a WebAssembly module) and webgl (generated shaders), core's float32 loops on cpu. The config 1.1
// cases of the optimizers those kernels cover run too (Adamax); the other 1.1 features are pending.
const backends: readonly BrowserBackend[] = ['cpu', 'wasm', 'webgl'];

// Read and validated in node; the page validates each case again with the same parser.
const loaded = [...loadFixtures(goldenFixturesDir), ...loadFixtures(join(goldenFixtures11Dir, 'adamax'))];
const fixtures = loaded.map(({ relativePath, file }) => ({ relativePath, data: JSON.parse(readFileSync(file, 'utf8')) as unknown }));

const testPage = useTestPage('weight-decay golden cases');

it('has golden cases to replay', () => {
  expect(loaded.length).toBeGreaterThan(0);
});

for (const backend of backends) {
  describe(`golden cases in Chromium on tfjs ${backend}`, () => {
    const results = new Map<string, GoldenCaseResult>();
    beforeAll(async () => {
      const info = await testPage().page.evaluate((b) => window.weightDecayTests.useBackend(b), backend);
      // A webgl run on half-float textures would not be the float32 backend these tolerances are for.
      if (backend === 'webgl') expect(info.float32Textures, 'webgl renders to float32 textures').toBe(true);
      const replayed = await testPage().page.evaluate(([b, f]) => window.weightDecayTests.runGoldenCases(b, f), [
        backend,
        fixtures,
      ] as const);
      for (const r of replayed) results.set(r.name, r);
    });

    for (const { fixture, relativePath } of loaded) {
      it(fixture.name, () => {
        const result = results.get(fixture.name);
        expect(result, `no result for ${relativePath}`).toBeDefined();
        if (result?.status !== 'pass') expect.fail(`${relativePath}: ${result?.message}`);
      });
    }

    it('raised no page error', () => {
      expect(testPage().errors).toEqual([]);
    });
  });
}
