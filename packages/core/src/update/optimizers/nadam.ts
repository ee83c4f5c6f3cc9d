import type { ResolvedNadamConfig } from '../../config/index.js';
import { adamMoments, defineOptimizer, momentScalars } from './optimizer-definition.js';

/**
 * μ_i = β1·(1 − ½·0.96^(i·ψ)), NAdam's momentum schedule.
 */
function momentumAt(beta1: number, momentumDecay: number, i: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** (i * momentumDecay));
}

/**
 * The last product computed per (β1, ψ), so that consecutive steps extend it
 * by one factor instead of multiplying k factors again.
 */
const lastProducts = new Map<string, { k: number; product: number }>();

/**
 * P_k = Π_{i≤k} μ_i, multiplied in the order i = 1, 2, …, k.
 *
 * PyTorch keeps P as state (`mu_product`, multiplied by μ_k at every step); the
 * same product in the same order from the parameter's step count gives the
 * same number, so it is a per-step scalar here and not a slot: one fewer
 * thing to save, restore and convert between backends, and a checkpoint
 * holds m and v only. The cache makes it one multiplication per step when
 * steps come in order (a smaller k starts again from i = 1); the factors are
 * multiplied in the same order either way, so the result does not depend on
 * which steps were asked before. The loop is bounded: μ_i ≤ β1 < 1, so the
 * product underflows to 0 within about 745/(1−β1) factors, and stays 0.
 */
function momentumProduct(beta1: number, momentumDecay: number, k: number): number {
  const key = `${beta1},${momentumDecay}`;
  const last = lastProducts.get(key);
  let i = 0;
  let product = 1;
  if (last !== undefined && last.k <= k) ({ k: i, product } = last);
  for (; i < k && product !== 0; i++) product *= momentumAt(beta1, momentumDecay, i + 1);
  // A handful of (β1, ψ) pairs are in use at once; forget them all rather than grow without bound.
  if (lastProducts.size >= 64) lastProducts.clear();
  lastProducts.set(key, { k, product });
  return product;
}

/**
 * NAdam as PyTorch ≥ 2.0 computes it (docs/guides/config-1.1.md, "New
 * optimizers"), k = the parameter's update number, ψ = momentumDecay:
 * μ_k = β1(1 − ½·0.96^(k·ψ)); P_k = Π_{i≤k} μ_i; m, v as Adam;
 * d = √(v/(1−β2^k)) + ε;
 * θ ← θ − η·(1−μ_k)/(1−P_k)·g/d − η·μ_{k+1}/(1−P_k·μ_{k+1})·m/d.
 * PyTorch 1.13 writes P_k·μ_k·μ_{k+1} in the second denominator, a bug fixed
 * in 2.0; this is the fixed formula.
 *
 * The step is (c1·g + c2·m) / (√v·a + b) with c1, c2 the two coefficients
 * above and, as in Adam's step, a = 1/(η·√(1−β2^k)) and b = ε/η folded from η
 * and the bias correction; at η = 0, a = 0 and b = +∞, so the step is 0.
 */
export const nadam = defineOptimizer<ResolvedNadamConfig, Record<string, never>>({
  type: 'nadam',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['m', 'v'],
  initialSlotValue: () => 0,
  scalars(config, learningRate, parameterStep) {
    const k = parameterStep + 1;
    const { beta1, beta2, epsilon, momentumDecay } = config;
    const mu = momentumAt(beta1, momentumDecay, k);
    const muNext = momentumAt(beta1, momentumDecay, k + 1);
    const product = momentumProduct(beta1, momentumDecay, k);
    const stopped = learningRate === 0;
    return {
      ...momentScalars(beta1, beta2),
      gradientCoefficient: (1 - mu) / (1 - product),
      momentumCoefficient: muNext / (1 - product * muNext),
      denominatorScale: stopped ? 0 : 1 / (learningRate * Math.sqrt(1 - beta2 ** k)),
      denominatorShift: stopped ? Infinity : epsilon / learningRate,
    };
  },
  step(ops, _variant, gradient, slots, s) {
    const [m, v] = adamMoments(ops, slots[0], slots[1], gradient, s);
    // u = (c1·g + c2·m)/d, d > 0: the numerator has the sign of u.
    const direction = ops.add(ops.mul(s.gradientCoefficient, gradient), ops.mul(s.momentumCoefficient, m));
    const delta = ops.div(direction, ops.add(ops.mul(ops.sqrt(v), s.denominatorScale), s.denominatorShift));
    return { direction, delta, slots: [m, v] };
  },
});
