import { describe, expect, it } from 'vitest';
import { StateError } from '../../config/index.js';
import { createUpdater } from '../updater.js';
import type { UpdaterState } from '../updater.js';

const specs = [{ name: 'w', shape: [2] }];
const sgd = (average: unknown) => ({ optimizer: { type: 'sgd', learningRate: 0.5 }, average });
const grads = [
  [1, -2],
  [0.5, 0.25],
  [-1, 2],
  [4, -0.5],
];

describe('the Updater keeps the average (config average)', () => {
  it('uniform from start 1 on plain SGD: the mean of θ_2 … θ_4, derived by hand', () => {
    const updater = createUpdater(sgd({ type: 'uniform', start: 1 }), specs, { precision: 'float64' });
    const w = new Float64Array([1, 1]);
    const thetas: number[][] = [];
    for (const g of grads) {
      updater.update({ w }, { w: g });
      thetas.push(Array.from(w));
      if (thetas.length === 1) expect(updater.averagedParameters()).toBeUndefined();
    }
    // θ_k = θ_{k−1} − 0.5·g_k: θ_1 = [0.5, 2], θ_2 = [0.25, 1.875], θ_3 = [0.75, 0.875], θ_4 = [−1.25, 1.125].
    expect(thetas).toEqual([
      [0.5, 2],
      [0.25, 1.875],
      [0.75, 0.875],
      [-1.25, 1.125],
    ]);
    const average = updater.averagedParameters()?.w as Float64Array;
    expect(average[0]).toBeCloseTo((0.25 + 0.75 - 1.25) / 3, 15);
    expect(average[1]).toBeCloseTo((1.875 + 0.875 + 1.125) / 3, 15);
  });

  it('a config without average has none', () => {
    const updater = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.5 } }, specs);
    updater.update({ w: new Float32Array(2) }, { w: [1, 1] });
    expect(updater.averagedParameters()).toBeUndefined();
    expect(updater.exportState()).not.toHaveProperty('averaged');
  });

  it.each(['float32', 'float64'] as const)('export, JSON, import mid-run continues bit-identically (%s, ema)', (precision) => {
    const config = { optimizer: { type: 'adam', learningRate: 0.1 }, average: { type: 'ema', decay: 0.9 } };
    const type = precision === 'float32' ? Float32Array : Float64Array;
    const straight = createUpdater(config, specs, { precision });
    const ws = new type([1, -1]);
    for (const g of grads) straight.update({ w: ws }, { w: g });

    const first = createUpdater(config, specs, { precision });
    const wr = new type([1, -1]);
    for (const g of grads.slice(0, 2)) first.update({ w: wr }, { w: g });
    const saved = JSON.parse(JSON.stringify(first.exportState())) as UpdaterState;
    expect(saved.averaged).toBe(2);
    const resumed = createUpdater(config, specs, { precision });
    resumed.importState(saved);
    for (const g of grads.slice(2)) resumed.update({ w: wr }, { w: g });
    expect(Array.from(wr)).toEqual(Array.from(ws));
    expect(Array.from(resumed.averagedParameters()?.w ?? [])).toEqual(Array.from(straight.averagedParameters()?.w ?? []));
  });

  it.each([
    ['a count above the step', (s: UpdaterState) => ({ ...s, averaged: 3 }), 'averaged'],
    ['a fractional count', (s: UpdaterState) => ({ ...s, averaged: 1.5 }), 'averaged'],
    [
      'a missing average',
      (s: UpdaterState) => ({ ...s, parameters: { w: { ...s.parameters.w, average: undefined } } }),
      'parameters["w"].average',
    ],
    ['a short average', (s: UpdaterState) => ({ ...s, parameters: { w: { ...s.parameters.w, average: [1] } } }), 'parameters["w"].average'],
    ['an average without a count', (s: UpdaterState) => ({ ...s, averaged: undefined }), 'parameters["w"].average'],
  ])('import refuses %s at its path and changes nothing', (_what, broken, path) => {
    const updater = createUpdater(sgd({ type: 'ema', decay: 0.5 }), specs, { precision: 'float64' });
    const w = new Float64Array([1, 1]);
    updater.update({ w }, { w: grads[0] });
    updater.update({ w }, { w: grads[1] });
    const before = updater.exportState();
    const bad = JSON.parse(JSON.stringify(broken(before))) as UpdaterState;
    expect(() => updater.importState(bad)).toThrow(StateError);
    try {
      updater.importState(bad);
    } catch (error) {
      expect((error as StateError).path).toBe(path);
    }
    expect(updater.exportState()).toEqual(before);
  });

  it('a state without an average imported under a config that averages starts afresh', () => {
    const plain = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.5 } }, specs, { precision: 'float64' });
    const w = new Float64Array([1, 1]);
    plain.update({ w }, { w: grads[0] });
    const averaging = createUpdater(sgd({ type: 'ema', decay: 0.5 }), specs, { precision: 'float64' });
    averaging.importState(plain.exportState());
    expect(averaging.averagedParameters()).toBeUndefined();
    averaging.update({ w }, { w: grads[1] });
    expect(Array.from(averaging.averagedParameters()?.w ?? [])).toEqual(Array.from(w));
  });
});
