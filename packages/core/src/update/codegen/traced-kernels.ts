import type { ResolvedOptimizerConfig } from '../../config/index.js';
import { decayVariants } from '../kernels/kernel-variants.js';
import type { DecayVariant } from '../kernels/kernel-variants.js';
import { optimizerOf } from '../optimizers/index.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';
import { traceUpdate } from './kernel-source.js';
import type { TracedUpdate } from './kernel-source.js';

/**
 * One optimizer config's update program traced once per decay variant: what a
 * backend that emits its own kernels at run time (a wasm module, shaders)
 * compiles. The variant a step needs is `decayVariantOf(decayPresence(c))`.
 *
 * @param optimizer - A resolved optimizer config.
 */
export function traceDecayVariants(optimizer: ResolvedOptimizerConfig): Record<DecayVariant, TracedUpdate> {
  const { definition, variant } = optimizerOf(optimizer);
  const traced = (name: DecayVariant): TracedUpdate => traceUpdate(definition, variant, decayVariants[name]);
  return { plain: traced('plain'), full: traced('full'), anchored: traced('anchored') };
}

/**
 * The values of a traced kernel's scalar inputs for one update, in the order
 * of `names`: `s.<name>` is the optimizer's scalar of this step, `c.<name>`
 * the decay coefficient.
 *
 * @param names - The scalar inputs (`Tracer.scalar` names), e.g. `WasmLoop.scalars`.
 * @param optimizer - The resolved optimizer config the kernel was traced from.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter.
 * @param coefficients - Its decay coefficients this update.
 */
export function scalarInputValues(
  names: readonly string[],
  optimizer: ResolvedOptimizerConfig,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): number[] {
  const scalars = optimizerOf(optimizer).definition.scalars(optimizer, learningRate, parameterStep);
  return names.map((name) => {
    const value = name.startsWith('c.') ? coefficients[name.slice(2) as keyof DecayCoefficients] : scalars[name.slice(2)];
    if (value === undefined) throw new Error(`no value for the traced scalar ${name}`);
    return value;
  });
}
