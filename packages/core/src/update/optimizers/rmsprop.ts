import type { ResolvedRmspropConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * PyTorch RMSprop (decay-contract.md, "The optimizers"): s ← α·s + (1−α)·g²;
 * centered: a ← α·a + (1−α)·g and den = √(s − a²) + ε, else √s + ε; with
 * momentum μ > 0, b ← μ·b + g/den and θ ← θ − η·b, else θ ← θ − η·g/den.
 */
export const rmsprop = defineOptimizer<ResolvedRmspropConfig, { centered: boolean; momentum: boolean }>({
  type: 'rmsprop',
  variants: [
    { centered: false, momentum: false },
    { centered: true, momentum: false },
    { centered: false, momentum: true },
    { centered: true, momentum: true },
  ],
  variantOf: (config) => ({ centered: config.centered, momentum: config.momentum > 0 }),
  slotNames: (variant) => ['squareAverage', ...(variant.centered ? ['gradAverage'] : []), ...(variant.momentum ? ['momentum'] : [])],
  initialSlotValue: () => 0,
  scalars(config, learningRate) {
    return { learningRate, alpha: config.alpha, gradientWeight: 1 - config.alpha, epsilon: config.epsilon, momentum: config.momentum };
  },
  step(ops, variant, gradient, slots, s) {
    const squareAverage = movingAverage(ops, slots[0], s.alpha, ops.mul(s.gradientWeight, gradient), gradient);
    const next = [squareAverage];
    let denominator: typeof squareAverage;
    if (variant.centered) {
      const gradAverage = movingAverage(ops, slots[1], s.alpha, s.gradientWeight, gradient);
      next.push(gradAverage);
      denominator = ops.add(ops.sqrt(ops.sub(squareAverage, ops.mul(gradAverage, gradAverage))), s.epsilon);
    } else {
      denominator = ops.add(ops.sqrt(squareAverage), s.epsilon);
    }
    if (variant.momentum) {
      const buffer = ops.add(ops.mul(s.momentum, slots[next.length]), ops.div(gradient, denominator));
      next.push(buffer);
      return { direction: buffer, delta: ops.mul(s.learningRate, buffer), slots: next };
    }
    // u = g/den has the sign of g.
    return { direction: gradient, delta: ops.div(ops.mul(s.learningRate, gradient), denominator), slots: next };
  },
});
