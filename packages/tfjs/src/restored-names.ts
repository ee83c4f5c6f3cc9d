import { sameShape } from './gradient-list.js';
import { withoutUniqueSuffix } from './variable-terms.js';

/**
 * Restored state is keyed by the names the variables had when it was saved.
 * Loading a model whose weight names already exist in this process makes
 * tfjs-layers rename them (`dense_Dense1/kernel` → `dense_Dense1/kernel_1`).
 * A variable with no state of its own therefore takes the first unclaimed
 * restored entry whose name equals its own once such a `_<n>` suffix is
 * removed from both, and whose shape equals its shape. The entry is renamed in
 * place (keeping its position, which fixes getWeights order).
 *
 * @param entries - State by variable name; renamed in place.
 * @param unclaimed - Restored names no update has used yet; updated in place.
 * @param name - The variable being updated.
 * @param shape - Its shape.
 * @param shapeOf - The shape a state entry belongs to.
 */
export function claimRestoredEntry<V>(
  entries: Map<string, V>,
  unclaimed: Set<string>,
  name: string,
  shape: readonly number[],
  shapeOf: (entry: V) => readonly number[],
): void {
  if (unclaimed.size === 0) return;
  if (entries.has(name)) {
    unclaimed.delete(name);
    return;
  }
  const base = withoutUniqueSuffix(name);
  for (const candidate of unclaimed) {
    const entry = entries.get(candidate);
    if (entry === undefined || withoutUniqueSuffix(candidate) !== base || !sameShape(shapeOf(entry), shape)) continue;
    unclaimed.delete(candidate);
    const renamed = [...entries.entries()].map(([key, value]): [string, V] => [key === candidate ? name : key, value]);
    entries.clear();
    for (const [key, value] of renamed) entries.set(key, value);
    return;
  }
}
