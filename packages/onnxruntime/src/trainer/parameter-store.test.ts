import { ConfigError, ParameterError, StateError } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { createParameterStore, type ParameterStoreState } from './parameter-store.js';

const sgd = { optimizer: { type: 'sgd', learningRate: 0.1 } };
const adamw = {
  optimizer: { type: 'adam', learningRate: 0.1 },
  decay: [{ type: 'decoupled', rate: 0.1 }],
};

describe('createParameterStore', () => {
  it('applies plain SGD in place: θ ← θ − η·g', () => {
    const store = createParameterStore(sgd, { w: { shape: [2], values: [1, 2] } });
    const live = store.live('w');
    const lr = store.applyGradients({ w: [0.5, -1] });
    // 1 − 0.1·0.5 = 0.95; 2 − 0.1·(−1) = 2.1, each rounded to float32.
    expect(lr).toBe(0.1);
    expect(Array.from(store.live('w'))).toEqual([Math.fround(0.95), Math.fround(2.1)]);
    expect(store.live('w')).toBe(live); // the same array: tensors wrapping it see the update
    expect(store.step).toBe(1);
  });

  it('applies AdamW: decoupled shrink, then a first Adam step of size η', () => {
    const store = createParameterStore(adamw, { w: { shape: [1], values: [1] } });
    store.applyGradients({ w: [0.5] });
    // Shrink 1 − 0.1·0.1·1 = 0.99. First Adam step: m̂ = g, v̂ = g², so η·g/(|g| + ε) = 0.1·0.5/(0.5 + 1e-8).
    const expected = 0.99 - (0.1 * 0.5) / (0.5 + 1e-8);
    expect(store.live('w')[0]).toBeCloseTo(expected, 6);
  });

  it('computes the coupled penalty: l2 λ/2·Σθ² plus l1 λ·Σ|θ|', () => {
    const store = createParameterStore(
      {
        optimizer: { type: 'sgd', learningRate: 0.1 },
        decay: [
          { type: 'l2', rate: 0.1 },
          { type: 'l1', rate: 0.2 },
        ],
      },
      { w: { shape: [2], values: [1, -2] } },
    );
    // 0.05·(1 + 4) + 0.2·(1 + 2) = 0.25 + 0.6
    expect(store.penalty()).toBeCloseTo(0.85, 12);
  });

  it('computes the decoupled shrink and the zero fractions over all and over decayed parameters', () => {
    // SGD η = 0.1, decoupled λ = 0.5 on w only: c = 0.05, Δ_w = 0.05·[0, 3] → 0.15; no coupled term → penalty 0.
    // Zeros: w [0, 3] has 1, b [0] has 1 → 2/3 over all, 1/2 over w (the decayed one).
    const store = createParameterStore(
      { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.5, params: { names: ['w'] } }] },
      { w: { shape: [2], values: [0, 3] }, b: { shape: [1], values: [0] } },
    );
    expect(store.decoupledShrink()).toBeCloseTo(0.15, 7);
    expect(store.penalty()).toBe(0);
    expect(store.zeroFraction()).toBe(2 / 3);
    expect(store.decayedZeroFraction()).toBe(1 / 2);
  });

  it('copies the initial values and hands out copies in snapshot()', () => {
    const initial = new Float32Array([1, 2]);
    const store = createParameterStore(sgd, { w: { shape: [2], values: initial } });
    const snapshot = store.snapshot();
    snapshot.w[0] = 42;
    initial[1] = 42;
    expect(Array.from(store.live('w'))).toEqual([1, 2]);
  });

  it('rejects a bad config with a ConfigError naming the field', () => {
    expect(() => createParameterStore({ optimizer: { type: 'adam', learningRate: -1 } }, { w: { shape: [1], values: [1] } })).toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'optimizer.learningRate' }),
    );
    expect(() =>
      createParameterStore(
        { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 0.1, params: { include: ['nothing/*'] } }] },
        { w: { shape: [1], values: [1] } },
      ),
    ).toThrow(ConfigError);
  });

  it('rejects a shape that does not fit the values with a ParameterError', () => {
    expect(() => createParameterStore(sgd, { w: { shape: [3], values: [1, 2] } })).toThrow(
      expect.objectContaining({ name: 'ParameterError', parameter: 'w' }),
    );
  });

  it('changes nothing when a gradient is missing or has the wrong length', () => {
    const store = createParameterStore(sgd, { a: { shape: [1], values: [1] }, b: { shape: [2], values: [1, 2] } });
    expect(() => store.applyGradients({ a: [1] })).toThrow(ParameterError);
    expect(() => store.applyGradients({ a: [1], b: [1, 2, 3] })).toThrow(expect.objectContaining({ parameter: 'b' }));
    expect(Array.from(store.live('a'))).toEqual([1]);
    expect(Array.from(store.live('b'))).toEqual([1, 2]);
    expect(store.step).toBe(0);
  });

  it('resumes bit-identically from JSON state', () => {
    const init = { w: { shape: [2, 2], values: [0.3, -0.7, 1.1, 0.01] }, b: { shape: [2], values: [0.1, -0.1] } };
    const config = {
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.05, decaySteps: 10 } },
      decay: [
        { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
        { type: 'l1', method: 'proximal', rate: 0.3 },
      ],
    };
    const grad = (t: number) => ({ w: [Math.sin(t), Math.cos(t), 0.1 * t, -0.2], b: [t % 2, -1] });
    const straight = createParameterStore(config, init);
    for (let t = 0; t < 3; t++) straight.applyGradients(grad(t));
    const saved = JSON.parse(JSON.stringify(straight.exportState())) as ParameterStoreState;
    for (let t = 3; t < 6; t++) straight.applyGradients(grad(t));

    const resumed = createParameterStore(config, init);
    const live = resumed.live('w');
    resumed.importState(saved);
    expect(resumed.live('w')).toBe(live);
    expect(resumed.step).toBe(3);
    for (let t = 3; t < 6; t++) resumed.applyGradients(grad(t));
    expect(resumed.snapshot()).toEqual(straight.snapshot());
    expect(resumed.exportState()).toEqual(straight.exportState());
  });

  describe('importState validates everything before replacing anything', () => {
    const init = { w: { shape: [2], values: [1, 2] } };
    const donor = () => {
      const store = createParameterStore(adamw, init);
      store.applyGradients({ w: [0.5, 0.5] });
      return store.exportState();
    };
    const cases: [string, (s: ParameterStoreState) => void, string][] = [
      ['format', (s) => ((s as { format: string }).format = 'other'), 'format'],
      ['config', (s) => ((s.config.optimizer as { learningRate: number }).learningRate = 0.2), 'config'],
      ['shape', (s) => (s.parameters.w.shape = [1, 2]), 'parameters["w"].shape'],
      ['values', (s) => (s.parameters.w.values = [1]), 'parameters["w"].values'],
      ['value type', (s) => ((s.parameters.w.values as unknown[])[1] = 'x'), 'parameters["w"].values[1]'],
      ['unknown parameter', (s) => (s.parameters.z = { shape: [1], values: [1] }), 'parameters["z"]'],
      ['step', (s) => (s.step = 5), 'step'],
      ['optimizer slot', (s) => (s.updater.parameters.w.slots.m = [1]), 'parameters["w"].slots.m'],
    ];
    for (const [label, corrupt, path] of cases) {
      it(`rejects a bad ${label}`, () => {
        const store = createParameterStore(adamw, init);
        const before = store.exportState();
        const state = donor();
        corrupt(state);
        let error: unknown;
        try {
          store.importState(state);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(StateError);
        expect((error as StateError).path).toContain(path);
        expect(store.exportState()).toEqual(before);
      });
    }
  });
});
