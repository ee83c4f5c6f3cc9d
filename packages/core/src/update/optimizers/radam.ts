import type { ResolvedRadamConfig } from '../../config/index.js';
import { adamMoments, defineOptimizer, momentScalars } from './optimizer-definition.js';

/**
 * PyTorch RAdam (docs/guides/config-1.1.md, "New optimizers"), k = the
 * parameter's update number: m, v as Adam; ρ_∞ = 2/(1−β2) − 1,
 * ρ_k = ρ_∞ − 2k·β2^k/(1−β2^k). While ρ_k ≤ 5 the variance of the adaptive
 * step is undefined and θ ← θ − η·m/(1−β1^k); after, θ ← θ − η·m̂·r·√(1−β2^k)/(√v + ε)
 * with the rectification r.
 *
 * Both branches are m / (√v·a + b) with per-step scalars (as Adam's step):
 * rectified, a = (1−β1^k)/(η·r·√(1−β2^k)) and b = ε·a; not,
 * a = 0 and b = (1−β1^k)/η. The branch depends on k alone, so it is decided
 * here, once per step, and the element-wise step has no branch. At η = 0,
 * a = 0 and b = +∞: the step is exactly 0.
 */
export const radam = defineOptimizer<ResolvedRadamConfig, Record<string, never>>({
  type: 'radam',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['m', 'v'],
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    const k = parameterStep + 1;
    const { beta1, beta2, epsilon } = config;
    const biasCorrection1 = 1 - beta1 ** k;
    const biasCorrection2 = 1 - beta2 ** k;
    const rhoInfinity = 2 / (1 - beta2) - 1;
    const rho = rhoInfinity - (2 * k * beta2 ** k) / biasCorrection2;
    const moments = momentScalars(beta1, beta2);
    if (learningRate === 0) return { ...moments, denominatorScale: 0, denominatorShift: Infinity };
    if (!(rho > 5)) return { ...moments, denominatorScale: 0, denominatorShift: biasCorrection1 / learningRate };
    const rectification = Math.sqrt(((rho - 4) * (rho - 2) * rhoInfinity) / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
    // ε is added to √v itself, not to the bias-corrected √v̂ as in Adam: both terms carry the same scale.
    const denominatorScale = biasCorrection1 / (learningRate * rectification * Math.sqrt(biasCorrection2));
    return { ...moments, denominatorScale, denominatorShift: epsilon * denominatorScale };
  },
  step(ops, _variant, gradient, slots, s) {
    const [m, v] = adamMoments(ops, slots[0], slots[1], gradient, s);
    const delta = ops.div(m, ops.add(ops.mul(ops.sqrt(v), s.denominatorScale), s.denominatorShift));
    // Both branches step along m̂ times a positive factor: u has the sign of m.
    return { direction: m, delta, slots: [m, v] };
  },
});
