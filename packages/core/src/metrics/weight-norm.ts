/**
 * The Euclidean norm of all given arrays together, √(Σθ²), summed in float64.
 *
 * @param arrays - Any number of arrays, e.g. `Object.values(params)`.
 * @returns The norm; 0 when there are no elements.
 */
export function weightNorm(arrays: Iterable<ArrayLike<number>>): number {
  let sum = 0;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  }
  return Math.sqrt(sum);
}
