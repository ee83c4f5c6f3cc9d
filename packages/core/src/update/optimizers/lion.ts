import type { ResolvedLionConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * Lion (docs/guides/config-1.1.md, "New optimizers"; Chen et al. 2023, optax
 * `lion`): u = sign(β1·m + (1−β1)·g) with sign(0) = 0, then
 * m ← β2·m + (1−β2)·g; θ ← θ − η·u. One slot, and no weight decay of its own:
 * a `decoupled` term shrinks θ before the step, as Lion's `p.mul_(1 − η·λ)`.
 */
export const lion = defineOptimizer<ResolvedLionConfig, Record<string, never>>({
  type: 'lion',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['m'],
  initialSlotValue: () => 0,
  scalars(config, learningRate) {
    return {
      learningRate,
      beta1: config.beta1,
      gradientWeight1: 1 - config.beta1,
      beta2: config.beta2,
      gradientWeight2: 1 - config.beta2,
    };
  },
  step(ops, _variant, gradient, slots, s) {
    const direction = ops.sign(movingAverage(ops, slots[0], s.beta1, s.gradientWeight1, gradient));
    const m = movingAverage(ops, slots[0], s.beta2, s.gradientWeight2, gradient);
    return { direction, delta: ops.mul(s.learningRate, direction), slots: [m] };
  },
});
