import type { ResolvedOptimizerConfig } from '../../config/index.js';
import type { UpdateOps } from '../ops/update-ops.js';
import { optimizerOf } from '../optimizers/index.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';
import { decayPresence } from '../terms/decay-coefficients.js';
import { updateProgram } from './update-program.js';
import type { UpdateInputs, UpdateOutputs } from './update-program.js';

/**
 * One update of one parameter on a backend whose values accept plain numbers
 * as scalar operands (the float64 interpreter, tfjs tensors): the optimizer's
 * scalars for this step, then the update program with exactly the kinds of
 * decay that act (a zero coefficient does no work).
 *
 * @param ops - The backend's operations.
 * @param optimizer - A resolved optimizer config.
 * @param inputs - θ_t, g, the slots in `optimizerSlotNames` order and θ₀.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter (PyTorch's per-parameter `state['step']`).
 * @param coefficients - The parameter's decay coefficients (`decayCoefficients`).
 * @returns θ_{t+1} and the new slots.
 */
export function runUpdate<T, C>(
  ops: UpdateOps<T | number, C>,
  optimizer: ResolvedOptimizerConfig,
  inputs: UpdateInputs<T>,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): UpdateOutputs<T | number> {
  const { definition, variant } = optimizerOf(optimizer);
  const scalars = definition.scalars(optimizer, learningRate, parameterStep);
  return updateProgram(ops, definition, variant, decayPresence(coefficients), inputs, scalars, coefficients);
}
