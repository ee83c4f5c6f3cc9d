import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveConfig, validateConfig } from './resolve-config.js';

const base = { optimizer: { type: 'adam' as const, learningRate: 0.01 } };

function pathOfError(average: unknown): string {
  try {
    resolveConfig({ ...base, average } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).path;
  }
  return expect.unreachable('no ConfigError was thrown');
}

describe('average (docs/guides/config-1.1.md)', () => {
  it('resolves ema as given and uniform with start 0 by default, writing version 1.1', () => {
    expect(resolveConfig({ ...base, average: { type: 'ema', decay: 0.999 } })).toMatchObject({
      version: 1.1,
      average: { type: 'ema', decay: 0.999 },
    });
    const uniform = resolveConfig({ ...base, average: { type: 'uniform' } });
    expect(uniform.average).toEqual({ type: 'uniform', start: 0 });
    expect(resolveConfig(uniform)).toEqual(uniform);
  });

  it('a config without average keeps version 1 and has no average key', () => {
    const resolved = resolveConfig(base);
    expect(resolved.version).toBe(1);
    expect('average' in resolved).toBe(false);
  });

  it.each([0, 1])('decay %s is allowed (the closed ends)', (decay) => {
    expect(resolveConfig({ ...base, average: { type: 'ema', decay } }).average).toEqual({ type: 'ema', decay });
  });

  it.each([
    ['an unknown type', { type: 'swa' }, 'average.type'],
    ['a missing type', { decay: 0.9 }, 'average.type'],
    ['not an object', 0.999, 'average'],
    ['decay above 1', { type: 'ema', decay: 1.5 }, 'average.decay'],
    ['decay below 0', { type: 'ema', decay: -0.1 }, 'average.decay'],
    ['decay missing', { type: 'ema' }, 'average.decay'],
    ['decay not finite', { type: 'ema', decay: Number.NaN }, 'average.decay'],
    ['ema with start', { type: 'ema', decay: 0.9, start: 10 }, 'average.start'],
    ['uniform with decay', { type: 'uniform', decay: 0.9 }, 'average.decay'],
    ['a fractional start', { type: 'uniform', start: 2.5 }, 'average.start'],
    ['a negative start', { type: 'uniform', start: -1 }, 'average.start'],
    ['an unknown key', { type: 'uniform', every: 2 }, 'average.every'],
  ])('%s is rejected at its path', (_what, average, path) => {
    expect(pathOfError(average)).toBe(path);
  });

  it('explains a field of the other type', () => {
    expect(validateConfig({ ...base, average: { type: 'ema', decay: 0.9, start: 1 } })).toEqual([
      { path: 'average.start', expected: 'no "start" on an "ema" average (allowed: type, decay)', received: 1 },
    ]);
  });
});
