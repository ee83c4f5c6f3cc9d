import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { StateError } from '../config/index.js';
import { expectBitIdentical, randomValues } from './__fixtures__/run-updater.js';
import { NonFiniteGradientError } from './gradient/non-finite-gradient-error.js';
import { createUpdater } from './updater.js';
import type { UpdaterState } from './updater.js';

const specs = [
  { name: 'a', shape: [2] },
  { name: 'b', shape: [1] },
];

function sgdWith(gradient: unknown, precision: 'float32' | 'float64' = 'float64') {
  return createUpdater({ optimizer: { type: 'sgd', learningRate: 0.1 }, gradient }, specs, { precision });
}

describe('Updater with config 1.1 `gradient`', () => {
  it('accumulate 2: the first micro-batch changes nothing, the second applies their mean; t counts updates', () => {
    const updater = sgdWith({ accumulate: 2 });
    const params = { a: Float64Array.of(1, 1), b: Float64Array.of(1) };
    expect(updater.update(params, { a: [1, 2], b: [0] })).toEqual({ status: 'accumulated' });
    expect(Array.from(params.a)).toEqual([1, 1]);
    expect(updater.step).toBe(0);
    expect(updater.microBatches).toBe(1);
    const result = updater.update(params, { a: [3, 4], b: [0] });
    // g = mean = [2, 3]; θ ← θ − 0.1·g.
    expect(result).toEqual({ status: 'updated', gradNorm: Math.sqrt(4 + 9) });
    expect(Array.from(params.a)).toEqual([1 - 0.1 * 2, 1 - 0.1 * 3]);
    expect(updater.step).toBe(1);
    expect(updater.microBatches).toBe(0);
  });

  it('global-norm clipping scales every parameter by min(1, maxNorm/(N + 1e-6)) and reports N before clipping', () => {
    const updater = sgdWith({ clip: { type: 'global-norm', maxNorm: 1 } });
    const params = { a: Float64Array.of(0, 0), b: Float64Array.of(0) };
    // N = √(3² + 0² + 4²) = 5.
    expect(updater.update(params, { a: [3, 0], b: [4] })).toEqual({ status: 'updated', gradNorm: 5 });
    const factor = 1 / (5 + 1e-6);
    expect(params.a[0]).toBeCloseTo(-0.1 * 3 * factor, 15);
    expect(params.b[0]).toBeCloseTo(-0.1 * 4 * factor, 15);
  });

  it('without a gradient section every call is an update and still reports N', () => {
    const updater = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.1 } }, specs, { precision: 'float64' });
    const params = { a: Float64Array.of(0, 0), b: Float64Array.of(0) };
    expect(updater.update(params, { a: [3, 0], b: [4] })).toEqual({ status: 'updated', gradNorm: 5 });
    expect(updater.exportState()).not.toHaveProperty('gradient');
  });

  it('nonFinite "error" throws naming the parameter, mid-window too, and changes nothing (params, state, window, t)', () => {
    const updater = createUpdater(
      {
        optimizer: { type: 'adam', learningRate: 0.01 },
        decay: [{ type: 'decoupled', rate: 0.1 }],
        gradient: { accumulate: 2, nonFinite: 'error' },
      },
      specs,
      { precision: 'float32' },
    );
    const params = { a: Float32Array.of(0.5, -0.5), b: Float32Array.of(2) };
    for (let i = 0; i < 3; i++) updater.update(params, { a: [0.1 * i, 0.2], b: [-0.3] });
    const before = JSON.stringify(updater.exportState());
    const paramsBefore = { a: params.a.slice(), b: params.b.slice() };
    const error = catchError(() => updater.update(params, { a: [0.1, 0.2], b: [Number.NaN] }));
    expect(error).toBeInstanceOf(NonFiniteGradientError);
    expect((error as NonFiniteGradientError).parameter).toBe('b');
    expect((error as Error).message).toMatch(/"b".*gradient element 0 is NaN/);
    expect(JSON.stringify(updater.exportState())).toBe(before);
    expectBitIdentical(params.a, paramsBefore.a);
    expectBitIdentical(params.b, paramsBefore.b);
    expect(updater.step).toBe(1);
    expect(updater.microBatches).toBe(1);
  });

  it('nonFinite "skip" changes nothing but the skipped count, and clears an open window', () => {
    const updater = createUpdater(
      { optimizer: { type: 'adam', learningRate: 0.01 }, gradient: { accumulate: 2, nonFinite: 'skip' } },
      specs,
      { precision: 'float32' },
    );
    const params = { a: Float32Array.of(0.5, -0.5), b: Float32Array.of(2) };
    updater.update(params, { a: [0.1, 0.2], b: [0.3] });
    updater.update(params, { a: [0.2, 0.1], b: [-0.3] });
    const before = updater.exportState();
    const paramsBefore = { a: params.a.slice(), b: params.b.slice() };
    expect(updater.update(params, { a: [1, 1], b: [1] })).toEqual({ status: 'accumulated' });
    expect(updater.update(params, { a: [Number.POSITIVE_INFINITY, 0], b: [0] })).toEqual({ status: 'skipped' });
    expect(updater.exportState()).toEqual({ ...before, gradient: { microBatches: 0, skippedUpdates: 1 } });
    expectBitIdentical(params.a, paramsBefore.a);
    expectBitIdentical(params.b, paramsBefore.b);
    // The dropped window's sum is gone: the next window's update equals a fresh run's from the same state.
    const fresh = createUpdater(updater.config, specs, { precision: 'float32' });
    fresh.importState(before);
    const freshParams = { a: params.a.slice(), b: params.b.slice() };
    for (const u of [updater, fresh]) {
      const p = u === updater ? params : freshParams;
      u.update(p, { a: [0.3, 0.3], b: [0.1] });
      u.update(p, { a: [0.1, -0.3], b: [0.2] });
    }
    expectBitIdentical(params.a, freshParams.a);
    expect(updater.step).toBe(2);
  });

  it('saving mid-window and importing (through JSON) continues bit-identically', () => {
    const config = {
      optimizer: { type: 'adam', learningRate: 0.01 },
      decay: [{ type: 'decoupled', rate: 0.1 }],
      gradient: { accumulate: 3, clip: { type: 'global-norm', maxNorm: 0.5 }, nonFinite: 'skip' },
    };
    const grads = (i: number) => ({ a: randomValues(10 + i, 2), b: randomValues(50 + i, 1) });
    const start = () => ({ a: Float32Array.of(0.5, -0.5), b: Float32Array.of(2) });
    const straight = createUpdater(config, specs);
    const straightParams = start();
    for (let i = 0; i < 11; i++) straight.update(straightParams, grads(i));

    const first = createUpdater(config, specs);
    const params = start();
    for (let i = 0; i < 5; i++) first.update(params, grads(i));
    expect(first.microBatches).toBe(2);
    const saved = JSON.parse(JSON.stringify(first.exportState())) as UpdaterState;
    expect(saved.parameters.a.accumulator).toHaveLength(2);
    const resumed = createUpdater(config, specs);
    resumed.importState(saved);
    for (let i = 5; i < 11; i++) resumed.update(params, grads(i));
    expectBitIdentical(params.a, straightParams.a);
    expectBitIdentical(params.b, straightParams.b);
    expect(resumed.step).toBe(straight.step);
    expect(resumed.exportState()).toEqual(straight.exportState());
  });

  it('refuses a saved window that does not fit, naming the entry, and changes nothing', () => {
    const updater = sgdWith({ accumulate: 2 });
    const params = { a: Float64Array.of(1, 1), b: Float64Array.of(1) };
    updater.update(params, { a: [1, 2], b: [0] });
    const state = updater.exportState();
    const before = JSON.stringify(state);
    const bad = (edit: (s: UpdaterState) => void): string => {
      const copy = JSON.parse(before) as UpdaterState;
      edit(copy);
      const error = catchError(() => updater.importState(copy));
      expect(error).toBeInstanceOf(StateError);
      expect(JSON.stringify(updater.exportState())).toBe(before);
      return (error as StateError).path;
    };
    expect(bad((s) => (s.gradient = { microBatches: 2, skippedUpdates: 0 }))).toBe('gradient.microBatches');
    expect(bad((s) => (s.gradient = { microBatches: 1, skippedUpdates: -1 }))).toBe('gradient.skippedUpdates');
    expect(bad((s) => delete s.parameters.b.accumulator)).toBe('parameters["b"].accumulator');
    expect(bad((s) => (s.parameters.a.accumulator = [1]))).toBe('parameters["a"].accumulator');
  });
});
