import { scalar, tensor } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { StateError } from '@weight-decay/core';
import type { GradientWindowState } from '@weight-decay/core';
import type { GradientWindow } from '@weight-decay/core/adapter';
import type { NamedTensor } from './gradient-list.js';
import type { HeldSum } from './gradient-stage.js';

/** Saved-weight names of the `gradient` section's window (no variable name starts with `@`). */
const windowWeights = { microBatches: '@gradient/microBatches', skippedUpdates: '@gradient/skippedUpdates' } as const;
/** Suffix of a variable's held gradient sum in saved weights (`<name>/accumulator`). */
export const accumulatorSuffix = 'accumulator';

/**
 * The `gradient` section's state as named tensors: the window position, the
 * skip count and, while a window is open, each variable's held sum.
 *
 * @param own - Registers each new tensor for release by the next getWeights.
 */
export function gradientWeights(state: GradientWindowState, sums: ReadonlyMap<string, HeldSum>, own: (t: Tensor) => Tensor): NamedTensor[] {
  const weights: NamedTensor[] = [
    { name: windowWeights.microBatches, tensor: own(scalar(state.microBatches, 'int32')) },
    { name: windowWeights.skippedUpdates, tensor: own(scalar(state.skippedUpdates, 'int32')) },
  ];
  for (const [name, sum] of sums) {
    weights.push({ name: `${name}/${accumulatorSuffix}`, tensor: own(tensorOfSum(sum)) });
  }
  return weights;
}

function tensorOfSum(sum: HeldSum): Tensor {
  return tensor(Float32Array.from(sum.values), sum.shape, 'float32');
}

/**
 * Splits the entries {@link gradientWeights} wrote off `weightValues` and
 * checks them against `window` (StateError naming the weight); a state saved
 * without a `gradient` section reads as an empty window with no skips.
 */
export async function readGradientWeights(
  weightValues: readonly NamedTensor[],
  window: GradientWindow,
): Promise<{ rest: NamedTensor[]; state: GradientWindowState; sums: Map<string, HeldSum> }> {
  const rest: NamedTensor[] = [];
  const found: Record<string, number> = {};
  const sumTensors = new Map<string, Tensor>();
  for (const entry of weightValues) {
    if (entry?.name === windowWeights.microBatches || entry?.name === windowWeights.skippedUpdates) {
      const value = entry.tensor.size === 1 ? Number((await entry.tensor.data())[0]) : Number.NaN;
      found[entry.name === windowWeights.microBatches ? 'microBatches' : 'skippedUpdates'] = value;
    } else if (typeof entry?.name === 'string' && entry.name.endsWith(`/${accumulatorSuffix}`)) {
      const name = entry.name.slice(0, -accumulatorSuffix.length - 1);
      if (entry.tensor.dtype !== 'float32') {
        throw new StateError(`weights[${JSON.stringify(entry.name)}]`, `dtype must be float32, received ${entry.tensor.dtype}`);
      }
      sumTensors.set(name, entry.tensor);
    } else {
      rest.push(entry);
    }
  }
  const state = window.check({ microBatches: found.microBatches ?? 0, skippedUpdates: found.skippedUpdates ?? 0 }, 'weights["@gradient"]');
  if (state.microBatches === 0 && sumTensors.size > 0) {
    throw new StateError(
      `weights[${JSON.stringify(`${[...sumTensors.keys()][0]}/${accumulatorSuffix}`)}]`,
      'is not expected: the accumulation window is empty (@gradient/microBatches is 0)',
    );
  }
  const sums = new Map<string, HeldSum>();
  for (const [name, t] of sumTensors) sums.set(name, { shape: [...t.shape], values: Float32Array.from((await t.data()) as Float32Array) });
  return { rest, state, sums };
}
