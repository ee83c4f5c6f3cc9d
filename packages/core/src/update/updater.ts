import type { ResolvedConfig } from '../config/index.js';
import type { DecayPlan, ParameterSpec } from '../selection/index.js';
import type { FloatArray, Precision } from './float-array.js';
import type { StepScalars } from './step-scalars.js';
import type { PlateauState } from '../schedules/reduce-on-plateau.js';
import type { GradientStepResult, GradientWindowState } from './gradient/gradient-window.js';
import { UpdaterImpl } from './updater-impl.js';

/** Options of {@link createUpdater}. */
export interface UpdaterOptions {
  /** Array type of parameters and state. Default `'float32'` (the kernel); `'float64'` is the reference. */
  precision?: Precision;
  /**
   * θ₀ for anchor terms, by parameter name. Default: the parameters' values
   * are copied at the first update. Entries for parameters that no anchor term
   * touches are ignored; every entry must have the parameter's length.
   */
  anchors?: Record<string, ArrayLike<number>>;
  /** How `planDecay` treats include patterns and names matching nothing. Default `'error'`. */
  unmatched?: 'error' | 'warn';
}

/**
 * An updater's complete state as plain, JSON-safe data. Importing it into an
 * updater made with the same config, parameters and precision continues
 * bit-identically, also after `JSON.parse(JSON.stringify(state))`. (JSON has
 * no NaN, Infinity or −0: a diverged state is refused on import, and the sign
 * of a zero in a slot, which can only decide the sign of a zero parameter, is lost.)
 */
export interface UpdaterState {
  /** Format tag. */
  format: 'weight-decay-state/1';
  /** The resolved config the state belongs to. */
  config: ResolvedConfig;
  /** The precision the numbers were computed in. */
  precision: Precision;
  /** Completed updates t. */
  step: number;
  /** Config 1.1 `gradient`: the accumulation window's position and the skipped-update count (present when the config has a `gradient` section). */
  gradient?: GradientWindowState;
  /** Per parameter: its shape, its optimizer slots, for anchor terms θ₀ once known, and an open window's gradient sum. */
  parameters: Record<
    string,
    {
      /** The parameter's shape, checked on import. */
      shape: number[];
      /** Optimizer state by slot name (see `optimizerSlotNames`), row-major. */
      slots: Record<string, number[]>;
      /** θ₀ of the anchor terms touching this parameter, once given or captured. */
      anchor?: number[];
      /** The averaged weights (config `average`), once an update has been averaged. */
      average?: number[];
      /** The sum of the micro-batch gradients held in an open accumulation window (when `gradient.microBatches` > 0). */
      accumulator?: number[];
    }
  >;
  /** Reduce-on-plateau's counters and current rate (config 1.1), when the top-level learning rate is one. */
  plateau?: PlateauState;
  /** Per entry of `config.groups`, its own reduce-on-plateau learning rate's counters, or null; present when some group has one. */
  groupPlateaus?: (PlateauState | null)[];
  /** How many updates the averaged weights hold (config `average`); absent before the first. */
  averaged?: number;
}

/**
 * Applies one config's optimizer and decay terms to named parameter arrays, in
 * place. Framework-free: adapters hand it arrays and gradients.
 */
export interface Updater {
  /** The resolved config. */
  readonly config: ResolvedConfig;
  /** The parameters it updates, as given. */
  readonly parameters: readonly ParameterSpec[];
  /** Array type of parameters and state. */
  readonly precision: Precision;
  /** Which parameters each decay term touches. */
  readonly plan: DecayPlan;
  /** Completed updates t (micro-batches and skipped updates do not count). */
  readonly step: number;
  /** Updates dropped by `gradient.nonFinite: "skip"` so far. */
  readonly skippedUpdates: number;
  /** Micro-batches held in the open accumulation window (0 without `gradient.accumulate`). */
  readonly microBatches: number;
  /** The scalars the next update will use (t = step). */
  scalars(): StepScalars;
  /** η_t for the next update. */
  learningRate(): number;
  /**
   * Reports a metric (e.g. the validation loss of an epoch) to a
   * reduce-on-plateau learning rate; the next update uses the rate it leaves.
   * Every reduce-on-plateau learning rate of the config (the top level's, each group's own) sees it.
   * Throws a ConfigError (path `optimizer.learningRate`) when the config has none.
   */
  reportMetric(value: number): void;
  /**
   * One micro-batch: with the config's `gradient` section (docs/guides/config-1.1.md)
   * it is added to the accumulation window, dropped (nonFinite `"skip"`) or,
   * closing the window, applied as one update, in place, on arrays of the
   * updater's precision (without one, every call is an update). Checks every
   * name, length and type first (ParameterError naming the parameter; with
   * nonFinite `"error"` a NonFiniteGradientError), so nothing is half-applied.
   * Every parameter must be given, with its gradient. Gradients may be any
   * array-like of numbers of the right length and are never modified (ones
   * not of the updater's array type are first copied into a reused buffer,
   * rounding to float32 for a float32 updater).
   *
   * @returns What happened (`updated`, `accumulated`, `skipped`) and, for an update, the global gradient norm N before clipping.
   */
  update(params: Record<string, FloatArray>, grads: Record<string, ArrayLike<number>>): GradientStepResult;
  /** The coupled penalty (l2, l1 and proximal l1 terms) at λ_step; see `coupledPenalty`. */
  penalty(params: Record<string, ArrayLike<number>>): number;
  /** The decoupled shrink ‖Δ‖₂ of the decoupled and anchor terms at λ_step, with the anchors held; see `decoupledShrink`. */
  decoupledShrink(params: Record<string, ArrayLike<number>>): number;
  /**
   * The averaged weights (config `average`, docs/guides/weight-averaging.md) by
   * parameter name: the live arrays, updated in place by each averaged update,
   * so copy what you keep. `undefined` without an `average` or before the
   * first averaged update (`uniform` averages from update `start` + 1 on).
   */
  averagedParameters(): Readonly<Record<string, FloatArray>> | undefined;
  /** The live optimizer state of one parameter, by slot name (see `optimizerSlotNames`). */
  slots(name: string): Readonly<Record<string, FloatArray>>;
  /** A copy of the whole state as plain data. */
  exportState(): UpdaterState;
  /** Replaces the state after validating all of it (StateError naming the path); nothing changes on error. */
  importState(state: UpdaterState): void;
}

/**
 * Creates an {@link Updater}.
 *
 * @example
 * ```ts
 * const updater = createUpdater(
 *   { optimizer: { type: 'adam', learningRate: 1e-3 }, decay: [{ type: 'decoupled', rate: 0.01 }] },
 *   [{ name: 'dense/kernel', shape: [2, 2] }],
 * );
 * const kernel = new Float32Array([0.5, -0.5, 1, 0]);
 * updater.update({ 'dense/kernel': kernel }, { 'dense/kernel': [0.1, 0.1, -0.2, 0] });
 * ```
 *
 * @param config - A portable config (validated and resolved here) or a resolved one.
 * @param parameters - Names and shapes of the parameters to update.
 * @param options - Precision, anchors and unmatched-pattern handling.
 * @returns The updater, with zeroed optimizer state (Adagrad: `initialAccumulator`).
 * @throws ConfigError for an invalid config or a pattern/name matching nothing.
 * @throws ParameterError for an invalid parameter spec or anchor.
 */
export function createUpdater(config: unknown, parameters: readonly ParameterSpec[], options: UpdaterOptions = {}): Updater {
  return new UpdaterImpl(config, parameters, options);
}
