import { engine } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { StateError } from '@weight-decay/core';
import { sameShape } from './gradient-list.js';
import type { NamedTensor } from './gradient-list.js';

/** Suffix of a variable's step count in saved weights (`<name>/step`). */
export const stepSuffix = 'step';
/** Suffix of a variable's θ₀ in saved weights (`<name>/anchor`). */
export const anchorSuffix = 'anchor';
/** Suffix of a variable's averaged weights (`<name>/average`, config `average`). */
export const averageSuffix = 'average';
/** Suffix of how many updates that average holds (`<name>/averaged`, an int32 scalar). */
export const averagedSuffix = 'averaged';

/**
 * The `iter` scalar every saved optimizer state starts with (tfjs convention).
 *
 * @throws StateError when it is missing, not first, or not a non-negative integer scalar.
 */
export async function readIterations(weightValues: readonly NamedTensor[]): Promise<number> {
  if (!Array.isArray(weightValues) || weightValues.length === 0 || weightValues[0]?.name !== 'iter') {
    throw new StateError('weights[0]', 'expected the "iter" scalar first');
  }
  return readCount(weightValues[0].tensor, 'weights["iter"]');
}

/** One variable's saved state, checked. */
export interface SavedVariable {
  /** Updates applied to it. */
  step: number;
  /** Its shape (the live variable's, when it exists). */
  shape: number[];
  /** Slot tensors in slot order. */
  slots: Tensor[];
  /** θ₀, when saved. */
  anchor?: Tensor;
  /** The averaged weights, when saved. */
  average?: Tensor;
  /** Updates the average holds (0 without one). */
  averaged: number;
}

/**
 * Reads a saved non-negative integer scalar (`iter`, a step or an average count).
 *
 * @throws StateError at `path` when it is not one.
 */
async function readCount(value: Tensor, path: string): Promise<number> {
  const count = Number((await value.data())[0]);
  if (value.size !== 1 || !Number.isInteger(count) || count < 0) {
    throw new StateError(path, `expected a non-negative integer scalar, received ${count}`);
  }
  return count;
}

/**
 * A saved average and its count, checked together: both or neither, the
 * count in [1, step].
 *
 * @param average - `<name>/average`, if saved.
 * @param averagedTensor - `<name>/averaged`, if saved.
 * @param step - The variable's saved step.
 * @param path - The weight path of a suffix.
 * @throws StateError naming the weight.
 */
export async function readSavedAverage(
  average: Tensor | undefined,
  averagedTensor: Tensor | undefined,
  step: number,
  path: (suffix: string) => string,
): Promise<number> {
  if (average === undefined && averagedTensor === undefined) return 0;
  if (average === undefined) throw new StateError(path(averageSuffix), `missing (${averagedSuffix} is saved)`);
  if (averagedTensor === undefined) throw new StateError(path(averagedSuffix), `missing (${averageSuffix} is saved)`);
  const averaged = await readCount(averagedTensor, path(averagedSuffix));
  if (averaged < 1 || averaged > step) {
    throw new StateError(path(averagedSuffix), `expected an integer in [1, ${step}] (the updates averaged), received ${averaged}`);
  }
  return averaged;
}

/**
 * Reads `<name>/<slot>`, `<name>/step` and `<name>/anchor` entries (after
 * `iter`) into per-variable state, checking every name, shape and dtype
 * before anything is used.
 *
 * @param weightValues - What `getWeights` produced, `iter` first.
 * @param slotNamesOf - The slots of the optimizer a variable runs (its group's), by name and shape.
 * @throws StateError naming the offending weight.
 */
export async function readSavedVariables(
  weightValues: readonly NamedTensor[],
  slotNamesOf: (variableName: string, shape: readonly number[]) => readonly string[],
): Promise<Map<string, SavedVariable>> {
  const parsed = new Map<string, Record<string, Tensor>>();
  for (const { name, tensor: value } of weightValues.slice(1)) {
    const cut = name.lastIndexOf('/');
    const variableName = name.slice(0, cut);
    const suffix = name.slice(cut + 1);
    if (cut <= 0) throw new StateError(`weights[${JSON.stringify(name)}]`, 'not a weight of this optimizer (expected <variable>/<slot>)');
    const entry = parsed.get(variableName) ?? {};
    if (entry[suffix] !== undefined) throw new StateError(`weights[${JSON.stringify(name)}]`, 'appears twice');
    entry[suffix] = value;
    parsed.set(variableName, entry);
  }
  const registeredVariables = engine().registeredVariables;
  const result = new Map<string, SavedVariable>();
  for (const [variableName, entry] of parsed) {
    const path = (suffix: string): string => `weights[${JSON.stringify(`${variableName}/${suffix}`)}]`;
    const stepTensor = entry[stepSuffix];
    if (stepTensor === undefined) throw new StateError(path(stepSuffix), 'missing');
    const step = await readCount(stepTensor, path(stepSuffix));
    const averaged = await readSavedAverage(entry[averageSuffix], entry[averagedSuffix], step, path);
    const live = registeredVariables[variableName];
    const other = Object.keys(entry).find((suffix) => suffix !== stepSuffix && suffix !== averagedSuffix);
    const shape = live !== undefined ? [...live.shape] : [...(other === undefined ? stepTensor : entry[other]).shape];
    // With `groups`, each variable has the slots of its own group's optimizer.
    const slotNames = slotNamesOf(variableName, shape);
    const allowed = new Set([...slotNames, stepSuffix, anchorSuffix, averageSuffix, averagedSuffix]);
    for (const suffix of Object.keys(entry)) {
      if (!allowed.has(suffix)) throw new StateError(path(suffix), `not a weight of this optimizer (slots: ${[...allowed].join(', ')})`);
    }
    const slots = slotNames.map((slot) => {
      const value = entry[slot];
      if (value === undefined) throw new StateError(path(slot), 'missing');
      return value;
    });
    for (const [suffix, value] of Object.entries(entry)) {
      if (suffix === stepSuffix || suffix === averagedSuffix) continue;
      if (!sameShape(value.shape, shape)) {
        throw new StateError(path(suffix), `shape [${value.shape.join(', ')}] differs from the variable's [${shape.join(', ')}]`);
      }
      if (value.dtype !== 'float32') throw new StateError(path(suffix), `dtype must be float32, received ${value.dtype}`);
    }
    result.set(variableName, { step, shape, slots, anchor: entry[anchorSuffix], average: entry[averageSuffix], averaged });
  }
  return result;
}
