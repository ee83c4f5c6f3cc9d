import type { ResolvedSgdConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * PyTorch SGD (decay-contract.md, "The optimizers"): with momentum μ > 0 the
 * buffer b ← μ·b + (1−τ)·g, except at a parameter's first update where
 * b ← g (PyTorch clones g); u = b, or g + μ·b with Nesterov. θ ← θ − η·u.
 */
export const sgd = defineOptimizer<ResolvedSgdConfig, { momentum: boolean; nesterov: boolean }>({
  type: 'sgd',
  variants: [
    { momentum: false, nesterov: false },
    { momentum: true, nesterov: false },
    { momentum: true, nesterov: true },
  ],
  variantOf: (config) => ({ momentum: config.momentum > 0, nesterov: config.momentum > 0 && config.nesterov }),
  slotNames: (variant) => (variant.momentum ? ['momentum'] : []),
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    const first = parameterStep === 0;
    // At the first update 0·b + 1·g is g exactly (b starts at 0), which is PyTorch's clone.
    return {
      learningRate,
      momentum: config.momentum,
      bufferDecay: first ? 0 : config.momentum,
      gradientWeight: first ? 1 : 1 - config.dampening,
    };
  },
  step(ops, variant, gradient, slots, s) {
    if (!variant.momentum) return { direction: gradient, delta: ops.mul(s.learningRate, gradient), slots: [] };
    const buffer = movingAverage(ops, slots[0], s.bufferDecay, s.gradientWeight, gradient);
    const direction = variant.nesterov ? ops.add(gradient, ops.mul(s.momentum, buffer)) : buffer;
    return { direction, delta: ops.mul(s.learningRate, direction), slots: [buffer] };
  },
});
