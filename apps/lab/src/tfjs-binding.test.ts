import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { initMlpParameters } from './mlp-model.js';
import { createTfjsBackend } from './tfjs-binding.js';

const config = resolveConfig({ optimizer: { type: 'adam', learningRate: 0.01 }, decay: [] });
const architecture = { layerSizes: [784, 8, 10], batchNorm: true, dropout: 0.5 };

function batch(seed: number) {
  const images = new Float32Array(4 * 784).map((_, i) => ((i * 7919 + seed) % 13) / 13);
  return { size: 4, images, labels: new Uint8Array([0, 1, 2, 3]) };
}

describe('tfjs binding with dropout and batch norm', { timeout: 60_000 }, () => {
  it('trains reproducibly from its seed and frees every tensor', async () => {
    const backend = await createTfjsBackend('cpu');
    const before = tf.memory().numTensors;
    const train = async (seed: number) => {
      const session = await backend.createSession({
        architecture,
        initialParameters: initMlpParameters(architecture, 1),
        config,
        batchSize: 4,
        seed,
      });
      const losses = await session.trainEpoch([batch(1), batch(2), batch(3)]);
      const scored = await session.evaluate(batch(4));
      const weights = await session.readWeights();
      await session.dispose();
      return { losses, scored, weights };
    };
    const a = await train(1);
    const b = await train(1);
    const c = await train(2);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.losses).toEqual(b.losses);
    // Another seed draws other dropout masks, so the first update already differs.
    expect(a.losses[1]).not.toBe(c.losses[1]);
    expect(Object.keys(a.weights)).toEqual(['dense1/kernel', 'dense1/bias', 'bn1/gamma', 'bn1/beta', 'dense2/kernel', 'dense2/bias']);
    expect(Number.isFinite(a.scored.loss)).toBe(true);
  });
});
