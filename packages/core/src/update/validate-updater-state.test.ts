import { describe, expect, it } from 'vitest';
import { StateError } from '../config/index.js';
import type { Precision } from './float-array.js';
import { createUpdater } from './updater.js';
import type { UpdaterState } from './updater.js';
import { expectBitIdentical, makeParams, precisions, randomValues } from './__fixtures__/run-updater.js';

const optimizers = [
  { type: 'sgd', learningRate: 0.05 },
  { type: 'sgd', learningRate: 0.05, momentum: 0.9, dampening: 0.1 },
  { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
  { type: 'adam', learningRate: 0.01 },
  { type: 'adam', learningRate: 0.01, amsgrad: true },
  { type: 'rmsprop', learningRate: 0.01 },
  { type: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5 },
  { type: 'adagrad', learningRate: 0.1, initialAccumulator: 0.1, lrDecay: 0.01 },
];
// Every kind of term, so the anchor and the schedules' t are part of what must survive.
const decay = [
  { type: 'l2', rate: 0.01, params: { include: ['b'] } },
  { type: 'decoupled', rate: { type: 'cosine', initial: 0.1, decaySteps: 10 }, cautious: true },
  { type: 'anchor', rate: 0.2, params: { names: ['a'] } },
  { type: 'l1', method: 'proximal', rate: 0.001 },
];
const specs = [
  { name: 'a', shape: [3, 2] },
  { name: 'b', shape: [4] },
];
const gradsAt = (t: number) => ({ a: randomValues(100 + t, 6), b: randomValues(200 + t, 4) });

describe.each(precisions)('exportState / importState round trip (%s)', (precision: Precision) => {
  it.each(optimizers.map((o) => [JSON.stringify(o), o] as const))('%s resumes bit-identically after JSON', (_label, optimizer) => {
    const config = { optimizer, decay };
    const original = createUpdater(config, specs, { precision });
    const params = makeParams({ a: randomValues(1, 6), b: randomValues(2, 4) }, precision);
    for (let t = 0; t < 3; t++) original.update(params, gradsAt(t));

    const saved = JSON.parse(JSON.stringify(original.exportState())) as UpdaterState;
    const resumed = createUpdater(config, specs, { precision });
    resumed.importState(saved);
    expect(resumed.step).toBe(3);
    const copy = { a: params.a.slice(), b: params.b.slice() };

    for (let t = 3; t < 6; t++) {
      original.update(params, gradsAt(t));
      resumed.update(copy, gradsAt(t));
    }
    expectBitIdentical(copy.a, params.a);
    expectBitIdentical(copy.b, params.b);
    for (const name of ['a', 'b']) {
      for (const slot of Object.keys(original.slots(name))) expectBitIdentical(resumed.slots(name)[slot], original.slots(name)[slot]);
    }
    expect(resumed.exportState()).toEqual(original.exportState());
  });
});

describe('importState validates fully before replacing anything', () => {
  const config = { optimizer: { type: 'adam', learningRate: 0.01, amsgrad: true }, decay };
  function trained() {
    const updater = createUpdater(config, specs);
    const params = makeParams({ a: randomValues(1, 6), b: randomValues(2, 4) }, 'float32');
    updater.update(params, gradsAt(0));
    updater.update(params, gradsAt(1));
    return updater;
  }

  // biome-ignore lint/suspicious/noExplicitAny: each mutation reaches into an arbitrary depth of the exported state on purpose.
  type Mutation = (s: Record<string, any>) => void;
  const cases: [string, Mutation][] = [
    ['format', (s) => (s.format = 'weight-decay-state/2')],
    ['precision', (s) => (s.precision = 'float64')],
    ['step', (s) => (s.step = -1)],
    ['step', (s) => (s.step = 1.5)],
    ['config.optimizer.beta1', (s) => (s.config.optimizer.beta1 = 2)],
    ['config.optimizer.amsgrad', (s) => (s.config.optimizer.amsgrad = false)],
    [
      'config.optimizer.type',
      (s) => (s.config.optimizer = { type: 'sgd', learningRate: 0.01, momentum: 0.9, dampening: 0, nesterov: false }),
    ],
    ['parameters', (s) => (s.parameters = [])],
    ['parameters["a"]', (s) => delete s.parameters.a],
    ['parameters["c"]', (s) => (s.parameters.c = s.parameters.a)],
    ['parameters["a"].shape', (s) => (s.parameters.a.shape = [6])],
    ['parameters["b"].slots', (s) => (s.parameters.b.slots = null)],
    ['parameters["b"].slots.vMax', (s) => delete s.parameters.b.slots.vMax],
    ['parameters["b"].slots.momentum', (s) => (s.parameters.b.slots.momentum = [0, 0, 0, 0])],
    ['parameters["b"].slots.v', (s) => s.parameters.b.slots.v.push(0)],
    ['parameters["b"].slots.v[2]', (s) => (s.parameters.b.slots.v[2] = null)],
    ['parameters["b"].slots.m[0]', (s) => (s.parameters.b.slots.m[0] = '0.1')],
    ['parameters["a"].anchor', (s) => delete s.parameters.a.anchor],
    ['parameters["a"].anchor[1]', (s) => (s.parameters.a.anchor[1] = Number.POSITIVE_INFINITY)],
    ['parameters["b"].anchor', (s) => (s.parameters.b.anchor = [0, 0, 0, 0])],
    ['parameters["b"].extra', (s) => (s.parameters.b.extra = 1)],
    ['extra', (s) => (s.extra = 1)],
  ];

  it.each(cases)('a bad %s → StateError with that path; the state is untouched', (path, mutate) => {
    const target = trained();
    const before = target.exportState();
    const liveM = target.slots('a').m;
    const bad = trained().exportState() as unknown as Record<string, unknown>;
    // Make the incoming state differ everywhere valid, so a partial import would show.
    (bad as unknown as UpdaterState).step = 7;
    (bad as unknown as UpdaterState).parameters.a.slots.m = (bad as unknown as UpdaterState).parameters.a.slots.m.map((x) => x + 1);
    mutate(bad);
    let error: unknown;
    try {
      target.importState(bad as unknown as UpdaterState);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).path).toBe(path);
    expect(target.exportState()).toEqual(before);
    expect(target.slots('a').m).toBe(liveM);
  });

  it('rejects a non-object', () => {
    expect(() => trained().importState(null as unknown as UpdaterState)).toThrow(StateError);
  });

  it('accepts a state exported before the first update, without anchors', () => {
    const fresh = createUpdater(config, specs).exportState();
    expect(fresh.parameters.a.anchor).toBeUndefined();
    const target = trained();
    target.importState(fresh);
    expect(target.step).toBe(0);
    expect(target.exportState()).toEqual(fresh);
  });
});

