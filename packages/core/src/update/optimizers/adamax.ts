import type { ResolvedAdamaxConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * PyTorch Adamax (docs/guides/config-1.1.md, "New optimizers"), k = the
 * parameter's update number: m ← β1·m + (1−β1)·g; w ← max(β2·w, |g| + ε);
 * θ ← θ − η/(1−β1^k)·m/w (PyTorch's `addcdiv_(exp_avg, exp_inf, value=−clr)`).
 */
export const adamax = defineOptimizer<ResolvedAdamaxConfig, Record<string, never>>({
  type: 'adamax',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['m', 'infinityNorm'],
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    return {
      stepSize: learningRate / (1 - config.beta1 ** (parameterStep + 1)),
      beta1: config.beta1,
      gradientWeight1: 1 - config.beta1,
      beta2: config.beta2,
      epsilon: config.epsilon,
    };
  },
  step(ops, _variant, gradient, slots, s) {
    const m = movingAverage(ops, slots[0], s.beta1, s.gradientWeight1, gradient);
    const infinityNorm = ops.max(ops.mul(s.beta2, slots[1]), ops.add(ops.abs(gradient), s.epsilon));
    const delta = ops.mul(s.stepSize, ops.div(m, infinityNorm));
    // u = m/w (w > 0) has the sign of m.
    return { direction: m, delta, slots: [m, infinityNorm] };
  },
});
