import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { fitWrappedSgd } from './__fixtures__/fit-wrapped-sgd.js';

// The same hand-derived numbers as create-optimizer.test.ts, on the wasm backend
// (its .wasm binary is loaded from the @tensorflow/tfjs-backend-wasm package).

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

describe('wasm backend', () => {
  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('AdamW: [1, −2] → [0.899, −1.898] → [0.798101, −1.796102] with g = [0.5, −0.25], η = 0.1, λ = 0.01', () => {
    const w = tf.variable(tf.tensor([1, -2]), true, 'wasm/adamw');
    const opt = createOptimizer({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.01 }] });
    const g = tf.tensor([0.5, -0.25]);
    opt.applyGradients({ [w.name]: g });
    const first = Array.from(w.dataSync());
    opt.applyGradients({ [w.name]: g });
    const second = Array.from(w.dataSync());
    [0.899, -1.898].forEach((x, i) => expect(first[i]).toBeCloseTo(x, 6));
    [0.798101, -1.796102].forEach((x, i) => expect(second[i]).toBeCloseTo(x, 6));
    g.dispose();
    opt.dispose();
    w.dispose();
  });

  it('proximal l1 and cautious decay (where/sign/relu kernels) give the hand-derived numbers', () => {
    // See create-optimizer.test.ts: [0.5, −0.05, 0.2] → [0.3, 0, 0.1]; cautious [1, 1] → [0.8, 1.1].
    const a = tf.variable(tf.tensor([0.5, -0.05, 0.2]), true, 'wasm/prox');
    const b = tf.variable(tf.tensor([1, 1]), true, 'wasm/cautious');
    const opt = createOptimizer({
      optimizer: { type: 'sgd', learningRate: 1 },
      decay: [
        { type: 'l1', rate: 0.1, method: 'proximal', params: { include: ['wasm/prox'] } },
        { type: 'decoupled', rate: 0.1, cautious: true, params: { include: ['wasm/cautious'] } },
      ],
    });
    const ga = tf.tensor([0.1, 0, 0]);
    const gb = tf.tensor([0.1, -0.1]);
    opt.applyGradients({ [a.name]: ga, [b.name]: gb });
    [0.3, 0, 0.1].forEach((x, i) => expect(a.dataSync()[i]).toBeCloseTo(x, 6));
    [0.8, 1.1].forEach((x, i) => expect(b.dataSync()[i]).toBeCloseTo(x, 6));
    tf.dispose([ga, gb, a, b]);
    opt.dispose();
  });

  it('LayersModel.fit with a wrapped tfjs SGD, and no leaks over 300 steps', async () => {
    // loss = w², g = 2w, η = 0.1, c = 0.05: 1 → 0.75 → 0.5625 (see with-weight-decay.test.ts).
    expect(await fitWrappedSgd()).toBeCloseTo(0.5625, 6);

    const w = tf.variable(tf.tensor([0.5, -0.5]), true, 'wasm/leak');
    const config = {
      optimizer: { type: 'rmsprop' as const, learningRate: 0.01, centered: true, momentum: 0.5 },
      decay: [{ type: 'anchor' as const, rate: 0.1 }],
    };
    const warmUp = createOptimizer(config);
    warmUp.minimize(() => tf.sum(tf.square(w)));
    warmUp.dispose();
    const start = tf.memory().numTensors;
    const opt = createOptimizer(config);
    opt.minimize(() => tf.sum(tf.square(w)));
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 299; i++) opt.minimize(() => tf.sum(tf.square(w)));
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(start);
    w.dispose();
  });

  it('moving between cpu and wasm mid-training keeps the state in the form chosen at the first update', async () => {
    // Reference: the same six updates all in tfjs ops on wasm. The moving optimizer runs steps 1–2 on cpu
    // (state created as Float32Arrays for core's float32 loops), 3–4 on wasm and 5–6 on cpu again, its state
    // staying in arrays throughout (no conversion). Both paths run core's program in float32, so they
    // agree to float32 rounding (rtol 1e-5).
    const config = {
      optimizer: { type: 'adam' as const, learningRate: { type: 'cosine' as const, initial: 0.05, decaySteps: 6 }, amsgrad: true },
      decay: [
        { type: 'decoupled' as const, rate: 0.1, cautious: true },
        { type: 'anchor' as const, rate: 0.2 },
        { type: 'l2' as const, rate: 0.01 },
      ],
    };
    const grads = [
      [0.3, -0.2, 0.1],
      [0.1, 0.4, -0.3],
      [-0.2, 0.2, 0.2],
      [0.5, -0.1, 0.0],
      [0.05, 0.3, -0.2],
      [-0.4, 0.1, 0.3],
    ];
    const moving = tf.variable(tf.tensor([0.5, -1, 2]), true, 'switch/moving');
    const reference = tf.variable(tf.tensor([0.5, -1, 2]), true, 'switch/reference');
    const a = createOptimizer(config);
    const b = createOptimizer(config, { kernel: 'tensor' });
    const backends = ['cpu', 'cpu', 'wasm', 'wasm', 'cpu', 'cpu'];
    for (const [i, g] of grads.entries()) {
      await tf.setBackend(backends[i]);
      const ga = tf.tensor(g);
      a.applyGradients({ [moving.name]: ga });
      ga.dispose();
      // White-box: where the state lives after this update (arrays, as chosen on cpu at the first update).
      const form = (a as unknown as { state: Map<string, { form: string }> }).state.get(moving.name)?.form;
      expect(form).toBe('array');
      await tf.setBackend('wasm');
      const gb = tf.tensor(g);
      b.applyGradients({ [reference.name]: gb });
      gb.dispose();
    }
    const expected = Array.from(reference.dataSync());
    const actual = Array.from(moving.dataSync());
    actual.forEach((x, i) => expect(Math.abs(x - expected[i])).toBeLessThanOrEqual(1e-5 * Math.abs(expected[i]) + 1e-7));
    expect((await a.getWeights()).map((w) => w.name)).toEqual([
      'iter',
      'switch/moving/m',
      'switch/moving/v',
      'switch/moving/vMax',
      'switch/moving/step',
      'switch/moving/anchor',
    ]);
    a.dispose();
    b.dispose();
    tf.dispose([moving, reference]);
    await tf.setBackend('wasm');
  });
});
