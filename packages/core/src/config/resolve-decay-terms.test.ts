import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveDecayTerms } from './resolve-decay-terms.js';

function pathOfError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).path;
  }
  return expect.unreachable('no ConfigError was thrown');
}

const everything = { include: ['**'], exclude: [], minRank: 0 };

describe('resolveDecayTerms: defaults', () => {
  it('writes out method, scaling, cautious and params for every term type', () => {
    const resolved = resolveDecayTerms([
      { type: 'l2', rate: 1e-4 },
      { type: 'l1', rate: 1e-5 },
      { type: 'l1', rate: 1e-5, method: 'proximal' },
      { type: 'decoupled', rate: 0.01 },
      { type: 'anchor', rate: 0.01 },
    ]);
    expect(resolved).toEqual([
      { type: 'l2', rate: 1e-4, params: everything },
      { type: 'l1', method: 'subgradient', rate: 1e-5, params: everything },
      { type: 'l1', method: 'proximal', rate: 1e-5, scaling: 'learning-rate', params: everything },
      { type: 'decoupled', rate: 0.01, scaling: 'learning-rate', cautious: false, params: everything },
      { type: 'anchor', rate: 0.01, scaling: 'learning-rate', cautious: false, params: everything },
    ]);
    expect(resolveDecayTerms(resolved)).toEqual(resolved);
    expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
  });
  it('keeps explicit choices and resolves rate schedules', () => {
    expect(
      resolveDecayTerms([{ type: 'decoupled', rate: { type: 'cosine', initial: 0.1, decaySteps: 5 }, scaling: 'none', cautious: true }]),
    ).toEqual([
      {
        type: 'decoupled',
        rate: { type: 'cosine', initial: 0.1, decaySteps: 5, minimum: 0 },
        scaling: 'none',
        cautious: true,
        params: everything,
      },
    ]);
  });
  it('params: partial selections get the other defaults', () => {
    const [term] = resolveDecayTerms([{ type: 'l2', rate: 1, params: { exclude: ['**/bias'], minRank: 2 } }]);
    expect(term!.params).toEqual({ include: ['**'], exclude: ['**/bias'], minRank: 2 });
  });
  it('params: names alone select exactly those names (include defaults to [])', () => {
    const [term] = resolveDecayTerms([{ type: 'l2', rate: 1, params: { names: ['dense/kernel'] } }]);
    expect(term!.params).toEqual({ include: [], exclude: [], minRank: 0, names: ['dense/kernel'] });
    expect(resolveDecayTerms([term])).toEqual([term]);
  });
  it('an empty list is fine', () => {
    expect(resolveDecayTerms([])).toEqual([]);
  });
});

describe('resolveDecayTerms: every rule names its path', () => {
  const cases: [string, unknown, string][] = [
    ['not an array', { type: 'l2', rate: 1 }, 'decay'],
    ['a term that is not an object', [1], 'decay[0]'],
    [
      'unknown term type',
      [
        { type: 'l2', rate: 1 },
        { type: 'l3', rate: 1 },
      ],
      'decay[1].type',
    ],
    ['missing rate', [{ type: 'l2' }], 'decay[0].rate'],
    [
      'negative rate',
      [
        { type: 'l2', rate: 1 },
        { type: 'decoupled', rate: -0.01 },
      ],
      'decay[1].rate',
    ],
    ['NaN rate', [{ type: 'l2', rate: Number.NaN }], 'decay[0].rate'],
    ['string rate', [{ type: 'l2', rate: '0.1' }], 'decay[0].rate'],
    ['bad rate schedule', [{ type: 'l2', rate: { type: 'step', initial: 1, stepSize: 0 } }], 'decay[0].rate.stepSize'],
    ['unknown key', [{ type: 'l2', rate: 1, rat: 2 }], 'decay[0].rat'],
    ['scaling on l2', [{ type: 'l2', rate: 1, scaling: 'none' }], 'decay[0].scaling'],
    ['scaling on a subgradient l1', [{ type: 'l1', rate: 1, scaling: 'none' }], 'decay[0].scaling'],
    [
      'scaling on an explicit subgradient l1',
      [{ type: 'l1', rate: 1, method: 'subgradient', scaling: 'learning-rate' }],
      'decay[0].scaling',
    ],
    ['cautious on l1', [{ type: 'l1', rate: 1, method: 'proximal', cautious: false }], 'decay[0].cautious'],
    ['cautious on l2', [{ type: 'l2', rate: 1, cautious: true }], 'decay[0].cautious'],
    ['method on decoupled', [{ type: 'decoupled', rate: 1, method: 'proximal' }], 'decay[0].method'],
    ['unknown l1 method', [{ type: 'l1', rate: 1, method: 'lasso' }], 'decay[0].method'],
    ['unknown scaling', [{ type: 'decoupled', rate: 1, scaling: 'lr' }], 'decay[0].scaling'],
    ['cautious not boolean', [{ type: 'anchor', rate: 1, cautious: 1 }], 'decay[0].cautious'],
    ['params not an object', [{ type: 'l2', rate: 1, params: ['**'] }], 'decay[0].params'],
    ['include not an array', [{ type: 'l2', rate: 1, params: { include: '**' } }], 'decay[0].params.include'],
    ['empty include pattern', [{ type: 'l2', rate: 1, params: { include: ['a', ''] } }], 'decay[0].params.include[1]'],
    ['include selecting nothing', [{ type: 'l2', rate: 1, params: { include: [] } }], 'decay[0].params.include'],
    ['exclude pattern not a string', [{ type: 'l2', rate: 1, params: { exclude: [3] } }], 'decay[0].params.exclude[0]'],
    ['negative minRank', [{ type: 'l2', rate: 1, params: { minRank: -1 } }], 'decay[0].params.minRank'],
    ['fractional minRank', [{ type: 'l2', rate: 1, params: { minRank: 1.5 } }], 'decay[0].params.minRank'],
    ['names not an array', [{ type: 'l2', rate: 1, params: { names: 'w' } }], 'decay[0].params.names'],
    ['empty name', [{ type: 'l2', rate: 1, params: { names: [''] } }], 'decay[0].params.names[0]'],
    ['no names and no include', [{ type: 'l2', rate: 1, params: { names: [] } }], 'decay[0].params.names'],
    ['unknown params key', [{ type: 'l2', rate: 1, params: { minrank: 2 } }], 'decay[0].params.minrank'],
  ];
  it.each(cases)('%s', (_name, input, path) => {
    expect(pathOfError(() => resolveDecayTerms(input))).toBe(path);
  });
  it('uses the path it is given', () => {
    expect(pathOfError(() => resolveDecayTerms([{ type: 'l2', rate: -1 }], 'config.decay'))).toBe('config.decay[0].rate');
  });
  it('explains why scaling is not allowed on a subgradient term', () => {
    expect(() => resolveDecayTerms([{ type: 'l1', rate: 1, scaling: 'none' }])).toThrow(/proximal/);
  });
});
