import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import { decayCoefficients, decayPresence, needsAnchor } from './decay-coefficients.js';

describe('decayCoefficients', () => {
  const config = resolveConfig({
    optimizer: { type: 'sgd', learningRate: 1 },
    decay: [
      { type: 'l2', rate: 0.1 },
      { type: 'l2', rate: 0.2 },
      { type: 'l1', rate: 0.3 },
      { type: 'l1', method: 'proximal', rate: 0.4 },
      { type: 'decoupled', rate: 0.05 },
      { type: 'decoupled', rate: 0.5, cautious: true },
      { type: 'anchor', rate: 0.6 },
      { type: 'anchor', rate: 0.7, cautious: true },
    ],
  });
  const applied = config.decay.map((term, index) => ({ index, term }));
  // Coefficients c = s·λ with s = 1 here (η = 1, scaling learning-rate or coupled).
  const scalars = config.decay.map((term) => ({ rate: term.rate as number, scale: 1, coefficient: term.rate as number }));

  it('sums each kind; plain decoupled terms become keep = 1 − Σc', () => {
    const c = decayCoefficients(applied, scalars);
    expect(c.l2).toBeCloseTo(0.3, 15);
    expect(c).toMatchObject({ l1: 0.3, threshold: 0.4, keep: 0.95, cautiousDecoupled: 0.5, anchor: 0.6, cautiousAnchor: 0.7 });
    expect(needsAnchor(applied)).toBe(true);
  });

  it('only the terms given count, and a kind with coefficient 0 (keep 1) is absent', () => {
    const c = decayCoefficients(applied.slice(0, 1), scalars);
    expect(decayPresence(c)).toEqual({
      l2: true,
      l1: false,
      keep: false,
      anchor: false,
      cautiousDecoupled: false,
      cautiousAnchor: false,
      threshold: false,
    });
    expect(needsAnchor(applied.slice(0, 6))).toBe(false);
  });
});
