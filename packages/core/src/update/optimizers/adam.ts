import type { ResolvedAdamConfig } from '../../config/index.js';
import { defineOptimizer, movingAverage } from './optimizer-definition.js';

/**
 * PyTorch Adam (decay-contract.md, "The optimizers"), k = the parameter's
 * update number: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², with AMSGrad
 * v̄ ← max(v̄, v) on the raw v; θ ← θ − (η/(1−β1^k))·m / (√v·(1/√(1−β2^k)) + ε).
 *
 * PyTorch divides √v by √(1−β2^k); multiplying by the reciprocal, computed
 * once per step, differs by at most an ulp and saves one of the two divisions
 * that bound the fused loop's speed.
 */
export const adam = defineOptimizer<ResolvedAdamConfig, { amsgrad: boolean }>({
  type: 'adam',
  variants: [{ amsgrad: false }, { amsgrad: true }],
  variantOf: (config) => ({ amsgrad: config.amsgrad }),
  slotNames: (variant) => (variant.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v']),
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    const k = parameterStep + 1;
    return {
      stepSize: learningRate / (1 - config.beta1 ** k),
      inverseBc2Sqrt: 1 / Math.sqrt(1 - config.beta2 ** k),
      beta1: config.beta1,
      gradientWeight1: 1 - config.beta1,
      beta2: config.beta2,
      gradientWeight2: 1 - config.beta2,
      epsilon: config.epsilon,
    };
  },
  step(ops, variant, gradient, slots, s) {
    const m = movingAverage(ops, slots[0], s.beta1, s.gradientWeight1, gradient);
    const v = movingAverage(ops, slots[1], s.beta2, ops.mul(s.gradientWeight2, gradient), gradient);
    // AMSGrad keeps the running maximum of the raw v, before bias correction (PyTorch).
    const second = variant.amsgrad ? ops.max(slots[2], v) : v;
    const denominator = ops.add(ops.mul(ops.sqrt(second), s.inverseBc2Sqrt), s.epsilon);
    const delta = ops.div(ops.mul(s.stepSize, m), denominator);
    // u = m̂/(√v̂ + ε) has the sign of m.
    return { direction: m, delta, slots: variant.amsgrad ? [m, v, second] : [m, v] };
  },
});
