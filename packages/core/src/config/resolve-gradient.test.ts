import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError } from './errors.js';
import { resolveConfig, validateConfig } from './resolve-config.js';
import { resolveGradient } from './resolve-gradient.js';

const adam = { type: 'adam', learningRate: 1e-3 } as const;

function errorPath(gradient: unknown): string {
  const error = catchError(() => resolveConfig({ optimizer: adam, gradient } as never));
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).path;
}

describe('the gradient section', () => {
  it('writes accumulate and nonFinite out, keeps clip only when given, and makes the config 1.1', () => {
    expect(resolveConfig({ optimizer: adam, gradient: {} })).toMatchObject({
      version: 1.1,
      gradient: { accumulate: 1, nonFinite: 'propagate' },
    });
    expect(resolveConfig({ optimizer: adam, gradient: {} }).gradient).not.toHaveProperty('clip');
    const clipped = resolveConfig({
      optimizer: adam,
      gradient: { accumulate: 4, clip: { type: 'global-norm', maxNorm: 1 }, nonFinite: 'skip' },
    });
    expect(clipped.gradient).toEqual({ accumulate: 4, clip: { type: 'global-norm', maxNorm: 1 }, nonFinite: 'skip' });
    expect(resolveConfig(clipped)).toEqual(clipped);
    expect(resolveConfig({ optimizer: adam }).version).toBe(1);
    expect(resolveConfig({ optimizer: adam })).not.toHaveProperty('gradient');
  });

  it('rejects each broken rule at its own path', () => {
    expect(errorPath(4)).toBe('gradient');
    expect(errorPath({ accumulation: 4 })).toBe('gradient.accumulation');
    expect(errorPath({ accumulate: 0 })).toBe('gradient.accumulate');
    expect(errorPath({ accumulate: 1.5 })).toBe('gradient.accumulate');
    expect(errorPath({ clip: { type: 'l1-norm', maxNorm: 1 } })).toBe('gradient.clip.type');
    expect(errorPath({ clip: { type: 'norm' } })).toBe('gradient.clip.maxNorm');
    expect(errorPath({ clip: { type: 'global-norm', maxNorm: Number.POSITIVE_INFINITY } })).toBe('gradient.clip.maxNorm');
    expect(errorPath({ clip: { type: 'value', maxValue: 0 } })).toBe('gradient.clip.maxValue');
    expect(errorPath({ clip: { type: 'value', maxValue: 1, maxNorm: 1 } })).toBe('gradient.clip.maxNorm');
    expect(errorPath({ nonFinite: 'ignore' })).toBe('gradient.nonFinite');
  });

  it('lists every problem of the section with validateConfig', () => {
    const issues = validateConfig({ optimizer: adam, gradient: { accumulate: 0, clip: { type: 'value', maxValue: -1 }, nonFinite: 'x' } });
    expect(issues.map((i) => i.path)).toEqual(['gradient.accumulate', 'gradient.clip.maxValue', 'gradient.nonFinite']);
  });

  it('resolves the section alone at a path of the caller', () => {
    expect(resolveGradient({ clip: { type: 'value', maxValue: 2 } })).toEqual({
      accumulate: 1,
      clip: { type: 'value', maxValue: 2 },
      nonFinite: 'propagate',
    });
    expect((catchError(() => resolveGradient({ accumulate: -1 }, 'options.gradient')) as ConfigError).path).toBe(
      'options.gradient.accumulate',
    );
  });
});
