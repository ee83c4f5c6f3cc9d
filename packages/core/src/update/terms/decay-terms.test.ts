import { describe, expect, it } from 'vitest';
import { float64Ops } from '../ops/float64-ops.js';
import { anchorOffset, anchorShrink, cautiousAnchorShrink } from './anchor-term.js';
import { cautiousDecoupledShrink, decoupledKeep } from './decoupled-term.js';
import { l1SubgradientGradient } from './l1-subgradient-term.js';
import { l2Gradient } from './l2-term.js';
import { softThreshold } from './proximal-l1-term.js';

const ops = float64Ops;
const values = (xs: number[]) => Float64Array.from(xs);

describe('decay terms, one per file', () => {
  it('l2 adds λ·θ', () => {
    expect(Array.from(l2Gradient(ops, values([2, -1, 0]), 0.5) as Float64Array)).toEqual([1, -0.5, 0]);
  });

  it('l1 subgradient adds λ·sign(θ) with sign(0) = 0', () => {
    expect(Array.from(l1SubgradientGradient(ops, values([2, -1, 0]), 0.5) as Float64Array)).toEqual([0.5, -0.5, 0]);
  });

  it('decoupled keeps θ·(1 − c); cautious shrinks c·θ only where u·θ ≥ 0', () => {
    expect(Array.from(decoupledKeep(ops, values([2, -1]), 0.75) as Float64Array)).toEqual([1.5, -0.75]);
    // u·θ: 1·2 ≥ 0 → 0.5·2 = 1; (1)·(−1) < 0 → 0; u = 0 → 0 ≥ 0 → 0.5·4 = 2.
    expect(Array.from(cautiousDecoupledShrink(ops, values([2, -1, 4]), values([1, 1, 0]), 0.5) as Float64Array)).toEqual([1, 0, 2]);
  });

  it('anchor shrinks c·(θ − θ₀); cautious only where u·(θ − θ₀) ≥ 0', () => {
    const offset = anchorOffset(ops, values([1, 1]), values([0, 2]));
    expect(Array.from(offset as Float64Array)).toEqual([1, -1]);
    expect(Array.from(anchorShrink(ops, offset, 0.5) as Float64Array)).toEqual([0.5, -0.5]);
    // u = [1, 1]: offset·u = 1 ≥ 0 → 0.5; −1 < 0 → 0.
    expect(Array.from(cautiousAnchorShrink(ops, offset, values([1, 1]), 0.5) as Float64Array)).toEqual([0.5, 0]);
  });

  it('proximal l1 soft-thresholds to exact zeros and keeps NaN', () => {
    // c = 0.5: 2 → 1.5, −2 → −1.5, 0.25 → 0, −0.5 → 0 (|θ| = c), NaN stays NaN.
    const out = Array.from(softThreshold(ops, values([2, -2, 0.25, -0.5, NaN]), 0.5) as Float64Array);
    expect(out.slice(0, 4)).toEqual([1.5, -1.5, 0, 0]);
    expect(out[4]).toBeNaN();
  });
});
