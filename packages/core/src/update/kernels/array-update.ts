import type { ResolvedOptimizerConfig } from '../../config/index.js';
import type { FloatArray, Precision } from '../float-array.js';
import { optimizerOf } from '../optimizers/index.js';
import { variantKey } from '../optimizers/optimizer-definition.js';
import type { AverageWeights } from '../average/weight-average.js';
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
  /** The averaged weights, updated in place when the update is given averaging weights. */
  average?: A;
}

/**
 * One update of one parameter's arrays, in place.
 *
 * @param arrays - θ, g, slots and θ₀.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter.
 * @param coefficients - Its decay coefficients this update (`decayCoefficients`).
 * @param averageWeights - When this update is averaged (`averageWeights`): `arrays.average`
 *   takes θ_{t+1} in the same pass over the elements.
 */
export type ArrayUpdate<A extends FloatArray = FloatArray> = (
  arrays: ParameterArrays<A>,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
  averageWeights?: AverageWeights,
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
  const kernelOf = (name: keyof typeof decayVariants, averaged: boolean): ArrayKernel<FloatArray> => {
    const kernel = table[kernelKey(definition.type, key, name, averaged)];
    if (kernel === undefined)
      throw new Error(`no generated kernel ${kernelKey(definition.type, key, name, averaged)}: rebuild @weight-decay/core`);
    return kernel;
  };
  const byDecay = Object.fromEntries(
    (Object.keys(decayVariants) as (keyof typeof decayVariants)[]).map((name) => [name, [kernelOf(name, false), kernelOf(name, true)]]),
  ) as Record<keyof typeof decayVariants, [ArrayKernel<FloatArray>, ArrayKernel<FloatArray>]>;
  return (arrays, learningRate, parameterStep, coefficients, averageWeights) => {
    const kernel = byDecay[decayVariantOf(decayPresence(coefficients))][averageWeights === undefined ? 0 : 1];
    const scalars = definition.scalars(optimizer, learningRate, parameterStep);
    kernel(
      arrays.theta.length,
      arrays.theta,
      arrays.gradient,
      arrays.slots,
      arrays.anchor,
      scalars,
      coefficients,
      arrays.average,
      averageWeights,
    );
  };
}
