import { ParameterError } from '../config/index.js';

/**
 * The values of a parameter a metric's plan names, from the params given to it.
 *
 * @param params - Parameter values by name.
 * @param name - The planned parameter.
 * @param metric - The metric, for the error message.
 * @throws ParameterError when the parameter is missing.
 */
export function plannedValues(params: Record<string, ArrayLike<number>>, name: string, metric: string): ArrayLike<number> {
  const values = params[name];
  if (values === undefined || values === null || typeof values.length !== 'number') {
    throw new ParameterError(name, `is missing from the params given to the ${metric}`);
  }
  return values;
}
