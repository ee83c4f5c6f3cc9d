import { abs, add, greaterEqual, mul, relu, sign, sub, sum, where, zerosLike, equal, cast } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { ResolvedDecayTerm, TermScalars } from '@weight-decay/core';

/** A decay term that touches a parameter, with its position in `config.decay`. */
export interface AppliedTerm {
  /** Position in the config's `decay` list (indexes the step's {@link TermScalars}). */
  index: number;
  /** The resolved term. */
  term: ResolvedDecayTerm;
}

/** Whether a term acts on the gradient (semantics.md step 2). */
export function isCoupled(term: ResolvedDecayTerm): boolean {
  return term.type === 'l2' || (term.type === 'l1' && term.method === 'subgradient');
}

/** Whether a term shrinks θ_t before the optimizer step (semantics.md step 3). */
export function isDecoupled(term: ResolvedDecayTerm): boolean {
  return term.type === 'decoupled' || term.type === 'anchor';
}

/** Whether a term is a soft-threshold after the optimizer step (semantics.md step 5). */
export function isProximal(term: ResolvedDecayTerm): boolean {
  return term.type === 'l1' && term.method === 'proximal';
}

/**
 * Step 2: coupled terms add to the gradient using θ_t, in core's order:
 * g + Σλ_l1·sign(θ) + Σλ_l2·θ, with sign(0) = 0 (PyTorch's autograd of |θ|;
 * tfjs's own Abs gradient would give −1 at 0, which is why this is not left to autodiff).
 * Must run inside `tidy`.
 */
export function coupledGradient(terms: readonly AppliedTerm[], scalars: readonly TermScalars[], theta: Tensor, gradient: Tensor): Tensor {
  let l1 = 0;
  let l2 = 0;
  for (const { index, term } of terms) {
    if (term.type === 'l2') l2 += scalars[index].coefficient;
    else if (term.type === 'l1' && term.method === 'subgradient') l1 += scalars[index].coefficient;
  }
  let g = gradient;
  if (l1 !== 0) g = add(g, mul(sign(theta), l1));
  if (l2 !== 0) g = add(g, mul(theta, l2));
  return g;
}

/**
 * Step 3: decoupled and anchor terms shrink θ, each computed from θ_t, in
 * core's order: θ_t·(1 − Σc_decoupled) − Σc_anchor·(θ_t − θ₀), then cautious
 * terms only where the step direction u agrees with what they shrink
 * (u·θ_t ≥ 0; for an anchor u·(θ_t − θ₀) ≥ 0): there the step already moves
 * θ the same way. A zero coefficient skips its work. Must run inside `tidy`.
 *
 * @param direction - Any tensor with the sign of u; read only by cautious terms.
 */
export function decoupledShrink(
  terms: readonly AppliedTerm[],
  scalars: readonly TermScalars[],
  theta: Tensor,
  anchor: Tensor | undefined,
  direction: Tensor | undefined,
): Tensor {
  let decoupled = 0;
  let anchored = 0;
  let cautiousDecoupled = 0;
  let cautiousAnchored = 0;
  for (const { index, term } of terms) {
    const c = scalars[index].coefficient;
    if (term.type === 'decoupled') {
      if (term.cautious) cautiousDecoupled += c;
      else decoupled += c;
    } else if (term.type === 'anchor') {
      if (term.cautious) cautiousAnchored += c;
      else anchored += c;
    }
  }
  let q = decoupled !== 0 ? mul(theta, 1 - decoupled) : theta;
  const offset = anchored !== 0 || cautiousAnchored !== 0 ? sub(theta, anchor as Tensor) : undefined;
  if (anchored !== 0) q = sub(q, mul(offset as Tensor, anchored));
  if (cautiousDecoupled !== 0) {
    const amount = mul(theta, cautiousDecoupled);
    q = sub(q, where(greaterEqual(mul(direction as Tensor, theta), 0), amount, zerosLike(amount)));
  }
  if (cautiousAnchored !== 0) {
    const amount = mul(offset as Tensor, cautiousAnchored);
    q = sub(q, where(greaterEqual(mul(direction as Tensor, offset as Tensor), 0), amount, zerosLike(amount)));
  }
  return q;
}

/**
 * Step 5: proximal L1, θ ← sign(θ)·max(|θ| − Σc, 0) (thresholds of several
 * terms added, as core does), which leaves exact zeros. Must run inside `tidy`.
 */
export function proximalShrink(terms: readonly AppliedTerm[], scalars: readonly TermScalars[], theta: Tensor): Tensor {
  let threshold = 0;
  for (const { index, term } of terms) if (isProximal(term)) threshold += scalars[index].coefficient;
  if (threshold === 0) return theta;
  return mul(sign(theta), relu(sub(abs(theta), threshold)));
}

/**
 * The penalty of one parameter at λ_t: `l2` λ/2·Σθ², `l1` λ·Σ|θ| with either
 * method (both minimise the same λ·‖θ‖₁), the definition of core's
 * `coupledPenalty`; other terms are ignored. Must run inside `tidy`.
 */
export function coupledPenaltyTensor(terms: readonly AppliedTerm[], scalars: readonly TermScalars[], theta: Tensor): Scalar | undefined {
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
export function countZeros(theta: Tensor): Scalar {
  return sum(cast(equal(theta, 0), 'float32'));
}
