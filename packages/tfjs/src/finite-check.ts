import { ParameterError } from '@weight-decay/core';
import type { VariableGradient } from './gradient-list.js';

/**
 * Throws a ParameterError naming the first variable whose gradient holds NaN
 * or ±Infinity. Downloads every gradient, so it is opt-in.
 */
export function checkFiniteGradients(gradients: readonly VariableGradient[]): void {
  for (const { name, gradient } of gradients) {
    const values = gradient.dataSync() as Float32Array;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new ParameterError(name, `gradient element ${i} is ${values[i]}; nothing was updated`);
      }
    }
  }
}
