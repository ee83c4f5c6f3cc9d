import type { UpdateOps } from '../ops/update-ops.js';

/**
 * `l1` with method `subgradient` (coupled): adds λ·sign(θ_t) to the gradient,
 * with sign(0) = 0 as PyTorch's autograd of |θ| gives.
 */
export function l1SubgradientGradient<T, C>(ops: UpdateOps<T, C>, theta: T, coefficient: T): T {
  return ops.mul(coefficient, ops.sign(theta));
}
