import { abs, add, cast, engine, equal, mul, scalar, sqrt, square, sub, sum, tensor, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { shrinkCoefficients } from '@weight-decay/core';
import type { TermScalars } from '@weight-decay/core';
import type { AppliedTerm } from '@weight-decay/core/adapter';
import type { TermSelector } from './variable-terms.js';

/**
 * The penalty of one parameter at λ_t: `l2` λ/2·Σθ², `l1` λ·Σ|θ| with either
 * method (both minimise the same λ·‖θ‖₁), the definition of core's
 * `coupledPenalty`; other terms are ignored. Must run inside `tidy`.
 */
function coupledPenaltyTensor(terms: readonly AppliedTerm[], scalars: readonly TermScalars[], theta: Tensor): Scalar | undefined {
  let total: Scalar | undefined;
  for (const { index, term } of terms) {
    let part: Tensor | undefined;
    if (term.type === 'l2') part = mul(sum(mul(theta, theta)), scalars[index].rate / 2);
    else if (term.type === 'l1') part = mul(sum(abs(theta)), scalars[index].rate);
    if (part !== undefined) total = (total === undefined ? part : add(total, part)) as Scalar;
  }
  return total;
}

/** Number of exact zeros in a tensor, as a scalar tensor. Must run inside `tidy`. */
function countZeros(theta: Tensor): Scalar {
  return sum(cast(equal(theta, 0), 'float32'));
}

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
      const part = coupledPenaltyTensor(selector.select(v.name, v.shape).applied, scalars, v);
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

/**
 * The decoupled shrink over `variables`, as core's `decoupledShrink`: ‖Δ‖₂ of
 * Δ = Σ_decoupled c·θ + Σ_anchor c·(θ − θ₀), c = s_t·λ_t of the next update
 * (cautious terms in full; no anchor shrink where θ₀ is not known yet), downloaded as one number.
 *
 * @param anchorOf - θ₀ of a variable, where known.
 */
export function decoupledShrinkOf(
  selector: TermSelector,
  scalars: readonly TermScalars[],
  variables: readonly Variable[],
  anchorOf: (name: string) => Tensor | Float32Array | undefined,
): number {
  const norm = tidy(() => {
    let squares: Scalar = scalar(0);
    for (const v of variables) {
      const { decoupled, anchor } = shrinkCoefficients(selector.select(v.name, v.shape).applied, scalars);
      const theta0 = anchor === 0 ? undefined : anchorOf(v.name);
      if (decoupled === 0 && theta0 === undefined) continue;
      let delta: Tensor = mul(v, decoupled);
      if (theta0 !== undefined) delta = add(delta, mul(sub(v, theta0 instanceof Float32Array ? tensor(theta0, v.shape) : theta0), anchor));
      squares = add(squares, sum(square(delta)));
    }
    return sqrt(squares);
  });
  const value = norm.dataSync()[0];
  norm.dispose();
  return value;
}

/** The variables among `variables` that some decay term touches. */
export function decayedVariables(selector: TermSelector, variables: readonly Variable[]): Variable[] {
  return variables.filter((v) => selector.select(v.name, v.shape).applied.length > 0);
}
