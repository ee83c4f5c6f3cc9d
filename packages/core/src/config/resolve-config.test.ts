import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError } from './errors.js';
import type { WeightDecayConfig } from './config-types.js';
import { parseConfig } from './parse-config.js';
import { isResolvedConfig, resolveConfig, validateConfig } from './resolve-config.js';

function pathOfError(input: unknown): string {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).path;
  }
  return expect.unreachable('no ConfigError was thrown');
}

/** The example document of docs/guides/config-reference.md. */
const configMdExample: WeightDecayConfig = {
  version: 1,
  optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false },
  decay: [
    { type: 'l2', rate: 1e-4 },
    { type: 'l1', rate: 1e-5, method: 'subgradient' },
    { type: 'l1', rate: 1e-5, method: 'proximal', scaling: 'learning-rate' },
    { type: 'decoupled', rate: 0.01, scaling: 'learning-rate', cautious: false },
    { type: 'anchor', rate: 0.01, scaling: 'learning-rate' },
  ],
};

const everything = { include: ['**'], exclude: [], minRank: 0 };

describe('resolveConfig', () => {
  it("PyTorch's AdamW(lr=1e-3, weight_decay=1e-2), as docs/guides/config-reference.md writes it, with every default", () => {
    expect(resolveConfig({ optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'decoupled', rate: 0.01 }] })).toEqual({
      version: 1,
      optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false },
      decay: [{ type: 'decoupled', rate: 0.01, scaling: 'learning-rate', cautious: false, params: everything }],
    });
  });
  it('decay defaults to [] and version to 1', () => {
    expect(resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 } })).toEqual({
      version: 1,
      optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0, dampening: 0, nesterov: false },
      decay: [],
    });
  });
  it("docs/guides/config-reference.md's example resolves, idempotently and JSON-stably", () => {
    const resolved = resolveConfig(configMdExample);
    expect(resolved.decay).toHaveLength(5);
    expect(resolved.decay[4]).toEqual({ type: 'anchor', rate: 0.01, scaling: 'learning-rate', cautious: false, params: everything });
    expect(resolveConfig(resolved)).toEqual(resolved);
    expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
    expect(resolveConfig(JSON.parse(JSON.stringify(resolved)))).toEqual(resolved);
  });
  it('writes version 1.1 only for a config that uses a 1.1 addition, and accepts either on input', () => {
    expect(resolveConfig({ version: 1.1, optimizer: { type: 'adam', learningRate: 0.1 } }).version).toBe(1);
    const adamax = resolveConfig({ optimizer: { type: 'adamax', learningRate: 0.1 } });
    expect(adamax.version).toBe(1.1);
    expect(isResolvedConfig(adamax)).toBe(true);
    expect(pathOfError({ version: 1.2, optimizer: { type: 'adam', learningRate: 0.1 } })).toBe('version');
  });

  it('a bare-number learning rate stays a number; schedules are resolved', () => {
    expect(resolveConfig({ optimizer: { type: 'adam', learningRate: 3e-4 } }).optimizer.learningRate).toBe(3e-4);
    expect(
      resolveConfig({ optimizer: { type: 'adam', learningRate: { type: 'warmup', steps: 10, then: 1e-3 } } }).optimizer.learningRate,
    ).toEqual({ type: 'warmup', steps: 10, start: 0, then: 1e-3 });
  });
  it('relative scaling is fine with a learning rate whose peak is finite and > 0', () => {
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 100 } },
      decay: [{ type: 'decoupled', rate: 0.1, scaling: 'relative' }],
    };
    expect(resolveConfig(config).decay[0]).toMatchObject({ scaling: 'relative' });
  });
});

describe('resolveConfig: rules name their path', () => {
  it.each([
    ['not an object', 'adam', ''],
    ['null', null, ''],
    ['an array', [], ''],
    ['version 2', { version: 2, optimizer: { type: 'sgd', learningRate: 1 } }, 'version'],
    ['version as a string', { version: '1', optimizer: { type: 'sgd', learningRate: 1 } }, 'version'],
    ['missing optimizer', { decay: [] }, 'optimizer'],
    ['unknown top-level key', { optimizer: { type: 'sgd', learningRate: 1 }, schedule: {} }, 'schedule'],
    ['decay not an array', { optimizer: { type: 'sgd', learningRate: 1 }, decay: {} }, 'decay'],
    [
      'a bad term',
      {
        optimizer: { type: 'sgd', learningRate: 1 },
        decay: [
          { type: 'l2', rate: 1 },
          { type: 'l2', rate: -1 },
        ],
      },
      'decay[1].rate',
    ],
    [
      'relative scaling with a growing learning rate (peak ∞)',
      {
        optimizer: { type: 'sgd', learningRate: { type: 'exponential', initial: 1, gamma: 1.01 } },
        decay: [
          { type: 'l2', rate: 1 },
          { type: 'decoupled', rate: 1, scaling: 'relative' },
        ],
      },
      'decay[1].scaling',
    ],
    [
      'relative scaling with a zero learning rate (division by 0)',
      { optimizer: { type: 'sgd', learningRate: 0 }, decay: [{ type: 'l1', method: 'proximal', rate: 1, scaling: 'relative' }] },
      'decay[0].scaling',
    ],
  ])('%s', (_name, input, path) => {
    expect(pathOfError(input)).toBe(path);
  });
  it('the root is named in the message', () => {
    expect(() => parseConfig(3)).toThrow('(config): expected a config object, received 3');
  });
});

