import type { ResolvedAdamConfig } from '../../config/index.js';
import { adamMoments, defineOptimizer, momentScalars } from './optimizer-definition.js';

/**
 * PyTorch Adam (decay-contract.md, "The optimizers"), k = the parameter's
 * update number: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², with AMSGrad
 * v̄ ← max(v̄, v) on the raw v; θ ← θ − s·m/(√v/√(1−β2^k) + ε), s = η/(1−β1^k).
 *
 * The step is computed as m / (√v·a + b) with a = 1/(s·√(1−β2^k)) and
 * b = ε/s, the same quantity with s folded into the per-step scalars: one
 * multiplication and one division fewer per element than PyTorch's
 * formulation, which is one pass fewer over the parameter for tensor backends
 * and one division fewer in the fused loop; the results differ by a few ulps.
 * At s = 0 (η = 0) a = 0 and b = +∞, so the step is exactly 0.
 */
export const adam = defineOptimizer<ResolvedAdamConfig, { amsgrad: boolean }>({
  type: 'adam',
  variants: [{ amsgrad: false }, { amsgrad: true }],
  variantOf: (config) => ({ amsgrad: config.amsgrad }),
  slotNames: (variant) => (variant.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v']),
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    const k = parameterStep + 1;
    const stepSize = learningRate / (1 - config.beta1 ** k);
    const stopped = stepSize === 0;
    return {
      denominatorScale: stopped ? 0 : 1 / (stepSize * Math.sqrt(1 - config.beta2 ** k)),
      denominatorShift: stopped ? Infinity : config.epsilon / stepSize,
      ...momentScalars(config.beta1, config.beta2),
    };
  },
  step(ops, variant, gradient, slots, s) {
    const [m, v] = adamMoments(ops, slots[0], slots[1], gradient, s);
    // AMSGrad keeps the running maximum of the raw v, before bias correction (PyTorch).
    const second = variant.amsgrad ? ops.max(slots[2], v) : v;
    const delta = ops.div(m, ops.add(ops.mul(ops.sqrt(second), s.denominatorScale), s.denominatorShift));
    // u = m̂/(√v̂ + ε) has the sign of m.
    return { direction: m, delta, slots: variant.amsgrad ? [m, v, second] : [m, v] };
  },
});
