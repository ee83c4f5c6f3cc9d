import type { ResolvedOptimizerConfig } from '../../config/index.js';
import type { FloatArray, Precision } from '../float-array.js';
import { optimizerOf } from '../optimizers/index.js';
import { variantKey } from '../optimizers/optimizer-definition.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';
import { decayPresence } from '../terms/decay-coefficients.js';
import type { ArrayKernel } from './array-kernel.js';
import { kernels as float32Kernels } from './generated/float32-kernels.js';
import { kernels as float64Kernels } from './generated/float64-kernels.js';
import { decayVariantOf, decayVariants, kernelKey } from './kernel-variants.js';

/** One parameter's arrays, all of one precision and one length. */
export interface ParameterArrays<A extends FloatArray = FloatArray> {
  /** θ, updated in place. */
  theta: A;
  /** g, read only. */
  gradient: A;
  /** The optimizer's slots in `optimizerSlotNames` order, updated in place. */
  slots: readonly A[];
  /** θ₀, needed when an anchor term touches the parameter. */
  anchor?: A;
}

/**
 * One update of one parameter's arrays, in place.
 *
 * @param arrays - θ, g, slots and θ₀.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter.
 * @param coefficients - Its decay coefficients this update (`decayCoefficients`).
 */
export type ArrayUpdate<A extends FloatArray = FloatArray> = (
  arrays: ParameterArrays<A>,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
) => void;

/**
 * The update program for one optimizer config on typed arrays, running the
 * fused loops generated from it at build time (float32: each store rounds,
 * arithmetic is in float64; float64: the reference). Inputs are not checked
 * here: the caller (the `Updater`, an adapter) validates lengths first.
 *
 * @param optimizer - A resolved optimizer config.
 * @param precision - The arrays' type.
 */
export function createArrayUpdate(optimizer: ResolvedOptimizerConfig, precision: Precision): ArrayUpdate {
  const { definition, variant } = optimizerOf(optimizer);
  const table = (precision === 'float32' ? float32Kernels : float64Kernels) as Readonly<Record<string, ArrayKernel<FloatArray>>>;
  const key = variantKey(variant);
  const byDecay = {
    plain: table[kernelKey(definition.type, key, 'plain')],
    full: table[kernelKey(definition.type, key, 'full')],
    anchored: table[kernelKey(definition.type, key, 'anchored')],
  };
  for (const name of Object.keys(decayVariants) as (keyof typeof decayVariants)[]) {
    if (byDecay[name] === undefined)
      throw new Error(`no generated kernel ${kernelKey(definition.type, key, name)}: rebuild @weight-decay/core`);
  }
  return (arrays, learningRate, parameterStep, coefficients) => {
    const kernel = byDecay[decayVariantOf(decayPresence(coefficients))];
    const scalars = definition.scalars(optimizer, learningRate, parameterStep);
    kernel(arrays.theta.length, arrays.theta, arrays.gradient, arrays.slots, arrays.anchor, scalars, coefficients);
  };
}
