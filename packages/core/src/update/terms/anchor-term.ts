import type { UpdateOps } from '../ops/update-ops.js';
import { cautiousAmount } from './decoupled-term.js';

/** θ_t − θ₀: what an `anchor` term (L2-SP) decays, toward the reference θ₀. */
export function anchorOffset<T, C>(ops: UpdateOps<T, C>, theta: T, anchor: T): T {
  return ops.sub(theta, anchor);
}

/** `anchor`: c·(θ_t − θ₀). */
export function anchorShrink<T, C>(ops: UpdateOps<T, C>, offset: T, coefficient: T): T {
  return ops.mul(coefficient, offset);
}

/**
 * Cautious `anchor`: c·(θ_t − θ₀) where u·(θ_t − θ₀) ≥ 0, i.e. where the step
 * already moves θ toward θ₀, the anchor's "zero".
 */
export function cautiousAnchorShrink<T, C>(ops: UpdateOps<T, C>, offset: T, direction: T, coefficient: T): T {
  return cautiousAmount(ops, direction, offset, ops.mul(coefficient, offset));
}
