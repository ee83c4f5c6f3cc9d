import type { ResolvedOptimizerConfig } from '../../config/index.js';
import type { UpdateOps } from '../ops/update-ops.js';

/**
 * Which branches of an optimizer's step are taken, e.g. `{ nesterov: true }`.
 * Decided by the config alone; the build generates one fused loop per variant.
 */
export type OptimizerVariant = Readonly<Record<string, boolean>>;

/** What an optimizer's step gives the update program. */
export interface OptimizerStepResult<T> {
  /** A value with the sign of u (θ ← θ − η_t·u), read by cautious terms. */
  direction: T;
  /** η_t·u: what the step subtracts from θ, in PyTorch's operation order. */
  delta: T;
  /** The new value of every slot, in {@link OptimizerDefinition.slotNames} order. */
  slots: T[];
}

/**
 * One optimizer, written once: its per-parameter state ("slots"), the
 * per-step scalars it needs (plain numbers, computed once per parameter and
 * step: bias corrections, learning-rate decay), and its element-wise step
 * over {@link UpdateOps}. Every backend runs this definition.
 *
 * To add an optimizer: write one such file and list it in `optimizers/index.ts`.
 */
export interface OptimizerDefinition<
  Config extends ResolvedOptimizerConfig = ResolvedOptimizerConfig,
  Variant extends OptimizerVariant = OptimizerVariant,
> {
  /** The config's `optimizer.type`. */
  readonly type: Config['type'];
  /** Every variant the step can take, for the kernel generator. */
  readonly variants: readonly Variant[];
  /** The variant a config takes. */
  variantOf(config: Config): Variant;
  /** Slot names of a variant, in a fixed order (the order of `UpdaterState` and saved weights). */
  slotNames(variant: Variant): readonly string[];
  /** The value every element of a fresh slot starts at (PyTorch's state initialisation). */
  initialSlotValue(config: Config, slot: string): number;
  /**
   * The scalars of one update of one parameter.
   *
   * @param learningRate - η_t.
   * @param parameterStep - Updates already applied to this parameter (PyTorch's per-parameter
   *   `state['step']` before this update).
   */
  scalars(config: Config, learningRate: number, parameterStep: number): Record<string, number>;
  /** The element-wise step from the (decayed) gradient and the slots. */
  step<T, C>(
    ops: UpdateOps<T, C>,
    variant: Variant,
    gradient: T,
    slots: readonly T[],
    scalars: Readonly<Record<string, T>>,
  ): OptimizerStepResult<T>;
}

/** Identity helper that keeps an optimizer file's types precise. */
export function defineOptimizer<Config extends ResolvedOptimizerConfig, Variant extends OptimizerVariant>(
  definition: OptimizerDefinition<Config, Variant>,
): OptimizerDefinition<Config, Variant> {
  return definition;
}

/** A stable name for a variant: its true flags joined by `+`, or `plain`. */
export function variantKey(variant: OptimizerVariant): string {
  const on = Object.keys(variant).filter((flag) => variant[flag]);
  return on.length === 0 ? 'plain' : on.join('+');
}

/** `decay·average + weight·x`: PyTorch's `mul_(decay).add_(x, alpha=weight)` and, with weight = (1−β)·g, x = g, its `addcmul_`. */
export function movingAverage<T, C>(ops: UpdateOps<T, C>, average: T, decay: T, weight: T, x: T): T {
  return ops.add(ops.mul(decay, average), ops.mul(weight, x));
}

/** The scalars of Adam's two moments, shared by Adam, NAdam and RAdam. */
export function momentScalars(beta1: number, beta2: number): Record<string, number> {
  return { beta1, gradientWeight1: 1 - beta1, beta2, gradientWeight2: 1 - beta2 };
}

/**
 * Adam's moments from {@link momentScalars}: m ← β1·m + (1−β1)·g and
 * v ← β2·v + (1−β2)·g², in PyTorch's operation order.
 */
export function adamMoments<T, C>(ops: UpdateOps<T, C>, m: T, v: T, gradient: T, s: Readonly<Record<string, T>>): [T, T] {
  return [
    movingAverage(ops, m, s.beta1, s.gradientWeight1, gradient),
    movingAverage(ops, v, s.beta2, ops.mul(s.gradientWeight2, gradient), gradient),
  ];
}
