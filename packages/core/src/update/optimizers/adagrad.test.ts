import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedAdagradConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { adagrad } from './adagrad.js';

describe('adagrad', () => {
  const config = resolveConfig({ optimizer: { type: 'adagrad', learningRate: 0.1, lrDecay: 0.5, initialAccumulator: 0.25 } })
    .optimizer as ResolvedAdagradConfig;

  it('the sum starts at initialAccumulator', () => {
    expect(adagrad.initialSlotValue(config, 'sum')).toBe(0.25);
  });

  it('S ← S + g², δ = η/(1 + t·lrDecay)·g/(√S + ε)', () => {
    // t = 2: η/(1 + 2·0.5) = 0.05. S = 0.25 + 0.75² = 0.8125.
    const s = adagrad.scalars(config, 0.1, 2);
    expect(s.decayedLearningRate).toBeCloseTo(0.05, 15);
    const out = adagrad.step(float64Ops, adagrad.variantOf(config), 0.75, [0.25], s);
    expect(out.slots[0]).toBe(0.8125);
    expect(out.delta).toBeCloseTo((0.05 * 0.75) / (Math.sqrt(0.8125) + 1e-10), 15);
  });
});
