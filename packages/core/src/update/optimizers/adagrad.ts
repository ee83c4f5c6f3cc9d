import type { ResolvedAdagradConfig } from '../../config/index.js';
import { defineOptimizer } from './optimizer-definition.js';

/**
 * PyTorch Adagrad (decay-contract.md, "The optimizers"): S ← S + g² (S starts
 * at `initialAccumulator`), θ ← θ − η/(1 + t·lrDecay)·g/(√S + ε), t = the
 * parameter's completed updates.
 */
export const adagrad = defineOptimizer<ResolvedAdagradConfig, Record<string, never>>({
  type: 'adagrad',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['sum'],
  initialSlotValue: (config) => config.initialAccumulator,
  scalars(config, learningRate, parameterStep) {
    return { decayedLearningRate: learningRate / (1 + parameterStep * config.lrDecay), epsilon: config.epsilon };
  },
  step(ops, _variant, gradient, slots, s) {
    const sum = ops.add(slots[0], ops.mul(gradient, gradient));
    const delta = ops.div(ops.mul(s.decayedLearningRate, gradient), ops.add(ops.sqrt(sum), s.epsilon));
    // u = g/(√S + ε) has the sign of g.
    return { direction: gradient, delta, slots: [sum] };
  },
});