describe('validateConfig', () => {
  it('[] for a valid config', () => {
    expect(validateConfig(configMdExample)).toEqual([]);
  });
  // Unknown keys of an object come before its fields, so that a misspelled required key is
  // reported as itself (with "did you mean") and not as the required key missing.
  it('lists every issue: per object its unknown keys first, then its fields in document order', () => {
    const issues = validateConfig({
      version: 2,
      optimizer: { type: 'adam', learningRate: -1, beta1: 1.5 },
      decay: [
        { type: 'l1', rate: Number.NaN, scaling: 'none' },
        { type: 'decoupled', rate: 1, cautious: 'yes' },
      ],
      extra: true,
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'extra',
      'version',
      'optimizer.learningRate',
      'optimizer.beta1',
      'decay[0].rate',
      'decay[0].scaling',
      'decay[1].cautious',
    ]);
    expect(issues[2]).toEqual({ path: 'optimizer.learningRate', expected: 'a finite number ≥ 0', received: -1 });
  });
  it('skips checks that need an invalid field (no nesterov issue when momentum itself is bad)', () => {
    expect(validateConfig({ optimizer: { type: 'sgd', learningRate: 1, momentum: -1, nesterov: true } }).map((i) => i.path)).toEqual([
      'optimizer.momentum',
    ]);
  });
  it('names a misspelled or snake_case key as itself, with the key it probably meant', () => {
    const cases: Array<[unknown, string, string]> = [
      [{ optimizer: { type: 'adam', learningrate: 0.1 } }, 'optimizer.learningrate', 'did you mean "learningRate"?'],
      [{ optimizer: { type: 'adam', learning_rate: 0.1 } }, 'optimizer.learning_rate', 'did you mean "learningRate"?'],
      [
        { optimizer: { type: 'sgd', learningRate: { type: 'cosine', initial: 1, decay_steps: 5 } } },
        'optimizer.learningRate.decay_steps',
        'did you mean "decaySteps"?',
      ],
      [{ optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l2', Rate: 1 }] }, 'decay[0].Rate', 'did you mean "rate"?'],
      [
        { optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l2', rate: 1, params: { min_rank: 2 } }] },
        'decay[0].params.min_rank',
        'did you mean "minRank"?',
      ],
    ];
    for (const [input, path, hint] of cases) {
      expect(pathOfError(input)).toBe(path);
      expect(validateConfig(input)[0]!.expected).toContain(hint);
    }
  });
  it('the first issue is what resolveConfig throws', () => {
    const input = { optimizer: { type: 'rmsprop', learningRate: 1, alpha: 2 }, decay: [{ type: 'anchor', rate: -1 }] };
    expect(validateConfig(input)[0]!.path).toBe(pathOfError(input));
  });
  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { type: 'warmup', steps: 1 };
    cyclic.then = cyclic;
    for (const input of [undefined, 1n, Symbol('x'), () => 1, { optimizer: { type: 'adam', learningRate: cyclic } }]) {
      expect(validateConfig(input).length).toBeGreaterThan(0);
    }
  });
});

describe('isResolvedConfig', () => {
  it('true for resolved configs', () => {
    expect(isResolvedConfig(resolveConfig(configMdExample))).toBe(true);
    expect(isResolvedConfig(JSON.parse(JSON.stringify(resolveConfig(configMdExample))))).toBe(true);
  });
  it('false for input configs missing defaults, and for non-configs', () => {
    expect(isResolvedConfig({ optimizer: { type: 'adam', learningRate: 1 } })).toBe(false);
    expect(isResolvedConfig({ version: 1, optimizer: { type: 'adam', learningRate: 1 }, decay: [{ type: 'l2', rate: 1 }] })).toBe(false);
    const resolved = resolveConfig({ optimizer: { type: 'adam', learningRate: 1 }, decay: [{ type: 'decoupled', rate: 1 }] });
    expect(isResolvedConfig({ ...resolved, decay: [{ ...resolved.decay[0], cautious: undefined }] })).toBe(false);
    expect(isResolvedConfig({ ...resolved, optimizer: { ...resolved.optimizer, type: 'lamb' } })).toBe(false);
    for (const value of [null, 1, 'config', []]) expect(isResolvedConfig(value)).toBe(false);
  });
});

describe('a ConfigError says how many other problems the config has', () => {
  it('counts the problems validateConfig would list besides the thrown one', () => {
    const config = { optimizer: { type: 'adam', learningRate: -1, beta1: 2 }, decay: [{ type: 'l2', rate: 'x' }] };
    const error = catchError(() => resolveConfig(config as unknown as WeightDecayConfig)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.path).toBe('optimizer.learningRate');
    expect(validateConfig(config)).toHaveLength(3);
    expect(error.otherIssues).toBe(2);
    expect(error.message).toBe(
      'optimizer.learningRate: expected a finite number ≥ 0, received -1 (and 2 other problems: validateConfig lists them all)',
    );
  });

  it('says nothing more when the thrown problem is the only one', () => {
    const error = catchError(() => resolveConfig({ optimizer: { type: 'adam', learningRate: -1 } })) as ConfigError;
    expect(error.otherIssues).toBe(0);
    expect(error.message).toBe('optimizer.learningRate: expected a finite number ≥ 0, received -1');
  });
});
