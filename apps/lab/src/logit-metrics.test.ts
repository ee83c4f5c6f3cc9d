import { describe, expect, it } from 'vitest';
import { evaluateLogits } from './logit-metrics.js';

describe('evaluateLogits', () => {
  it('matches hand-derived cross-entropy and accuracy', () => {
    // Row 1: logits [ln 3, 0], label 0 → p = 3/4, loss ln(4/3), correct.
    // Row 2: logits [0, 0], label 1 → p = 1/2, loss ln 2; the arg-max tie goes to class 0 → wrong.
    const result = evaluateLogits([Math.log(3), 0, 0, 0], [0, 1], 2);
    expect(result.loss).toBeCloseTo((Math.log(4 / 3) + Math.log(2)) / 2, 12);
    expect(result.accuracy).toBe(0.5);
    expect(result.maxAbsLogit).toBeCloseTo(Math.log(3), 12);
  });

  it('reports the largest |logit|, and NaN once any logit is NaN', () => {
    expect(evaluateLogits([-7, 2, 3, 1], [0, 1], 2).maxAbsLogit).toBe(7);
    expect(evaluateLogits([Number.NaN, 2, 3, 1], [0, 1], 2).maxAbsLogit).toBeNaN();
  });

  it('stays finite for huge logits (log-sum-exp shift)', () => {
    // [1000, 0] with label 1: loss = 1000 + ln(1 + e^−1000) ≈ 1000.
    const result = evaluateLogits([1000, 0], [1], 2);
    expect(result.loss).toBeCloseTo(1000, 9);
    expect(result.accuracy).toBe(0);
  });

  it('refuses mismatched sizes', () => {
    expect(() => evaluateLogits([1, 2, 3], [0, 1], 2)).toThrow(/expected 4 logits/);
  });
});
