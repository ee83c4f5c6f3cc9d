import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError, StateError } from '../config/index.js';
import { describeDecayPlan } from '../selection/index.js';
import type { FloatArray } from './float-array.js';
import { createUpdater } from './updater.js';
import { expectBitIdentical, expectClose, makeParams, precisions, randomValues, rtolFor, runUpdater } from './__fixtures__/run-updater.js';

const values = { 'encoder/kernel': randomValues(1, 6), 'encoder/bias': randomValues(2, 3), 'head/kernel': randomValues(3, 4) };
const steps = [4, 5, 6, 7].map((seed) =>
  Object.fromEntries(Object.entries(values).map(([name, v], i) => [name, randomValues(seed * 10 + i, v.length)])),
);
const only = (name: string) => steps.map((grads) => ({ [name]: grads[name]! }));
const cosine = { type: 'cosine', initial: 0.02, decaySteps: 6 } as const;
const decay = [
  { type: 'decoupled', rate: 0.1 },
  { type: 'decoupled', rate: 0.2, scaling: 'relative' },
  { type: 'l2', rate: 0.01 },
] as const;

describe.each(precisions)('groups in the Updater (%s)', (precision) => {
  // A group's parameter must move as under an updater whose top-level optimizer is that group's
  // (learning rate scaled in by hand: equal up to the rounding of the product), which the
  // version-1 suites hold to PyTorch.
  it('runs each parameter with its group’s optimizer, η_t and decay coefficients', () => {
    const grouped = runUpdater(
      {
        optimizer: { type: 'adam', learningRate: cosine },
        decay,
        groups: [
          { params: { include: ['encoder/**'] }, learningRateScale: 0.5, optimizer: { beta2: 0.9 } },
          { params: { names: ['head/kernel'] }, learningRateScale: 3, optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } },
        ],
      },
      values,
      steps,
      precision,
    );
    const halfCosine = { ...cosine, initial: 0.01 };
    for (const name of ['encoder/kernel', 'encoder/bias']) {
      const alone = runUpdater(
        { optimizer: { type: 'adam', learningRate: halfCosine, beta2: 0.9 }, decay },
        { [name]: values[name as keyof typeof values] },
        only(name),
        precision,
      );
      expectClose(grouped.params[name]!, alone.params[name]!, rtolFor(precision));
    }
    const head = runUpdater(
      { optimizer: { type: 'sgd', learningRate: 0.15, momentum: 0.9 }, decay },
      { 'head/kernel': values['head/kernel'] },
      only('head/kernel'),
      precision,
    );
    expectClose(grouped.params['head/kernel']!, head.params['head/kernel']!, rtolFor(precision));
    expect(Object.keys(grouped.updater.slots('encoder/kernel'))).toEqual(['m', 'v']);
    expect(Object.keys(grouped.updater.slots('head/kernel'))).toEqual(['momentum']);
    // η_t reported is the top level's, before any group scale.
    expect(grouped.updater.learningRate()).toBeCloseTo((0.02 * (1 + Math.cos((Math.PI * 4) / 6))) / 2, 15);
  });

  it('a scale of 0 freezes the group, decoupled decay included', () => {
    const { params } = runUpdater(
      {
        optimizer: { type: 'adam', learningRate: 0.1 },
        decay: [{ type: 'decoupled', rate: 0.5 }],
        groups: [{ params: { include: ['encoder/**'] }, learningRateScale: 0 }],
      },
      values,
      steps,
      precision,
    );
    expect(Array.from(params['encoder/kernel']!)).toEqual(Array.from(makeParams(values, precision)['encoder/kernel']!));
    expect(Array.from(params['head/kernel']!)).not.toEqual(Array.from(makeParams(values, precision)['head/kernel']!));
  });

  it('exports each parameter’s own slots and resumes bit-identically', () => {
    const config = {
      optimizer: { type: 'adam', learningRate: 0.01 },
      decay,
      groups: [
        { params: { minRank: 0, include: ['head/**'] }, optimizer: { type: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true } },
      ],
    };
    const straight = runUpdater(config, values, steps, precision);
    const first = runUpdater(config, values, steps.slice(0, 2), precision);
    const state = JSON.parse(JSON.stringify(first.updater.exportState()));
    expect(Object.keys(state.parameters['head/kernel'].slots)).toEqual(['squareAverage', 'gradAverage', 'momentum']);
    expect(Object.keys(state.parameters['encoder/bias'].slots)).toEqual(['m', 'v']);
    const resumed = createUpdater(
      config,
      Object.entries(values).map(([name, v]) => ({ name, shape: [v.length] })),
      { precision },
    );
    resumed.importState(state);
    const params = first.params;
    for (const grads of steps.slice(2)) resumed.update(params, grads);
    for (const name of Object.keys(values)) expectBitIdentical(params[name]!, straight.params[name]!);
  });
});

describe('groups: checks before anything changes', () => {
  const specs = Object.entries(values).map(([name, v]) => ({ name, shape: [v.length] }));

  it('refuses a group that matches nothing at its path, and lists each parameter’s group in the plan', () => {
    const config = { optimizer: { type: 'sgd', learningRate: 0.1 }, groups: [{ params: { include: ['decoder/**'] } }] };
    const error = catchError(() => createUpdater(config, specs));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('groups[0].params.include[0]');
    const updater = createUpdater({ ...config, groups: [{ params: { include: ['encoder/**'] }, learningRateScale: 0.1 }] }, specs);
    expect(describeDecayPlan(updater.plan)).toContain('groups[0] learningRateScale=0.1 → 2 parameters: encoder/kernel, encoder/bias');
    expect(describeDecayPlan(updater.plan)).toContain('top-level optimizer → 1 parameter: head/kernel');
  });

  it('refuses state whose parameter ran another optimizer (its group changed), changing nothing', () => {
    const before = runUpdater({ optimizer: { type: 'adam', learningRate: 0.01 } }, values, steps.slice(0, 1), 'float32');
    const state = before.updater.exportState();
    const grouped = createUpdater(
      {
        optimizer: { type: 'adam', learningRate: 0.01 },
        groups: [{ params: { names: ['head/kernel'] }, optimizer: { type: 'sgd', learningRate: 0.1 } }],
      },
      specs,
    );
    const slotsBefore = Array.from(grouped.slots('encoder/kernel').m as FloatArray);
    const error = catchError(() => grouped.importState(state));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).path).toBe('parameters["head/kernel"].slots');
    expect(grouped.step).toBe(0);
    expect(Array.from(grouped.slots('encoder/kernel').m as FloatArray)).toEqual(slotsBefore);
  });
});
