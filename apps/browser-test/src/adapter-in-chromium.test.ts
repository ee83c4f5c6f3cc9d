import { describe, expect, it } from 'vitest';

import type { BrowserBackend } from './page/test-page-api.js';
import { useTestPage } from './test-page-hooks.js';

// The adapter's own checks (LayersModel.fit, save/load with the optimizer, no leaked tensors)
// on each backend in headless Chromium, through @weight-decay/tfjs's public entry.
const backends: readonly BrowserBackend[] = ['cpu', 'wasm', 'webgl'];

const testPage = useTestPage('weight-decay adapter checks');

for (const backend of backends) {
  describe(`the adapter in Chromium on tfjs ${backend}`, () => {
    it('fit, trainOnBatch and a wrapped tf.train.sgd give the hand-derived weight', async () => {
      // SGD η = 0.1, decoupled λ = 0.5 (factor 1 − ηλ = 0.95), loss w² so g = 2w, w₀ = 1:
      //   w₁ = 1·0.95 − 0.1·2 = 0.75;  w₂ = 0.75·0.95 − 0.1·1.5 = 0.5625 (exact in float32).
      const weights = await testPage().page.evaluate((b) => window.weightDecayTests.fitWeights(b), backend);
      expect(weights).toEqual({ createOptimizerFit: 0.5625, createOptimizerTrainOnBatch: 0.5625, withWeightDecayFit: 0.5625 });
    });

    it('model.save(includeOptimizer) + tf.loadLayersModel restore the optimizer; continued training matches exactly', async () => {
      const outcome = await testPage().page.evaluate((b) => window.weightDecayTests.saveLoad(b), backend);
      expect(outcome.restoredClassName).toBe(outcome.originalClassName);
      // 4 samples in batches of 2 for 2 epochs: 4 updates before the save.
      expect(outcome.restoredIterations).toBe(4);
      expect(outcome.configsEqual).toBe(true);
      expect(outcome.originalWeights.flat().length).toBe(2 * 3 + 3 + 3 * 1 + 1);
      expect(outcome.restoredWeights).toEqual(outcome.originalWeights);
    });

    it('no tensor leaks over 300 updates, metrics, a state copy, dispose() and repeated save/load', async () => {
      const counts = await testPage().page.evaluate((b) => window.weightDecayTests.tensorCounts(b, 300), backend);
      expect(counts.afterAllSteps).toBe(counts.afterFirstStep);
      expect(counts.afterMetrics).toBe(counts.afterFirstStep);
      // The copy's state exists (it holds tensors) and goes away with dispose().
      expect(counts.withCopy).toBeGreaterThan(counts.afterFirstStep);
      expect(counts.afterDispose).toBe(counts.start);
      expect(counts.afterSaveLoads).toBe(counts.saveLoadBaseline);
    });

    it('raised no page error', () => {
      expect(testPage().errors).toEqual([]);
    });
  });
}
