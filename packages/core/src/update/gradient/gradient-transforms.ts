/**
 * What config 1.1's `gradient` section does to g, as small pure transforms over
 * {@link UpdateOps} (docs/guides/config-1.1.md): the mean of an accumulation
 * window, the global norm N, the clip factor and the clip itself, and a probe
 * that tells a non-finite gradient apart. tfjs runs them on tensors; the typed
 * array form (gradient-arrays.ts) is tested equal to them on {@link float64Ops}.
 *
 * @packageDocumentation
 */
import type { GradientClip } from '../../config/index.js';
import type { UpdateOps } from '../ops/update-ops.js';

/** The ε PyTorch's `clip_grad_norm_` adds to the norm before dividing: max_norm / (N + 1e-6). */
export const clipNormEpsilon = 1e-6;

/** The sum of a window's micro-batch gradients plus one more. */
export function accumulateGradient<T>(ops: UpdateOps<T>, sum: T, g: T): T {
  return ops.add(sum, g);
}

/** g of an update that closes a window of `accumulate` micro-batches: their sum divided by the count. */
export function windowMean<T>(ops: UpdateOps<T>, sum: T, accumulate: number): T {
  return accumulate === 1 ? sum : ops.div(sum, ops.constant(accumulate));
}

/** N = √(Σ over parameters of Σg²), from each parameter's `sumOfSquares`. */
export function globalNorm<T>(ops: UpdateOps<T>, sumsOfSquares: readonly T[]): T {
  let total = ops.constant(0);
  for (const s of sumsOfSquares) total = ops.add(total, s);
  return ops.sqrt(total);
}

/** min(1, maxNorm / (norm + 1e-6)): what `clip_grad_norm_` multiplies g by. */
export function clipFactor<T>(ops: UpdateOps<T>, norm: T, maxNorm: number): T {
  return ops.min(ops.constant(1), ops.div(ops.constant(maxNorm), ops.add(norm, ops.constant(clipNormEpsilon))));
}

/**
 * One parameter's clipped gradient.
 *
 * @param ops - The backend's operations.
 * @param g - The parameter's gradient (the window mean).
 * @param clip - The config's clip.
 * @param globalFactor - For `global-norm`: {@link clipFactor} of the global norm N (ignored by the other types).
 */
export function clipGradient<T, C>(ops: UpdateOps<T, C>, g: T, clip: GradientClip, globalFactor: T): T {
  switch (clip.type) {
    case 'global-norm':
      return ops.mul(g, globalFactor);
    case 'norm':
      return ops.mul(g, clipFactor(ops, ops.sqrt(ops.sumOfSquares(g)), clip.maxNorm));
    case 'value': {
      // Selects rather than min/max: only a value beyond a bound moves, so a NaN stays NaN as with PyTorch's clamp_.
      const lo = ops.constant(-clip.maxValue);
      const hi = ops.constant(clip.maxValue);
      return ops.select(ops.greater(lo, g), lo, ops.select(ops.greater(g, hi), hi, g));
    }
  }
}

/**
 * A scalar that is NaN exactly when g holds a NaN or ±Infinity (Σ(g·0)²: a
 * finite element contributes 0, a non-finite one NaN), so backends that must
 * download to decide download one number. Unlike N it cannot overflow.
 */
export function nonFiniteProbe<T>(ops: UpdateOps<T>, g: T): T {
  return ops.sumOfSquares(ops.mul(g, ops.constant(0)));
}
