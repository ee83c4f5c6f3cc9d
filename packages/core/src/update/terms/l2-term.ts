import type { UpdateOps } from '../ops/update-ops.js';

/**
 * `l2` (coupled): adds λ·θ_t to the gradient, the gradient of λ/2·Σθ²
 * (PyTorch's `weight_decay` on SGD, Adam, RMSprop, Adagrad).
 */
export function l2Gradient<T, C>(ops: UpdateOps<T, C>, theta: T, coefficient: T): T {
  return ops.mul(coefficient, theta);
}
