import type { UpdateOps } from '../ops/update-ops.js';

/**
 * `l1` with method `proximal`: the soft threshold sign(θ)·max(|θ| − c, 0),
 * which leaves exact zeros. A NaN θ stays NaN (as PyTorch's
 * sign(θ)·clamp(|θ|−c, min=0)): mapping it to an exact zero would hide a
 * diverged weight inside the sparsity figures.
 */
export function softThreshold<T, C>(ops: UpdateOps<T, C>, theta: T, threshold: T): T {
  const zero = ops.constant(0);
  const excess = ops.sub(ops.abs(theta), threshold);
  const shrunk = ops.select(ops.greater(theta, zero), excess, ops.neg(excess));
  return ops.select(ops.greater(excess, zero), shrunk, ops.select(ops.greaterEqual(zero, excess), zero, theta));
}
