import { engine, fill, tensor, variable } from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ResolvedOptimizerConfig } from '@weight-decay/core';
import { optimizerOf, runUpdate } from '@weight-decay/core/adapter';
import type { ArrayUpdate, DecayCoefficients } from '@weight-decay/core/adapter';
import { anchorTensor } from './anchor-values.js';
import type { PlannedGradient } from './decay-optimizer-base.js';
import { tensorOps } from './tensor-ops.js';
import { arrayAverageWeights, nextTensorAverage } from './variable-average.js';
import type { Averaging } from './variable-average.js';

/**
 * Where one variable's optimizer state lives, chosen once at its first update
 * (or restore) and kept:
 * - `tensor`: tf.Variables, updated by core's program in tfjs ops (every backend);
 * - `array`: Float32Arrays updated in place by core's generated float32 loops
 *   (the cpu backend, where tfjs's element-wise ops with scalar operands take a
 *   slow broadcasting path; see the README's Backends section).
 */
export type StateForm = 'tensor' | 'array';

/** `createOptimizer`'s `kernel` option. */
export type KernelMode = 'auto' | 'tensor' | 'kernel';

interface StateBase {
  /** Updates applied to this variable (PyTorch's per-parameter `state['step']`). */
  step: number;
  /** The variable's shape. */
  shape: number[];
  /** Updates its average holds (config `average`). */
  averaged: number;
}

/** State held as tensors. */
export interface TensorState extends StateBase {
  /** Discriminant. */
  form: 'tensor';
  /** Slots in `optimizerSlotNames` order. */
  slots: Variable[];
  /** θ₀. */
  anchor?: Variable;
  /** The averaged weights, once an update has been averaged. */
  average?: Variable;
}

/** State held as Float32Arrays. */
export interface ArrayState extends StateBase {
  /** Discriminant. */
  form: 'array';
  /** Slots in `optimizerSlotNames` order. */
  slots: Float32Array[];
  /** θ₀. */
  anchor?: Float32Array;
  /** The averaged weights, once an update has been averaged. */
  average?: Float32Array;
}

/** One variable's optimizer state. */
export type VariableState = TensorState | ArrayState;

/** The form new state takes under `mode` on the current backend. */
export function chooseForm(mode: KernelMode): StateForm {
  if (mode === 'tensor') return 'tensor';
  if (mode === 'kernel') return 'array';
  return engine().backendName === 'cpu' ? 'array' : 'tensor';
}

/** What a tensor-form update computed, not yet applied. */
export interface TensorUpdate {
  /** θ_{t+1}. */
  theta: Tensor;
  /** New slot values, in slot order. */
  slots: Tensor[];
  /** θ₀ made at this first anchored update. */
  newAnchor?: Tensor;
  /** The average after this update, when it is averaged. */
  average?: Tensor;
}

/**
 * One update of one variable in tfjs ops; changes nothing (may throw). Must run inside `tidy`.
 *
 * @param optimizer - The resolved optimizer config.
 * @param state - The variable's state, if it has any.
 * @param g - The checked gradient with its terms.
 * @param learningRate - η_t.
 * @param coefficients - The variable's decay coefficients this update.
 * @param averaging - The config's `average` and this update's number, if it averages.
 */
export function computeTensorUpdate(
  optimizer: ResolvedOptimizerConfig,
  state: TensorState | undefined,
  g: PlannedGradient,
  learningRate: number,
  coefficients: DecayCoefficients,
  averaging?: Averaging,
): TensorUpdate {
  const { definition, variant } = optimizerOf(optimizer);
  const slots: Tensor[] =
    state?.slots ??
    definition.slotNames(variant).map((slot) => fill(g.variable.shape, definition.initialSlotValue(optimizer, slot), 'float32'));
  const newAnchor = g.terms.needsAnchor && state?.anchor === undefined ? anchorTensor(g.anchorSource, g.variable) : undefined;
  const out = runUpdate(
    tensorOps,
    optimizer,
    { theta: g.variable, gradient: g.gradient, slots, anchor: state?.anchor ?? newAnchor },
    learningRate,
    state?.step ?? 0,
    coefficients,
  );
  const theta = out.theta as Tensor;
  return { theta, slots: out.slots as Tensor[], newAnchor, average: nextTensorAverage(averaging, state, theta) };
}

/** Applies a {@link computeTensorUpdate} result; returns the (new or updated) state. */
export function commitTensorUpdate(state: TensorState | undefined, g: PlannedGradient, update: TensorUpdate): TensorState {
  const next: TensorState = state ?? { form: 'tensor', step: 0, averaged: 0, shape: [...g.variable.shape], slots: [] };
  update.slots.forEach((value, i) => {
    const existing = next.slots[i];
    if (existing === undefined) next.slots[i] = variable(value, false);
    else existing.assign(value);
  });
  if (update.newAnchor !== undefined) next.anchor = variable(update.newAnchor, false);
  if (update.average !== undefined) {
    if (next.average === undefined) next.average = variable(update.average, false);
    else next.average.assign(update.average);
    next.averaged += 1;
  }
  g.variable.assign(update.theta);
  next.step += 1;
  return next;
}

