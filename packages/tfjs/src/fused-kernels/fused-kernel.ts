import { engine, fill, variable, zeros } from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ResolvedOptimizerConfig } from '@weight-decay/core';
import { optimizerOf } from '@weight-decay/core/adapter';
import type { AverageWeights, DecayCoefficients } from '@weight-decay/core/adapter';
import { anchorTensor } from '../anchor-values.js';
import type { PlannedGradient } from '../decay-optimizer-base.js';
import { arrayAverageWeights } from '../variable-average.js';
import type { Averaging } from '../variable-average.js';
import type { TensorState } from '../variable-state.js';

/** What one fused update reads and writes: the variable, its gradient, its slot variables, θ₀ and the average. */
export interface FusedInputs {
  /** θ, updated (in place where the backend can, else by `assign`). */
  theta: Variable;
  /** g, read only. */
  gradient: Tensor;
  /** The optimizer's slots in `optimizerSlotNames` order, updated like θ. */
  slots: readonly Variable[];
  /** θ₀, read only, when an anchor term touches the variable. */
  anchor?: Tensor;
  /** The averaged weights, given with `averageWeights`: A ← keep·A + take·θ_{t+1} in the same pass (assigned a new buffer). */
  average?: Variable;
  /** The weights of an averaged update (core's `averageWeights`). */
  averageWeights?: AverageWeights;
  /** The global-norm clip factor (config 1.1 `gradient.clip`), multiplied into g first; the gradient stays unclipped. */
  clipFactor?: number;
}

/**
 * One update of one variable on one backend, generated from core's update
 * program, writing θ, the slots and (averaged) the average. Called only after every input is checked,
 * so it does not throw on user input. A kernel with `sumsGradientSquares`
 * returns Σg² over the gradient it read, summed in the same pass, so the
 * global gradient norm N needs no reduction of that gradient of its own.
 */
export interface FusedUpdate {
  (inputs: FusedInputs, learningRate: number, parameterStep: number, coefficients: DecayCoefficients): number | undefined;
  /** The update returns Σg² (float64) of the gradient it read. */
  readonly sumsGradientSquares?: boolean;
  /**
   * Σg² of a float32 tensor in float64, in one pass with no temporary and no
   * tfjs kernel (the same bits as core's array gradient stage), on a backend
   * whose kernel can take `clipFactor`; then the global-norm clip is left to
   * the fused pass. Absent elsewhere: N and the clip run as tfjs ops.
   */
  sumOfSquares?: (g: Tensor) => number;
}

/** What one update's fused pass does besides the step, each part optional. */
export interface FusedPass {
  /** The config's `average` and this update's number, if it averages (A is made, zero, at the first averaged update, as on the array path). */
  averaging?: Averaging;
  /** The global-norm clip factor g still needs, if the gradient stage left it to the kernel. */
  clipFactor?: number;
  /** Takes the Σg² the kernel returns (the gradient stage's share of N). */
  addSumOfSquares?: (sum: number) => void;
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
 * @param update - What else this update's pass does (see {@link FusedPass}).
 */
export function runFusedUpdate(
  optimizer: ResolvedOptimizerConfig,
  fused: FusedUpdate,
  state: TensorState | undefined,
  g: PlannedGradient,
  learningRate: number,
  coefficients: DecayCoefficients,
  { averaging, clipFactor, addSumOfSquares }: FusedPass = {},
): TensorState {
  const { definition, variant } = optimizerOf(optimizer);
  const next: TensorState = state ?? {
    form: 'tensor',
    step: 0,
    averaged: 0,
    shape: [...g.variable.shape],
    slots: definition
      .slotNames(variant)
      .map((slot) => ownedVariable(fill(g.variable.shape, definition.initialSlotValue(optimizer, slot), 'float32'))),
  };
  if (g.terms.needsAnchor && next.anchor === undefined) next.anchor = ownedVariable(anchorTensor(g.anchorSource, g.variable));
  const averageWeights = arrayAverageWeights(averaging, next.averaged);
  // Zero before its first averaged update (keep 0 there), as the array path's.
  if (averageWeights !== undefined && next.average === undefined) next.average = ownedVariable(zeros(g.variable.shape, 'float32'));
  const average = averageWeights === undefined ? undefined : next.average;
  const sum = fused(
    { theta: g.variable, gradient: g.gradient, slots: next.slots, anchor: next.anchor, average, averageWeights, clipFactor },
    learningRate,
    next.step,
    coefficients,
  );
  if (sum !== undefined) addSumOfSquares?.(sum);
  next.step += 1;
  if (averageWeights !== undefined) next.averaged += 1;
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
