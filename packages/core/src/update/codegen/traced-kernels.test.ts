import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';
import { reachable } from './emit-js-loop.js';
import type { TracedUpdate } from './kernel-source.js';
import { TracedKernels, scalarInputValues } from './traced-kernels.js';

const none: DecayCoefficients = { l2: 0, l1: 0, keep: 1, anchor: 0, cautiousDecoupled: 0, cautiousAnchor: 0, threshold: 0 };
// The scalars the update reads (the tracer also holds every coefficient as an unread input).
const scalarNames = (traced: TracedUpdate): string[] =>
  reachable(traced.outputs.map((output) => output.value))
    .filter((node) => node.op === 'scalar')
    .map((node) => node.name as string);

describe('TracedKernels', () => {
  it('traces once per set of decay kinds present, and only those kinds', () => {
    const optimizer = resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 } }).optimizer;
    const emitted: TracedUpdate[] = [];
    const kernels = new TracedKernels(optimizer, (traced) => {
      emitted.push(traced);
      return emitted.length;
    });
    expect(kernels.forCoefficients({ ...none, l2: 0.01 })).toBe(1);
    expect(kernels.forCoefficients({ ...none, l2: 0.5 })).toBe(1);
    expect(kernels.forCoefficients({ ...none, keep: 0.99 })).toBe(2);
    expect(emitted).toHaveLength(2);
    // SGD with l2 alone reads the l2 coefficient and no other decay kind's.
    expect(scalarNames(emitted[0]).filter((name) => name.startsWith('c.'))).toEqual(['c.l2']);
    expect(scalarNames(emitted[1]).filter((name) => name.startsWith('c.'))).toEqual(['c.keep']);
  });

  it("gives the scalar inputs' values: the optimizer's scalars of the step and the coefficients", () => {
    const optimizer = resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 } }).optimizer;
    const c = { ...none, l2: 0.25 };
    expect(scalarInputValues(['c.l2', 'c.keep'], optimizer, 0.1, 0, c)).toEqual([0.25, 1]);
    expect(() => scalarInputValues(['s.noSuchScalar'], optimizer, 0.1, 0, c)).toThrow(/s\.noSuchScalar/);
  });
});

describe('TracedKernels forms', () => {
  it('traces the averaged and the clipped forms apart, and gives their scalars from the extras', () => {
    const optimizer = resolveConfig({ optimizer: { type: 'adam', learningRate: 0.1 } }).optimizer;
    const emitted: TracedUpdate[] = [];
    const kernels = new TracedKernels(optimizer, (traced) => emitted.push(traced));
    const c = { ...none, keep: 0.99 };
    expect(kernels.forCoefficients(c)).toBe(1);
    expect(kernels.forCoefficients(c, { averaged: true })).toBe(2);
    expect(kernels.forCoefficients(c, { clipped: true })).toBe(3);
    expect(kernels.forCoefficients(c, { averaged: true, clipped: true })).toBe(4);
    expect(kernels.forCoefficients(c, { averaged: true })).toBe(2);
    expect(emitted.map((t) => [t.averaged, t.clipped])).toEqual([
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]);
    expect(emitted[0].outputs.map((o) => o.array)).toEqual(['p', 'slot0', 'slot1']);
    expect(emitted[3].outputs.map((o) => o.array)).toEqual(['p', 'slot0', 'slot1', 'averageValues']);
    expect(scalarNames(emitted[3])).toEqual(expect.arrayContaining(['clip.factor', 'weights.keep', 'weights.take']));
    expect(scalarNames(emitted[0]).filter((name) => !name.startsWith('s.') && !name.startsWith('c.'))).toEqual([]);
    const names = ['weights.keep', 'weights.take', 'clip.factor', 'c.keep'];
    expect(scalarInputValues(names, optimizer, 0.1, 0, c, { averageWeights: { keep: 0.75, take: 0.25 }, clipFactor: 0.5 })).toEqual([
      0.75, 0.25, 0.5, 0.99,
    ]);
    expect(() => scalarInputValues(['clip.factor'], optimizer, 0.1, 0, c)).toThrow(/clip\.factor/);
  });
});