/**
 * One update of one variable on Float32Arrays, slots in place. Cannot throw
 * (the inputs are checked). Returns the state (made at the first update) and
 * θ_{t+1}, which the caller assigns to the variable.
 *
 * @param optimizer - The resolved optimizer config.
 * @param arrayUpdate - core's float32 update for that config.
 * @param state - The variable's state, if it has any.
 * @param g - The checked gradient with its terms.
 * @param learningRate - η_t.
 * @param coefficients - The variable's decay coefficients this update.
 * @param averaging - The config's `average` and this update's number, if it averages.
 * @param gradient - g as the `gradient` section handed it on (default: the planned gradient's values).
 */
export function runArrayUpdate(
  optimizer: ResolvedOptimizerConfig,
  arrayUpdate: ArrayUpdate,
  state: ArrayState | undefined,
  g: PlannedGradient,
  learningRate: number,
  coefficients: DecayCoefficients,
  averaging?: Averaging,
  gradient: Float32Array = g.gradient.dataSync() as Float32Array,
): { state: ArrayState; theta: Float32Array } {
  const { definition, variant } = optimizerOf(optimizer);
  const next: ArrayState = state ?? {
    form: 'array',
    step: 0,
    averaged: 0,
    shape: [...g.variable.shape],
    slots: definition
      .slotNames(variant)
      .map((slot) => new Float32Array(g.variable.size).fill(definition.initialSlotValue(optimizer, slot))),
  };
  if (g.terms.needsAnchor && next.anchor === undefined) {
    next.anchor = g.anchorSource instanceof Float32Array ? g.anchorSource : new Float32Array(g.variable.dataSync() as Float32Array);
  }
  // A copy: on the cpu backend dataSync returns the tensor's own buffer, which other tensors may share.
  const theta = new Float32Array(g.variable.dataSync() as Float32Array);
  const averageWeights = arrayAverageWeights(averaging, next.averaged);
  if (averageWeights !== undefined && next.average === undefined) next.average = new Float32Array(theta.length);
  arrayUpdate(
    { theta, gradient, slots: next.slots, anchor: next.anchor, average: next.average },
    learningRate,
    next.step,
    coefficients,
    averageWeights,
  );
  next.step += 1;
  if (averageWeights !== undefined) next.averaged += 1;
  return { state: next, theta };
}

/**
 * The state's slots and θ₀ as tensors: its own for the tensor form, what `copy`
 * makes for the array form (`key`: the slot's index, or `anchor`).
 */
export function stateTensors(
  state: VariableState,
  copy: (values: Float32Array, shape: number[], key: string) => Tensor,
): { slots: Tensor[]; anchor?: Tensor; average?: Tensor } {
  if (state.form === 'tensor') return { slots: state.slots, anchor: state.anchor, average: state.average };
  return {
    slots: state.slots.map((values, i) => copy(values, state.shape, String(i))),
    anchor: state.anchor === undefined ? undefined : copy(state.anchor, state.shape, 'anchor'),
    average: state.average === undefined ? undefined : copy(state.average, state.shape, 'average'),
  };
}

/** State restored from saved tensors, in the given form (values copied). */
export async function restoreState(
  form: StateForm,
  saved: { step: number; shape: number[]; slots: Tensor[]; anchor?: Tensor; average?: Tensor; averaged: number },
): Promise<VariableState> {
  if (form === 'tensor') {
    return {
      form,
      step: saved.step,
      averaged: saved.averaged,
      shape: saved.shape,
      slots: saved.slots.map((value) => variable(value, false)),
      anchor: saved.anchor !== undefined ? variable(saved.anchor, false) : undefined,
      average: saved.average !== undefined ? variable(saved.average, false) : undefined,
    };
  }
  const values = async (t: Tensor): Promise<Float32Array> => Float32Array.from((await t.data()) as Float32Array);
  return {
    form,
    step: saved.step,
    averaged: saved.averaged,
    shape: saved.shape,
    slots: await Promise.all(saved.slots.map(values)),
    anchor: saved.anchor !== undefined ? await values(saved.anchor) : undefined,
    average: saved.average !== undefined ? await values(saved.average) : undefined,
  };
}

/** Frees the tensors of tensor-form state. */
export function disposeState(state: VariableState): void {
  if (state.form !== 'tensor') return;
  for (const slot of state.slots) slot.dispose();
  state.anchor?.dispose();
  state.average?.dispose();
}

/** A float32 tensor holding a copy of `values`. */
export function tensorOf(values: Float32Array, shape: number[]): Tensor {
  return tensor(Float32Array.from(values), shape, 'float32');
}
