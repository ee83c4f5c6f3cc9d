import type { UpdateOps } from '../ops/update-ops.js';

/**
 * `decoupled` (AdamW-style): θ_t·(1 − Σc), PyTorch AdamW's `p.mul_(1 − lr·wd)`;
 * `keep` is 1 − Σc over the plain decoupled terms.
 */
export function decoupledKeep<T, C>(ops: UpdateOps<T, C>, theta: T, keep: T): T {
  return ops.mul(theta, keep);
}

/**
 * A cautious term's shrink: `amount` where the step direction agrees with
 * what the term shrinks (u·toward ≥ 0: the step already moves θ that way,
 * Cautious Weight Decay, arXiv 2510.12402), else 0.
 */
export function cautiousAmount<T, C>(ops: UpdateOps<T, C>, direction: T, toward: T, amount: T): T {
  return ops.select(ops.greaterEqual(ops.mul(direction, toward), ops.constant(0)), amount, ops.constant(0));
}

/** Cautious `decoupled`: c·θ_t where u·θ_t ≥ 0. */
export function cautiousDecoupledShrink<T, C>(ops: UpdateOps<T, C>, theta: T, direction: T, coefficient: T): T {
  return cautiousAmount(ops, direction, theta, ops.mul(coefficient, theta));
}
