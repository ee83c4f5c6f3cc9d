import { add, engine, scalar, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import type { TermScalars } from '@weight-decay/core';
import { coupledPenaltyTensor, countZeros } from './decay-ops.js';
import type { TermSelector } from './variable-terms.js';

/** The registered, undisposed variables among `names`. */
export function liveVariables(names: Iterable<string>): Variable[] {
  const registered = engine().registeredVariables;
  return [...names].map((name) => registered[name]).filter((v): v is Variable => v !== undefined && !v.isDisposed);
}

/** Total penalty of the l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|, subgradient or proximal) terms over `variables`, as core's `coupledPenalty`, downloaded as one number. */
export function coupledPenaltyOf(selector: TermSelector, scalars: readonly TermScalars[], variables: readonly Variable[]): number {
  const total = tidy(() => {
    let sum: Scalar = scalar(0);
    for (const v of variables) {
      const terms = selector.select(v.name, v.shape);
      const part = coupledPenaltyTensor([...terms.coupled, ...terms.proximal], scalars, v);
      if (part !== undefined) sum = add(sum, part);
    }
    return sum;
  });
  const value = total.dataSync()[0];
  total.dispose();
  return value;
}

/** Fraction of exactly-zero elements over `variables` (0 when there are none). */
export function zeroFractionOf(variables: readonly Variable[]): number {
  const size = variables.reduce((n, v) => n + v.size, 0);
  if (size === 0) return 0;
  const zeros = tidy(() => variables.reduce((acc: Scalar, v) => add(acc, countZeros(v)), scalar(0)));
  const count = zeros.dataSync()[0];
  zeros.dispose();
  return count / size;
}
