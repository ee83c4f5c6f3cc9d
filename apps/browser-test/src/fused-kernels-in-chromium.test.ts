import { describe, expect, it } from 'vitest';

import type { BrowserBackend } from './page/test-page-api.js';
import { useTestPage } from './test-page-hooks.js';

// createOptimizer's default path on the backends with a fused kernel: the update runs none of
// tfjs's kernels (the wasm module / the generated shaders do the work), while `kernel: 'tensor'`
// runs it op by op; after three updates both agree to float32 rounding (rtol 1e-5): both compute
// in float32 per element, in a different order of roundings.
const backends: readonly BrowserBackend[] = ['wasm', 'webgl'];

const testPage = useTestPage('weight-decay fused kernels');

for (const backend of backends) {
  describe(`the fused kernel in Chromium on tfjs ${backend}`, () => {
    for (const average of [undefined, 'ema', 'uniform'] as const) {
      it(`is createOptimizer's default and follows the op-by-op path${average ? ` with the ${average} average` : ''}`, async () => {
        const { auto, tensor } = await testPage().page.evaluate(([b, a]) => window.weightDecayTests.updatePaths(b, a), [
          backend,
          average,
        ] as const);
        // N, the global gradient norm every update reports (config 1.1), costs the update no reduction: wasm's
        // module sums g² in its pass; on webgl the gradient is held (Identity: a reference, no copy) and
        // reduced when gradNorm() asks for it (below).
        expect(auto.kernels).toEqual(backend === 'wasm' ? [] : ['Identity']);
        expect(tensor.kernels.length).toBeGreaterThan(10);
        // N of the last gradient [−0.2, 0.2, 0.2, −0.1]: √0.13.
        expect(auto.gradNorm).toBeCloseTo(Math.sqrt(0.13), 6);
        expect(tensor.gradNorm).toBeCloseTo(Math.sqrt(0.13), 6);
        // θ, then m, v, vMax, step and θ₀ as getWeights names them (and the average and its count).
        expect(auto.values.map((v) => v.length)).toEqual(tensor.values.map((v) => v.length));
        expect(auto.values).toHaveLength(average === undefined ? 6 : 8);
        auto.values.forEach((values, k) =>
          values.forEach((x, i) =>
            expect(Math.abs(x - tensor.values[k][i])).toBeLessThanOrEqual(1e-5 * Math.abs(tensor.values[k][i]) + 1e-7),
          ),
        );
      });
    }

    it('raised no page error', () => {
      expect(testPage().errors).toEqual([]);
    });
  });
}
