import { engine, fill, variable } from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ResolvedOptimizerConfig } from '@weight-decay/core';
import { optimizerOf } from '@weight-decay/core/adapter';
import type { DecayCoefficients } from '@weight-decay/core/adapter';
import { anchorTensor } from '../anchor-values.js';
import type { PlannedGradient } from '../decay-optimizer-base.js';
import type { TensorState } from '../variable-state.js';

/** What one fused update reads and writes: the variable, its gradient, its slot variables and θ₀. */
export interface FusedInputs {
  /** θ, updated (in place where the backend can, else by `assign`). */
  theta: Variable;
  /** g, read only. */
  gradient: Tensor;
  /** The optimizer's slots in `optimizerSlotNames` order, updated like θ. */
  slots: readonly Variable[];
  /** θ₀, read only, when an anchor term touches the variable. */
  anchor?: Tensor;
}

/**
 * One update of one variable on one backend, generated from core's update
 * program, writing θ and the slots. Called only after every input is checked,
 * so it does not throw on user input. A kernel with `sumsGradientSquares`
 * returns Σg² over the gradient it read, summed in the same pass, so the
 * global gradient norm N needs no reduction of that gradient of its own.
 */
export interface FusedUpdate {
  (inputs: FusedInputs, learningRate: number, parameterStep: number, coefficients: DecayCoefficients): number | undefined;
  /** The update returns Σg² (float64) of the gradient it read. */
  readonly sumsGradientSquares?: boolean;
}

/** Builds the fused update of one optimizer config on a backend, or undefined when that config has none there. */
export type FusedKernel = (optimizer: ResolvedOptimizerConfig) => FusedUpdate | undefined;

/**
 * One update of one variable through a fused kernel; returns the (new or
 * updated) state. State is the tensor form's (slot variables), so a variable
 * can move between the fused and the op-by-op path, and `getWeights` and
 * `setWeights` see no difference.
 *
 * @param optimizer - The resolved optimizer config.
 * @param fused - The backend's fused update for that config.
 * @param state - The variable's state, if it has any.
 * @param g - The checked gradient with its terms.
 * @param learningRate - η_t.
 * @param coefficients - The variable's decay coefficients this update.
 * @param addSumOfSquares - Takes the Σg² the kernel returns (the gradient stage's share of N).
 */
export function runFusedUpdate(
  optimizer: ResolvedOptimizerConfig,
  fused: FusedUpdate,
  state: TensorState | undefined,
  g: PlannedGradient,
  learningRate: number,
  coefficients: DecayCoefficients,
  addSumOfSquares?: (sum: number) => void,
): TensorState {
  const { definition, variant } = optimizerOf(optimizer);
  const next: TensorState = state ?? {
    form: 'tensor',
    step: 0,
    // The fused kernels run only without an `average` (the optimizer picks op by op then).
    averaged: 0,
    shape: [...g.variable.shape],
    slots: definition
      .slotNames(variant)
      .map((slot) => ownedVariable(fill(g.variable.shape, definition.initialSlotValue(optimizer, slot), 'float32'))),
  };
  if (g.terms.needsAnchor && next.anchor === undefined) next.anchor = ownedVariable(anchorTensor(g.anchorSource, g.variable));
  const sum = fused(
    { theta: g.variable, gradient: g.gradient, slots: next.slots, anchor: next.anchor },
    learningRate,
    next.step,
    coefficients,
  );
  if (sum !== undefined) addSumOfSquares?.(sum);
  next.step += 1;
  return next;
}

/** A variable that alone holds its buffer (the initial tensor freed now, not at the end of a `tidy`), so a fused kernel may write it in place. */
function ownedVariable(initial: Tensor): Variable {
  const owned = variable(initial, false);
  initial.dispose();
  return owned;
}

/** Moves a tensor's data to `backend` when it lives on another one (tfjs moves data lazily, in its kernels; a fused kernel runs none). */
export function moveToBackend(backend: object, t: Tensor): void {
  const e = engine();
  const info = e.state.tensorInfo.get(t.dataId);
  if (info !== undefined && (info.backend as object) !== backend) e.moveData(backend as never, t.dataId);
}
