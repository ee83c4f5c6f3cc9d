import { describe, expect, it } from 'vitest';
import type { GradientClip } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { clipInto, firstNonFinite } from './array-gradient-stage.js';
import { clipFactor, clipGradient, globalNorm, nonFiniteProbe, windowMean } from './gradient-transforms.js';

describe('gradient transforms (on float64Ops)', () => {
  it('N is the root of the summed squares of every parameter: [3] and [4] give 5', () => {
    expect(globalNorm(float64Ops, [float64Ops.sumOfSquares(Float64Array.of(3)), float64Ops.sumOfSquares(Float64Array.of(4))])).toBe(5);
  });

  it('the clip factor is min(1, maxNorm / (N + 1e-6)), as clip_grad_norm_', () => {
    expect(clipFactor(float64Ops, 5, 1)).toBe(1 / (5 + 1e-6));
    expect(clipFactor(float64Ops, 0.5, 1)).toBe(1);
    // Just below maxNorm the 1e-6 keeps the factor at 1 …
    expect(clipFactor(float64Ops, 1 - 1e-6, 1)).toBe(1);
    // … and at maxNorm it shrinks by the 1e-6.
    expect(clipFactor(float64Ops, 1, 1)).toBe(1 / (1 + 1e-6));
  });

  it('value clipping clamps, keeps NaN (as clamp_) and bounds ±Infinity', () => {
    const clipped = clipGradient(
      float64Ops,
      Float64Array.of(-2, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
      { type: 'value', maxValue: 1 },
      1,
    );
    expect(Array.from(clipped as Float64Array)).toEqual([-1, 0.5, Number.NaN, 1]);
  });

  it("per-tensor norm clipping uses the tensor's own norm", () => {
    const clipped = clipGradient(float64Ops, Float64Array.of(3, 4), { type: 'norm', maxNorm: 2.5 }, 1) as Float64Array;
    expect(Array.from(clipped)).toEqual([3 * (2.5 / (5 + 1e-6)), 4 * (2.5 / (5 + 1e-6))]);
  });

  it('the window mean divides the sum by the count', () => {
    expect(Array.from(windowMean(float64Ops, Float64Array.of(4, 6), 2) as Float64Array)).toEqual([2, 3]);
  });

  it('the probe is NaN exactly when an element is NaN or ±Infinity, and never overflows', () => {
    expect(nonFiniteProbe(float64Ops, Float64Array.of(1e300, -1e300))).toBe(0);
    expect(nonFiniteProbe(float64Ops, Float64Array.of(1, Number.NEGATIVE_INFINITY))).toBeNaN();
    expect(nonFiniteProbe(float64Ops, Float64Array.of(Number.NaN))).toBeNaN();
  });
});

describe('the typed-array forms equal the transforms', () => {
  const g = Float64Array.of(-3, 0.25, 2, Number.NaN, Number.POSITIVE_INFINITY, -0.5);
  const clips: GradientClip[] = [
    { type: 'value', maxValue: 1 },
    { type: 'norm', maxNorm: 0.5 },
    { type: 'global-norm', maxNorm: 1 },
  ];
  for (const clip of clips) {
    it(`clipInto, ${clip.type}`, () => {
      const out = new Float64Array(g.length);
      clipInto(out, g, clip, 0.125);
      expect(Array.from(out)).toEqual(Array.from(clipGradient(float64Ops, g, clip, 0.125) as Float64Array));
    });
  }

  it('firstNonFinite finds the first NaN or ±Infinity', () => {
    expect(firstNonFinite(g)).toBe(3);
    expect(firstNonFinite([1, 2])).toBe(-1);
  });
});
