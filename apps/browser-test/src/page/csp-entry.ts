/**
 * A small app as a new user would write it, bundled whole (tfjs included)
 * and served under a strict Content-Security-Policy: it trains a dense model
 * with `createOptimizer` on the backend named in the URL (`?backend=cpu`),
 * as soon as it loads, and shows the losses (or the error) in `#result`.
 * It starts itself rather than being called by the test: code that a test
 * runs through the DevTools protocol is exempt from the page's eval checks.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createOptimizer } from '@weight-decay/tfjs';

import type { BrowserBackend } from './test-page-api.js';

setWasmPaths(new URL('wasm/', document.baseURI).href);

/** Trains 5 epochs of a 4-8-1 regression with Adam, decoupled decay and proximal L1; returns the loss per epoch. */
async function trainUnderCsp(backend: BrowserBackend): Promise<number[]> {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') failed`);
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  const optimizer = createOptimizer({
    optimizer: { type: 'adam', learningRate: 0.01 },
    decay: [
      { type: 'decoupled', rate: 0.01, params: { minRank: 2 } },
      { type: 'l1', rate: 0.001, method: 'proximal', params: { minRank: 2 } },
    ],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const xs = tf.randomUniform([64, 4], -1, 1, 'float32', 3);
  const ys = tf.sum(xs, 1, true);
  const history = await model.fit(xs, ys, { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  return history.history.loss as number[];
}

const result = document.createElement('output');
result.id = 'result';
document.body.append(result);
const backend = new URLSearchParams(location.search).get('backend') as BrowserBackend;
trainUnderCsp(backend).then(
  (losses) => {
    result.dataset.status = 'trained';
    result.textContent = JSON.stringify(losses);
  },
  (error: unknown) => {
    result.dataset.status = 'failed';
    result.textContent = String(error);
  },
);
