import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ParameterTensor } from './mlp-model.js';
import { buildMlpOnnx } from './onnx-mlp-writer.js';

// A 2-2-2 MLP with hand-picked weights (kernels are [in, out], row-major):
// W1 = [[1, −1], [2, 0.5]], b1 = [0, 0.5], W2 = [[1, 0], [0, 2]], b2 = [0.1, −0.1].
// x = [1, 1]:  x·W1 + b1 = [1+2, −1+0.5] + [0, 0.5] = [3, 0] → relu [3, 0] → [3, 0] + b2 = [3.1, −0.1]
// x = [0, −1]: x·W1 + b1 = [−2, −0.5] + [0, 0.5] = [−2, 0] → relu [0, 0] → b2 = [0.1, −0.1]
const architecture = { layerSizes: [2, 2, 2] };
const parameters: ParameterTensor[] = [
  { name: 'dense1/kernel', shape: [2, 2], values: Float32Array.from([1, -1, 2, 0.5]) },
  { name: 'dense1/bias', shape: [2], values: Float32Array.from([0, 0.5]) },
  { name: 'dense2/kernel', shape: [2, 2], values: Float32Array.from([1, 0, 0, 2]) },
  { name: 'dense2/bias', shape: [2], values: Float32Array.from([0.1, -0.1]) },
];
const images = new Tensor('float32', Float32Array.from([1, 1, 0, -1]), [2, 2]);
const expected = [3.1, -0.1, 0.1, -0.1];

describe('buildMlpOnnx', () => {
  it('writes a model ONNX Runtime loads and runs to the hand-derived logits', async () => {
    const session = await InferenceSession.create(buildMlpOnnx(architecture, parameters));
    expect(session.inputNames).toEqual(['images']);
    expect(session.outputNames).toEqual(['logits']);
    const out = await session.run({ images });
    expect(out.logits.dims).toEqual([2, 2]);
    [...(out.logits.data as Float32Array)].forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    await session.release();
  });

  it('can take the weights as inputs instead (the scoring model)', async () => {
    const session = await InferenceSession.create(buildMlpOnnx(architecture, null));
    expect(session.inputNames).toEqual(['images', 'dense1/kernel', 'dense1/bias', 'dense2/kernel', 'dense2/bias']);
    const feeds: Record<string, Tensor> = { images };
    for (const p of parameters) feeds[p.name] = new Tensor('float32', p.values, [...p.shape]);
    const out = await session.run(feeds);
    [...(out.logits.data as Float32Array)].forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    await session.release();
  });

  it('names a missing parameter', () => {
    expect(() => buildMlpOnnx(architecture, parameters.slice(0, 3))).toThrow(/dense2\/bias/);
  });
});
