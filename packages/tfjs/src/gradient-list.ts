import { engine } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import { ParameterError } from '@weight-decay/core';

/** A tensor with a name, as tfjs's `applyGradients` and `getWeights` use (tfjs-core does not export its own alias). */
export interface NamedTensor {
  /** The variable or weight name. */
  name: string;
  /** The tensor. */
  tensor: Tensor;
}

/** One gradient matched to the variable it updates. */
export interface VariableGradient {
  /** The variable's name (its key in the engine's registry). */
  name: string;
  /** The variable to update. */
  variable: Variable;
  /** Its gradient. */
  gradient: Tensor;
}

/**
 * Reads the argument of `applyGradients` (a NamedTensorMap or a NamedTensor[])
 * into a list, checking everything before anything is changed: each name is a
 * registered variable, appears once, and its gradient is a float32 tensor of
 * the variable's shape. Entries whose gradient is null or undefined are skipped,
 * as tfjs's own optimizers skip them (`minimize` with a varList can produce them).
 *
 * @throws ParameterError naming the offending variable.
 */
export function readGradients(variableGradients: NamedTensorMap | NamedTensor[]): VariableGradient[] {
  if (variableGradients == null || typeof variableGradients !== 'object') {
    throw new ParameterError('(gradients)', 'applyGradients needs a NamedTensorMap or a NamedTensor[]');
  }
  const entries: Array<[string, Tensor | null | undefined]> = Array.isArray(variableGradients)
    ? variableGradients.map((entry, i) => {
        if (entry == null || typeof entry.name !== 'string') {
          throw new ParameterError(`(gradients[${i}])`, 'expected a NamedTensor {name, tensor}');
        }
        return [entry.name, entry.tensor];
      })
    : Object.entries(variableGradients);
  const registered = engine().registeredVariables;
  const seen = new Set<string>();
  const result: VariableGradient[] = [];
  for (const [name, gradient] of entries) {
    if (seen.has(name)) throw new ParameterError(name, 'has more than one gradient in this update');
    seen.add(name);
    if (gradient == null) continue;
    const variable = registered[name];
    if (variable === undefined) {
      throw new ParameterError(name, 'is not a registered tf.Variable (was it disposed, or is the name misspelled?)');
    }
    if (variable.isDisposed) throw new ParameterError(name, 'the variable has been disposed');
    if (typeof gradient !== 'object' || !Array.isArray(gradient.shape) || gradient.isDisposed) {
      throw new ParameterError(name, 'the gradient is not a live tf.Tensor');
    }
    if (!sameShape(gradient.shape, variable.shape)) {
      throw new ParameterError(
        name,
        `gradient shape [${gradient.shape.join(', ')}] differs from the variable's shape [${variable.shape.join(', ')}]`,
      );
    }
    if (variable.dtype !== 'float32')
      throw new ParameterError(name, `only float32 variables can be trained, this one is ${variable.dtype}`);
    if (gradient.dtype !== 'float32') throw new ParameterError(name, `gradient dtype must be float32, received ${gradient.dtype}`);
    result.push({ name, variable, gradient });
  }
  return result;
}

/** Element-wise shape equality. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
