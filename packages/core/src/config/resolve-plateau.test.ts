import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError } from './errors.js';
import { resolveConfig, validateConfig } from './resolve-config.js';
import { resolveDecayTerms } from './resolve-decay-terms.js';

const plateau = { type: 'reduce-on-plateau', initial: 0.01 } as const;

describe('reduce-on-plateau as a learning rate (config 1.1)', () => {
  it("writes PyTorch's defaults out, and the config as version 1.1", () => {
    const resolved = resolveConfig({ optimizer: { type: 'adam', learningRate: plateau } });
    expect(resolved.version).toBe(1.1);
    expect(resolved.optimizer.learningRate).toEqual({
      type: 'reduce-on-plateau',
      initial: 0.01,
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: 'rel',
      mode: 'min',
      cooldown: 0,
      minimum: 0,
    });
    expect(resolveConfig(resolved)).toEqual(resolved);
  });

  it.each([
    ['inside warmup', { type: 'warmup', steps: 3, then: plateau }],
    ['inside a sequence', { type: 'sequence', schedules: [0.01, plateau], boundaries: [5] }],
    ['two levels down', { type: 'warmup', steps: 3, then: { type: 'sequence', schedules: [plateau, 0.1], boundaries: [2] } }],
  ])('is refused %s, at the enclosing learning rate', (_where, learningRate) => {
    const error = catchError(() => resolveConfig({ optimizer: { type: 'adam', learningRate } as never }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('optimizer.learningRate');
    expect(validateConfig({ optimizer: { type: 'adam', learningRate } }).map((i) => i.path)).toEqual(['optimizer.learningRate']);
  });

  it('is refused as a decay rate, at the rate', () => {
    const error = catchError(() => resolveDecayTerms([{ type: 'decoupled', rate: plateau }]));
    expect((error as ConfigError).path).toBe('decay[0].rate');
    expect((error as ConfigError).message).toMatch(/only allowed as a learning rate/);
  });

  it.each([
    ['factor', 1, 'a number in [0, 1)'],
    ['patience', 1.5, 'an integer ≥ 0'],
    ['thresholdMode', 'relative', 'one of "rel", "abs"'],
    ['mode', 'minimize', 'one of "min", "max"'],
    ['minimum', -1, 'a finite number ≥ 0'],
  ])('checks %s', (field, value, expected) => {
    const error = catchError(() => resolveConfig({ optimizer: { type: 'sgd', learningRate: { ...plateau, [field]: value } } as never }));
    expect(error).toMatchObject({ path: `optimizer.learningRate.${field}`, expected });
  });
});

describe('timescale and corrected scaling (config 1.1)', () => {
  it('a timescale resolves to 1/(η_peak·τ) with learning-rate or corrected scaling, 1/τ otherwise; η_peak of reduce-on-plateau is initial', () => {
    const resolved = resolveConfig({
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.01, decaySteps: 10 } },
      decay: [
        { type: 'decoupled', timescale: 1000 },
        { type: 'anchor', timescale: 50, scaling: 'corrected' },
        { type: 'decoupled', timescale: 20, scaling: 'relative' },
        { type: 'anchor', timescale: 4, scaling: 'none' },
      ],
    });
    expect(resolved.decay.map((t) => t.rate)).toEqual([1 / (0.01 * 1000), 1 / (0.01 * 50), 1 / 20, 1 / 4]);
    expect(resolved.decay[0]).not.toHaveProperty('timescale');
    const onPlateau = resolveConfig({
      optimizer: { type: 'sgd', learningRate: { ...plateau, initial: 0.1 } },
      decay: [{ type: 'decoupled', timescale: 200 }],
    });
    expect(onPlateau.decay[0].rate).toBe(1 / (0.1 * 200));
  });

  it('a term with both or neither is refused at the term; in a version-1 document a missing rate is the rate', () => {
    const both = catchError(() =>
      resolveConfig({ optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'decoupled', rate: 0.01, timescale: 100 }] }),
    );
    expect(both).toMatchObject({ path: 'decay[0]' });
    const neither = catchError(() =>
      resolveConfig({ optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'anchor' } as never] }),
    );
    expect(neither).toMatchObject({ path: 'decay[0]' });
    const v1 = catchError(() =>
      resolveConfig({ version: 1, optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'anchor' } as never] }),
    );
    expect(v1).toMatchObject({ path: 'decay[0].rate' });
  });

  it('a timescale needs a positive, bounded η_peak, and exists only on decoupled and anchor terms', () => {
    const zeroPeak = catchError(() =>
      resolveConfig({ optimizer: { type: 'sgd', learningRate: 0 }, decay: [{ type: 'decoupled', timescale: 10 }] }),
    );
    expect(zeroPeak).toMatchObject({ path: 'decay[0].timescale' });
    const onL2 = catchError(() =>
      resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', timescale: 10 } as never] }),
    );
    expect(onL2).toMatchObject({ path: 'decay[0].timescale' });
    // Without a learning rate (withWeightDecay's terms), only the scalings that ignore η_peak resolve.
    expect(resolveDecayTerms([{ type: 'decoupled', timescale: 10, scaling: 'none' }])[0].rate).toBe(0.1);
    expect(catchError(() => resolveDecayTerms([{ type: 'decoupled', timescale: 10 }]))).toMatchObject({ path: 'decay[0].timescale' });
  });

  it('corrected scaling is allowed on decoupled, anchor and proximal terms, writes version 1.1, and needs a bounded η_peak', () => {
    const resolved = resolveConfig({
      optimizer: { type: 'sgd', learningRate: 0.1 },
      decay: [{ type: 'l1', method: 'proximal', rate: 0.01, scaling: 'corrected' }],
    });
    expect(resolved.version).toBe(1.1);
    const unbounded = catchError(() =>
      resolveConfig({
        optimizer: { type: 'sgd', learningRate: { type: 'exponential', initial: 0.1, gamma: 2 } },
        decay: [{ type: 'decoupled', rate: 0.01, scaling: 'corrected' }],
      }),
    );
    expect(unbounded).toMatchObject({ path: 'decay[0].scaling' });
    expect(catchError(() => resolveDecayTerms([{ type: 'l2', rate: 0.01, scaling: 'corrected' } as never]))).toMatchObject({
      path: 'decay[0].scaling',
    });
  });
});
