import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../create-optimizer.js';
import { updateGradients } from '../__fixtures__/update-gradients.js';

// The fused wasm kernel against the op-by-op path (`kernel: 'tensor'`) on the same backend: both run
// core's program in float32 (the loop computes in float64 and rounds each store, tfjs ops round each
// op), so they agree to float32 rounding over a few steps (rtol 1e-5).

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

type Backend = { getMemoryOffset(dataId: object): number };
const memoryOffset = (t: tf.Tensor): number => (tf.backend() as unknown as Backend).getMemoryOffset(t.dataId);

const configs = {
  adamw: { optimizer: { type: 'adam', learningRate: 0.05 }, decay: [{ type: 'decoupled', rate: 0.1 }] },
  sgdDecoupled: { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.5 }] },
  'amsgrad, cautious decoupled, l1 proximal, l2': {
    optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.05, decaySteps: 4 }, amsgrad: true },
    decay: [
      { type: 'decoupled', rate: 0.1, cautious: true },
      { type: 'l1', rate: 0.01, method: 'proximal' },
      { type: 'l2', rate: 0.01 },
    ],
  },
  'rmsprop centered with momentum, anchor': {
    optimizer: { type: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5 },
    decay: [{ type: 'anchor', rate: 0.2 }],
  },
  'sgd nesterov, l1 subgradient': {
    optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
    decay: [{ type: 'l1', rate: 0.01 }],
  },
  adamax: { optimizer: { type: 'adamax', learningRate: 0.02 }, decay: [{ type: 'decoupled', rate: 0.05 }] },
} as const;

const grads = updateGradients.slice(0, 4);