describe('importState into an updater whose config changes only hyperparameters (PyTorch: load_state_dict, then a new lr)', () => {
  const saved = { optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, decay };
  const changed = {
    optimizer: { type: 'adam', learningRate: { type: 'step', initial: 0.002, stepSize: 1 }, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
    decay: [{ type: 'decoupled', rate: 0.5, params: { names: ['b'] } }],
  };

  it('keeps the step and the moments, and the next update uses the new hyperparameters', () => {
    const original = createUpdater(saved, specs, { precision: 'float64' });
    const params = makeParams({ a: randomValues(1, 6), b: randomValues(2, 4) }, 'float64');
    for (let t = 0; t < 3; t++) original.update(params, gradsAt(t));
    const state = JSON.parse(JSON.stringify(original.exportState())) as UpdaterState;

    const resumed = createUpdater(changed, specs, { precision: 'float64' });
    resumed.importState(state);
    expect(resumed.step).toBe(3);
    expect(resumed.learningRate()).toBeCloseTo(0.002 * 0.1 ** 3, 15);

    // One more update of b by hand, PyTorch's AdamW with the new values (k = 4, η = 0.002·0.1³, λ = 0.5):
    // m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; θ ← θ(1 − ηλ) − η·(m/(1−β1⁴))/(√(v/(1−β2⁴)) + ε).
    const [b1, b2, eps, lr, k] = [0.8, 0.99, 1e-6, 0.002 * 0.1 ** 3, 4];
    const g = gradsAt(3).b;
    const expected = Array.from(params.b, (theta, i) => {
      const m = b1 * state.parameters.b.slots.m[i] + (1 - b1) * g[i];
      const v = b2 * state.parameters.b.slots.v[i] + (1 - b2) * g[i] * g[i];
      return theta * (1 - lr * 0.5) - (lr * (m / (1 - b1 ** k))) / (Math.sqrt(v / (1 - b2 ** k)) + eps);
    });
    resumed.update(params, gradsAt(3));
    for (let i = 0; i < 4; i++) expect(params.b[i]).toBeCloseTo(expected[i], 12);
  });
});
