import type { ResolvedAdadeltaConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * PyTorch Adadelta (docs/guides/config-1.1.md, "New optimizers"):
 * v ← ρ·v + (1−ρ)·g²; u = √(a + ε)/√(v + ε)·g; a ← ρ·a + (1−ρ)·u²;
 * θ ← θ − η·u, in PyTorch's operation order.
 */
export const adadelta = defineOptimizer<ResolvedAdadeltaConfig, Record<string, never>>({
  type: 'adadelta',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['squareAverage', 'deltaAverage'],
  initialSlotValue: () => 0,
  scalars(config, learningRate) {
    return { learningRate, rho: config.rho, gradientWeight: 1 - config.rho, epsilon: config.epsilon };
  },
  step(ops, _variant, gradient, slots, s) {
    const squareAverage = movingAverage(ops, slots[0], s.rho, ops.mul(s.gradientWeight, gradient), gradient);
    const u = ops.mul(ops.div(ops.sqrt(ops.add(slots[1], s.epsilon)), ops.sqrt(ops.add(squareAverage, s.epsilon))), gradient);
    const deltaAverage = movingAverage(ops, slots[1], s.rho, ops.mul(s.gradientWeight, u), u);
    // u is g times a positive factor: it has the sign of g.
    return { direction: gradient, delta: ops.mul(s.learningRate, u), slots: [squareAverage, deltaAverage] };
  },
});
