/**
 * The fraction of elements that are exactly zero (±0), e.g. the sparsity that
 * proximal L1 produces.
 *
 * @param arrays - Any number of arrays, e.g. `Object.values(params)`.
 * @returns Exact zeros divided by the element count; 0 when there are no elements.
 */
export function zeroFraction(arrays: Iterable<ArrayLike<number>>): number {
  let zeros = 0;
  let total = 0;
  for (const values of arrays) {
    total += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}
