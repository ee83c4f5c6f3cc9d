/**
 * The browser test page: tfjs with its webgl, cpu and wasm backends, and
 * the checks the node-side tests call through `window.weightDecayTests`.
 */
import '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { fitWeights, saveLoad, tensorCounts } from './adapter-checks.js';
import { updatePaths } from './fused-checks.js';
import { runGoldenCases, useBackend } from './golden-checks.js';

// The page server puts the backend's .wasm binaries under wasm/.
setWasmPaths(new URL('wasm/', document.baseURI).href);

window.weightDecayTests = {
  useBackend,
  runGoldenCases,
  fitWeights: async (backend) => {
    await useBackend(backend);
    return fitWeights();
  },
  updatePaths: async (backend, average) => {
    await useBackend(backend);
    return updatePaths(average);
  },
  saveLoad: async (backend) => {
    await useBackend(backend);
    return saveLoad();
  },
  tensorCounts: async (backend, steps) => {
    await useBackend(backend);
    return tensorCounts(steps);
  },
};
