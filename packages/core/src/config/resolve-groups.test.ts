import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError } from './errors.js';
import { resolveConfig, validateConfig } from './resolve-config.js';
import { groupLearningRate, groupOptimizer } from './resolve-groups.js';

const adam = { type: 'adam', learningRate: 0.01 } as const;
const everything = { include: ['**'], exclude: [], minRank: 0 };

function pathOf(config: unknown): string {
  const error = catchError(() => resolveConfig(config as never));
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).path;
}

describe('groups: resolution', () => {
  it('writes the scale and an empty override out, keeps only the overridden fields, and writes version 1.1', () => {
    const resolved = resolveConfig({
      optimizer: adam,
      groups: [
        { params: { include: ['encoder/**'] } },
        {
          params: { minRank: 2 },
          learningRateScale: 0.5,
          optimizer: { beta2: 0.95, learningRate: { type: 'cosine', initial: 0.1, decaySteps: 4 } },
        },
      ],
    });
    expect(resolved.version).toBe(1.1);
    expect(resolved.groups).toEqual([
      { params: { include: ['encoder/**'], exclude: [], minRank: 0 }, learningRateScale: 1, optimizer: {} },
      {
        params: { ...everything, minRank: 2 },
        learningRateScale: 0.5,
        optimizer: { learningRate: { type: 'cosine', initial: 0.1, decaySteps: 4, minimum: 0 }, beta2: 0.95 },
      },
    ]);
    expect(resolveConfig(resolved)).toEqual(resolved);
    expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
  });

  it('resolves a group optimizer with a type as a whole optimizer, every default written out', () => {
    const resolved = resolveConfig({
      optimizer: adam,
      groups: [{ params: { names: ['head/bias'] }, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } }],
    });
    expect(resolved.groups?.[0]?.optimizer).toEqual({ type: 'sgd', learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: false });
    expect(resolved.groups?.[0]?.params).toEqual({ include: [], exclude: [], minRank: 0, names: ['head/bias'] });
  });

  it('a config without groups keeps version 1 and has no groups key', () => {
    const resolved = resolveConfig({ optimizer: adam });
    expect(resolved.version).toBe(1);
    expect('groups' in resolved).toBe(false);
  });

  it('groupOptimizer lays the overrides over the top level; groupLearningRate is the group’s own rate only', () => {
    const resolved = resolveConfig({
      optimizer: adam,
      groups: [
        { params: { minRank: 2 }, optimizer: { beta1: 0.5 } },
        { params: { minRank: 1 }, optimizer: { learningRate: 0.2 } },
        { params: { minRank: 0 }, optimizer: { type: 'adagrad', learningRate: 0.3 } },
      ],
    });
    const [beta, rate, own] = resolved.groups!;
    expect(groupOptimizer(resolved, beta!)).toEqual({
      type: 'adam',
      learningRate: 0.01,
      beta1: 0.5,
      beta2: 0.999,
      epsilon: 1e-8,
      amsgrad: false,
    });
    expect(groupLearningRate(beta!)).toBeUndefined();
    expect(groupLearningRate(rate!)).toBe(0.2);
    expect(groupOptimizer(resolved, own!).type).toBe('adagrad');
    expect(groupLearningRate(own!)).toBe(0.3);
  });
});

describe('groups: each rule rejects at its exact path', () => {
  const cases: [string, unknown, string][] = [
    ['not an array', { params: {} }, 'groups'],
    ['a group that is not an object', [3], 'groups[0]'],
    ['a missing selection', [{ learningRateScale: 0.5 }], 'groups[0].params'],
    ['a bad selection in the second group', [{ params: { minRank: 2 } }, { params: { minRank: -1 } }], 'groups[1].params.minRank'],
    ['an empty include', [{ params: { include: [] } }], 'groups[0].params.include'],
    ['an unknown key', [{ params: { minRank: 2 }, lr: 0.1 }], 'groups[0].lr'],
    ['a negative scale', [{ params: { minRank: 2 }, learningRateScale: -0.1 }], 'groups[0].learningRateScale'],
    ['an infinite scale', [{ params: { minRank: 2 }, learningRateScale: Number.POSITIVE_INFINITY }], 'groups[0].learningRateScale'],
    ['a NaN scale', [{ params: { minRank: 2 }, learningRateScale: Number.NaN }], 'groups[0].learningRateScale'],
    ['an override out of range', [{ params: { minRank: 2 }, optimizer: { beta2: 1.5 } }], 'groups[0].optimizer.beta2'],
    ['a field of another optimizer type', [{ params: { minRank: 2 }, optimizer: { momentum: 0.9 } }], 'groups[0].optimizer.momentum'],
    ['a bad learning-rate override', [{ params: { minRank: 2 }, optimizer: { learningRate: -1 } }], 'groups[0].optimizer.learningRate'],
    ['an optimizer that is not an object', [{ params: { minRank: 2 }, optimizer: 'sgd' }], 'groups[0].optimizer'],
    [
      'an unknown optimizer type',
      [{ params: { minRank: 2 }, optimizer: { type: 'lamb', learningRate: 0.01 } }],
      'groups[0].optimizer.type',
    ],
    [
      'an own optimizer without a learning rate',
      [{ params: { minRank: 2 }, optimizer: { type: 'sgd' } }],
      'groups[0].optimizer.learningRate',
    ],
    [
      'an own optimizer with a bad field',
      [{ params: { minRank: 2 }, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 1 } }],
      'groups[0].optimizer.momentum',
    ],
  ];
  it.each(cases)('%s', (_, groups, path) => {
    expect(pathOf({ optimizer: adam, groups })).toBe(path);
    expect(validateConfig({ optimizer: adam, groups }).map((issue) => issue.path)).toEqual([path]);
  });

  it('an override that breaks a rule across fields names the group (SGD nesterov without momentum)', () => {
    expect(
      pathOf({
        optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
        groups: [{ params: {}, optimizer: { momentum: 0 } }],
      }),
    ).toBe('groups[0].optimizer.nesterov');
  });

  it('overrides of an invalid top-level optimizer are not checked against it: only the top level is reported', () => {
    const issues = validateConfig({ optimizer: { type: 'adam' }, groups: [{ params: {}, optimizer: { beta2: 0.5 } }] });
    expect(issues.map((issue) => issue.path)).toEqual(['optimizer.learningRate']);
  });

  it('collects the issues of several groups', () => {
    const issues = validateConfig({
      optimizer: adam,
      groups: [
        { params: { minRank: 2 }, learningRateScale: -1 },
        { params: { minRank: 2 }, optimizer: { beta1: 2 } },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['groups[0].learningRateScale', 'groups[1].optimizer.beta1']);
  });
});