describe('the fused wasm kernel', () => {
  for (const [name, config] of Object.entries(configs)) {
    it(`follows the op-by-op path: ${name}`, async () => {
      const fused = tf.variable(tf.tensor([0.5, -1, 2, 0.01]), true, `fused/${name}`);
      const opByOp = tf.variable(tf.tensor([0.5, -1, 2, 0.01]), true, `op-by-op/${name}`);
      const a = createOptimizer(config);
      const b = createOptimizer(config, { kernel: 'tensor' });
      for (const g of grads) {
        const gradient = tf.tensor(g);
        a.applyGradients({ [fused.name]: gradient });
        b.applyGradients({ [opByOp.name]: gradient });
        gradient.dispose();
      }
      const close = (actual: ArrayLike<number>, expected: ArrayLike<number>): void =>
        Array.from(actual).forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]) + 1e-7));
      close(fused.dataSync(), opByOp.dataSync());
      const [wa, wb] = [await a.getWeights(), await b.getWeights()];
      expect(wa.map((w) => w.name.replace('fused/', ''))).toEqual(wb.map((w) => w.name.replace('op-by-op/', '')));
      wa.forEach((w, i) => close(w.tensor.dataSync(), wb[i].tensor.dataSync()));
      a.dispose();
      b.dispose();
      tf.dispose([fused, opByOp]);
    });
  }

  it('runs no tfjs kernel, writes the slots in place, in the memory they had, and θ into a new buffer', async () => {
    const w = tf.variable(tf.tensor([1, -2, 3]), true, 'fused/in-place');
    const g = tf.tensor([0.5, -0.25, 0.1]);
    const fused = createOptimizer(configs.adamw);
    fused.applyGradients({ [w.name]: g });
    const offsets = (await fused.getWeights()).slice(1, 3).map((s) => memoryOffset(s.tensor));
    const offset = memoryOffset(w);
    const before = tf.memory().numTensors;
    const info = await tf.profile(() => fused.applyGradients({ [w.name]: g }));
    // None: the module also sums g² for N, the global gradient norm every update reports (config 1.1).
    expect(info.kernelNames).toEqual([]);
    // θ moves: the backend caches work keyed by a tensor's buffer (XNNPACK's packed matmul weights).
    expect(memoryOffset(w)).not.toBe(offset);
    expect((await fused.getWeights()).slice(1, 3).map((s) => memoryOffset(s.tensor))).toEqual(offsets);
    expect(tf.memory().numTensors).toBe(before);
    // The op-by-op path on the same variable runs tfjs kernels, so the profile above tells the two apart.
    const opByOp = createOptimizer(configs.adamw, { kernel: 'tensor' });
    const opInfo = await tf.profile(() => opByOp.applyGradients({ [w.name]: g }));
    expect(opInfo.kernelNames.length).toBeGreaterThan(5);
    opByOp.dispose();
    fused.dispose();
    tf.dispose([w, g]);
  });

  it('reports N = √(Σg²) over every variable with no tfjs kernel, with and without a global-norm clip', async () => {
    // g_a = [3, 4], g_b = [0, 12]: N = √(9 + 16 + 144) = 13 (maxNorm 100 does not scale them).
    const clipped = { ...configs.adamw, gradient: { clip: { type: 'global-norm', maxNorm: 100 } } } as const;
    for (const config of [configs.adamw, clipped]) {
      const a = tf.variable(tf.tensor([1, 2]), true, 'norm/a');
      const b = tf.variable(tf.tensor([1, 2]), true, 'norm/b');
      const gradients = { [a.name]: tf.tensor([3, 4]), [b.name]: tf.tensor([0, 12]) };
      const optimizer = createOptimizer(config);
      const { kernelNames } = await tf.profile(() => optimizer.applyGradients(gradients));
      // No tfjs kernel either way (Fill: the first update's slots): without clip the module sums g² in its
      // pass; a global-norm clip needs N first, from the module's sum-of-squares export, then takes the factor in the pass.
      expect(kernelNames.filter((name) => name !== 'Fill')).toEqual([]);
      expect(optimizer.gradNorm()).toBeCloseTo(13, 5);
      optimizer.dispose();
      tf.dispose([a, b, ...Object.values(gradients)]);
    }
  });

  it("updates a layer's kernel so that fit's next forward pass sees it", async () => {
    // Loss w² (x = 1, y = 0, mean squared error): g = 2w. SGD lr 0.1 with a decoupled term of rate 0.5 (shrink 0.95):
    // w₁ = 1·0.95 − 0.1·2 = 0.75; w₂ = 0.75·0.95 − 0.1·1.5 = 0.5625 (0.5125 if the second forward pass saw w = 1).
    const xs = tf.tensor2d([[1]]);
    const ys = tf.tensor2d([[0]]);
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
    model.compile({ optimizer: createOptimizer(configs.sgdDecoupled), loss: 'meanSquaredError' });
    await model.fit(xs, ys, { epochs: 2, batchSize: 1, verbose: 0 });
    expect((await model.getWeights()[0].data())[0]).toBeCloseTo(0.5625, 6);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('never writes a buffer another tensor shares: θ reshaped (wasm shares the buffer) keeps its values', () => {
    const w = tf.variable(tf.tensor([1, -2]), true, 'fused/shared');
    const g = tf.tensor([0.5, -0.25]);
    const opt = createOptimizer(configs.adamw);
    opt.applyGradients({ [w.name]: g });
    const snapshot = w.reshape([2, 1]);
    const kept = Array.from(snapshot.dataSync());
    opt.applyGradients({ [w.name]: g });
    expect(Array.from(snapshot.dataSync())).toEqual(kept);
    expect(Array.from(w.dataSync())).not.toEqual(kept);
    opt.dispose();
    tf.dispose([w, g, snapshot]);
  });

  it("runs core's float32 JS loop over the heap where compiling a module is refused (a CSP without wasm-unsafe-eval)", async () => {
    const config = configs['amsgrad, cautious decoupled, l1 proximal, l2'];
    // The package is typechecked without DOM or Node types: the one WebAssembly member the test swaps.
    type Api = { Module: new (bytes: Uint8Array) => object; CompileError: new (message: string) => Error };
    const api = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;
    const original = api.Module;
    const refused = createOptimizer(config);
    const opByOp = createOptimizer(config, { kernel: 'tensor' });
    const a = tf.variable(tf.tensor([0.5, -1, 2, 0.01]), true, 'refused/a');
    const b = tf.variable(tf.tensor([0.5, -1, 2, 0.01]), true, 'refused/b');
    try {
      api.Module = function refuse(): never {
        throw new api.CompileError('refused by the test');
      } as unknown as typeof api.Module;
      for (const g of grads) {
        const gradient = tf.tensor(g);
        const info = await tf.profile(() => refused.applyGradients({ [a.name]: gradient }));
        expect(info.kernelNames.filter((name) => name !== 'Fill')).toEqual([]);
        opByOp.applyGradients({ [b.name]: gradient });
        gradient.dispose();
      }
    } finally {
      api.Module = original;
    }
    const expected = b.dataSync();
    Array.from(a.dataSync()).forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]) + 1e-7));
    // The JS loop sums g² too: N of the last gradient [0.5, −0.1, 0, 0.3] is √0.35.
    expect(refused.gradNorm()).toBeCloseTo(Math.sqrt(0.35), 6);
    refused.dispose();
    opByOp.dispose();
    tf.dispose([a, b]);
  });

  it('reads a gradient and θ that live on the cpu backend, moving them to wasm', async () => {
    await tf.setBackend('cpu');
    const w = tf.variable(tf.tensor([1, -2]), true, 'fused/moved');
    const g = tf.tensor([0.5, -0.25]);
    await tf.setBackend('wasm');
    const opt = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [] });
    opt.applyGradients({ [w.name]: g });
    // θ − ηg = [1 − 0.05, −2 + 0.025].
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([0.95, -1.975][i], 6));
    opt.dispose();
    tf.dispose([w, g]);
  });
});
