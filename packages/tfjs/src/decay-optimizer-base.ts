import { Optimizer, dispose, scalar, tidy, variable } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { ConfigError, StateError, planDecay } from '@weight-decay/core';
import type {
  DecayPlan,
  GradientStepResult,
  ResolvedConfig,
  ResolvedDecayTerm,
  ResolvedGradientConfig,
  TermScalars,
} from '@weight-decay/core';
import { anchorSourceFor, readAnchorValues } from './anchor-values.js';
import { coupledPenaltyOf, decayedVariables, decoupledShrinkOf, liveVariables, zeroFractionOf } from './decay-metrics.js';
import { checkFiniteGradients } from './finite-check.js';
import { readGradients, sameShape } from './gradient-list.js';
import { createGradientStage } from './gradient-stage.js';
import type { FusedGradientWork, GradientStage, StagedGradients } from './gradient-stage.js';
import { gradientWeights, readGradientWeights } from './saved-gradient-weights.js';
import type { StateForm } from './variable-state.js';
import type { NamedTensor, VariableGradient } from './gradient-list.js';
import { claimRestoredEntry } from './restored-names.js';
import { TermSelector, readOnWarning, toParameterSpecs } from './variable-terms.js';
import type { PlannedParameter, VariableTerms } from './variable-terms.js';

/** Options both optimizers of this package take. */
export interface DecayOptimizerOptions {
  /**
   * Reference weights θ₀ for `anchor` terms, by variable name. A variable not
   * listed here is anchored to its value just before its first update.
   */
  anchors?: Record<string, Tensor | ArrayLike<number>>;
  /**
   * Download every gradient before an update and throw a ParameterError
   * naming the first variable whose gradient holds NaN or ±Infinity (nothing
   * is changed then). Off by default: on GPU backends it costs a sync per step.
   */
  checkFinite?: boolean;
  /**
   * Receives one message per include pattern, exclude pattern or name that
   * matches none of the variables of the first update, and per term that
   * selects none of them (never silence). Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
}

/** One variable of an update, checked, with the terms that touch it. */
export interface PlannedGradient extends VariableGradient {
  /** The decay terms touching the variable. */
  terms: VariableTerms;
  /** Where θ₀ comes from, if an anchor term needs it and the variable has none yet. */
  anchorSource?: Tensor | Float32Array;
}

/**
 * What {@link createOptimizer}'s and {@link withWeightDecay}'s optimizers
 * share: term selection per variable, anchors, the finite check, warnings,
 * restored-name matching, the decay plan and metrics, the tensors handed
 * out by `getWeights`, and refusing work after `dispose`.
 */
export abstract class DecayOptimizerBase extends Optimizer {
  private readonly selector: TermSelector;
  protected readonly checkFinite: boolean;
  private readonly onWarning: (message: string) => void;
  private readonly suppliedAnchors: Map<string, Float32Array>;
  /** Names restored by setWeights that no update has used yet (see `claimRestoredEntry`). */
  protected readonly unclaimed = new Set<string>();
  /** What `getWeights` made (iter, steps, copies of array-held state), by weight name: refreshed in place, freed only by `dispose`. */
  private readonly exported = new Map<string, Variable>();
  /** Exported tensors whose name came back with another shape or dtype: still the caller's to read, until `dispose`. */
  private readonly retired: Variable[] = [];
  private disposed = false;
  /** The variables whose averages {@link swapAveragedWeights} put in place, until it swaps back. */
  private swappedNames: string[] | undefined;
  private stage: GradientStage | undefined;
  /** What the last `applyGradients` did (config 1.1 `gradient`); undefined before the first. */
  protected lastResult: GradientStepResult | undefined;

  /**
   * @param selection - The resolved decay terms, or a resolved config (its terms and groups).
   * @param options - Anchors, checks, warnings.
   */
  protected constructor(
    private readonly selection: ResolvedConfig | readonly ResolvedDecayTerm[],
    options: DecayOptimizerOptions,
    /** Config 1.1 `gradient`, when given (its state is saved only then). */
    private readonly gradient: ResolvedGradientConfig | undefined,
    /** Where the gradient stage keeps its sums: the form new variable state takes. */
    private readonly gradientForm: () => StateForm,
  ) {
    super();
    this.selector = new TermSelector(selection);
    if (options.checkFinite !== undefined && typeof options.checkFinite !== 'boolean') {
      throw new ConfigError('options.checkFinite', 'true or false', options.checkFinite);
    }
    this.checkFinite = options.checkFinite ?? false;
    this.onWarning = readOnWarning(options.onWarning);
    this.suppliedAnchors = readAnchorValues(options.anchors);
  }

  /**
   * The variable's entry of the config's `groups` (the first that selects it), or -1 for the top-level optimizer.
   *
   * @param name - The variable's name.
   * @param shape - Its shape.
   */
  protected groupOf(name: string, shape: readonly number[]): number {
    return this.selector.select(name, shape).group;
  }

  /** The per-term scalars of the next update. */
  protected abstract nextTermScalars(): TermScalars[];

  /** Names of the variables updated so far (the metrics' default). */
  protected abstract updatedNames(): Iterable<string>;

  /** θ₀ a variable's anchor terms hold, once taken at its first update. */
  protected abstract heldAnchor(name: string): Tensor | Float32Array | undefined;

  /**
   * Which parameters each decay term touches and, with `groups`, which group
   * each parameter is in, checked strictly: an include pattern or explicit
   * name matching none of `parameters` is a ConfigError (path
   * `decay[i].params.include[j]`, `groups[i].params.include[j]`). Pass
   * `model.trainableWeights` or a list of variables; `describeDecayPlan` prints it.
   *
   * @param parameters - Anything with a `name` and a `shape` (tf.Variable, tfjs-layers LayerVariable).
   * @param options - `unmatched: 'warn'` turns unmatched patterns into `warnings` instead.
   */
  plan(parameters: readonly PlannedParameter[], options: { unmatched?: 'error' | 'warn' } = {}): DecayPlan {
    const source = Array.isArray(this.selection) ? [...this.selection] : (this.selection as ResolvedConfig);
    return planDecay(source, toParameterSpecs(parameters), { unmatched: options.unmatched ?? 'error' });
  }

  /**
   * The coupled penalty: l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|, either method) terms at λ of the next update, as core's `coupledPenalty`,
   * over `variables` (default: every variable updated so far that still exists). Decoupled and anchor terms add
   * nothing (0 under AdamW by definition): see {@link decoupledShrink}.
   */
  penalty(variables?: readonly Variable[]): number {
    return coupledPenaltyOf(this.selector, this.nextTermScalars(), variables ?? liveVariables(this.updatedNames()));
  }

  /**
   * The decoupled shrink, as core's `decoupledShrink`: how far the decoupled and anchor terms move the weights in
   * the next update, ‖Δ‖₂ of Δ = Σ_decoupled c·θ + Σ_anchor c·(θ − θ₀) with c = s_t·λ_t, over `variables` (default:
   * every variable updated so far). Under AdamW, η_t·λ·‖θ‖ of the decayed weights. Cautious terms count in full (an
   * upper bound: their mask needs the step's direction).
   */
  decoupledShrink(variables?: readonly Variable[]): number {
    return decoupledShrinkOf(
      this.selector,
      this.nextTermScalars(),
      variables ?? liveVariables(this.updatedNames()),
      (name) => this.heldAnchor(name) ?? this.suppliedAnchors.get(name),
    );
  }

  /** Fraction of elements that are exactly zero over `variables` (default: every variable updated so far). */
  zeroFraction(variables?: readonly Variable[]): number {
    return zeroFractionOf(variables ?? liveVariables(this.updatedNames()));
  }

  /**
   * Fraction of exact zeros over the decayed variables among `variables` (default: every variable updated so far):
   * those some decay term touches, so undecayed biases and norms do not dilute the sparsity proximal l1 makes.
   */
  decayedZeroFraction(variables?: readonly Variable[]): number {
    return zeroFractionOf(decayedVariables(this.selector, variables ?? liveVariables(this.updatedNames())));
  }

  /**
   * Reads and checks the argument of `applyGradients` (ParameterError naming
   * the variable; nothing changes on error), reports unmatched patterns at the
   * first update, gives restored state to renamed variables, and selects each
   * variable's terms and anchor source.
   *
   * @param variableGradients - The argument of `applyGradients`.
   * @param entries - Per-variable state by name (restored entries are renamed in place).
   * @param shapeOf - The shape a state entry belongs to.
   * @param hasAnchor - Whether a variable already has its θ₀.
   * @internal
   */
  protected planUpdate<V>(
    variableGradients: NamedTensorMap | NamedTensor[],
    entries: Map<string, V>,
    shapeOf: (entry: V) => readonly number[],
    hasAnchor: (name: string) => boolean,
  ): PlannedGradient[] {
    this.assertUsable();
    const gradients = readGradients(variableGradients);
    if (this.checkFinite) checkFiniteGradients(gradients);
    this.selector.reportUnmatchedOnce(gradients, this.onWarning);
    for (const g of gradients) claimRestoredEntry(entries, this.unclaimed, g.name, g.variable.shape, shapeOf);
    return gradients.map((g) => {
      const terms = this.selector.select(g.name, g.variable.shape);
      const anchorSource = terms.needsAnchor && !hasAnchor(g.name) ? anchorSourceFor(this.suppliedAnchors, g.name, g.variable) : undefined;
      return { ...g, terms, anchorSource };
    });
  }

  /** Names of the variables that have an average (config `average`). @internal */
  protected abstract averagedNames(): string[];

  /** Gives a restored entry to the variable `name` of `shape` (see `claimRestoredEntry`). @internal */
  protected abstract claimRestored(name: string, shape: readonly number[]): void;

  /** Swaps one variable's value with its average; runs inside `tidy`. @internal */
  protected abstract swapAverageOf(name: string): void;

  /**
   * Swaps averaged variables' values with their averages (config `average`,
   * docs/guides/weight-averaging.md; PyTorch's `AveragedModel`, Keras's
   * `use_ema`): after one call the variables hold the averaged weights, to
   * evaluate, predict or `model.save` with; the next call puts the live
   * weights back, bit for bit. While swapped, `applyGradients`, `getWeights`
   * and `setWeights` throw a StateError. A variable with no average yet (no
   * `average`, or `uniform` before `start` + 1) keeps its value.
   * {@link withAveragedWeights} wraps a function in the two calls.
   *
   * @param variables - Swap only these (e.g. `model.trainableWeights`); also
   *   matches state restored by `setWeights` to them before any update has.
   *   Default: every variable with an average.
   * @returns Whether the averaged weights are now in place.
   * @throws StateError when restored averages are not matched to variables yet and none are given.
   */
  swapAveragedWeights(variables?: readonly PlannedParameter[]): boolean {
    const swapped = this.swappedNames;
    if (swapped !== undefined) {
      tidy(() => swapped.forEach((name) => this.swapAverageOf(name)));
      this.swappedNames = undefined;
      return false;
    }
    for (const v of variables ?? []) this.claimRestored(v.name, v.shape as number[]);
    const wanted = variables === undefined ? undefined : new Set(variables.map((v) => v.name));
    const names = this.averagedNames().filter((name) => wanted === undefined || wanted.has(name));
    // Without variables, a restored average may not belong to the variable now holding its name; with
    // them, one still unmatched while a given variable has none means the names could not be paired.
    const restored = this.averagedNames().filter((name) => this.unclaimed.has(name));
    const unmatched = wanted === undefined || names.length < wanted.size ? restored[0] : undefined;
    if (unmatched !== undefined) {
      throw new StateError(
        `weights[${JSON.stringify(unmatched)}]`,
        'restored average not matched to a variable yet: pass the variables (withAveragedWeights(model, fn) passes model.trainableWeights)',
      );
    }
    tidy(() => names.forEach((name) => this.swapAverageOf(name)));
    this.swappedNames = names;
    return true;
  }

  /**
   * The global gradient norm N (before clipping) of the last update, as
   * PyTorch's `clip_grad_norm_` returns it; undefined before the first update.
   * On tensor backends, without a `clip` (which needs N first), N is
   * reduced at the first call after an update, from the gradients held
   * until then (references, not copies; let go at that call or the next
   * update), and downloaded as one number.
   */
  gradNorm(): number | undefined {
    return this.stage?.gradNorm();
  }

  /** Updates dropped by `gradient.nonFinite: "skip"` so far. */
  get skippedUpdates(): number {
    return this.stage?.window.skippedUpdates ?? 0;
  }

  /** Micro-batches held in the open accumulation window (`gradient.accumulate`). */
  get microBatches(): number {
    return this.stage?.window.microBatches ?? 0;
  }

  /**
   * What the last `applyGradients` call did: `'updated'`, `'accumulated'`
   * (added to the window only) or `'skipped'` (nonFinite `"skip"`); undefined before the first.
   */
  lastStatus(): GradientStepResult['status'] | undefined {
    return this.lastResult?.status;
  }

  /**
   * Runs the `gradient` section on one call's checked gradients (config 1.1:
   * accumulate, nonFinite, N, clip). Must run inside `tidy`; throws
   * NonFiniteGradientError under nonFinite "error" before anything changes.
   * `fusedWork`: what the fused kernels of the update do themselves (see `GradientStage.take`).
   * @internal
   */
  protected stageGradients(planned: readonly PlannedGradient[], fusedWork?: FusedGradientWork): StagedGradients {
    const staged = this.gradientStage().take(planned, fusedWork);
    this.lastResult = staged.result;
    return staged;
  }

  private gradientStage(): GradientStage {
    this.stage ??= createGradientStage(this.gradient ?? { accumulate: 1, nonFinite: 'propagate' }, this.gradientForm());
    return this.stage;
  }

  /** The `gradient` section's saved weights (window, skip count, held sums), held like getWeights' other tensors; none without the section. @internal */
  protected gradientWeights(): NamedTensor[] {
    if (this.gradient === undefined) return [];
    const stage = this.gradientStage();
    // Made here, then held in the optimizer's exported variables (see exportedTensor) and freed.
    return gradientWeights(stage.window.exportState(), stage.heldSums(), (t) => t).map(({ name, tensor }) => {
      const held = this.exportedTensor(name, () => tensor);
      tensor.dispose();
      return { name, tensor: held };
    });
  }

  /**
   * Splits the `gradient` section's weights off a `setWeights` argument and
   * checks them; returns the other weights and a commit that installs them
   * (call it once everything else is checked). @internal
   */
  protected async takeGradientWeights(weightValues: NamedTensor[]): Promise<{ rest: NamedTensor[]; commit: () => void }> {
    const stage = this.gradientStage();
    const { rest, state, sums } = await readGradientWeights(weightValues, stage.window);
    return { rest, commit: () => stage.restore(state, sums) };
  }

  /** Whether {@link swapAveragedWeights} has put the averaged weights in the variables. */
  get averagedWeightsSwapped(): boolean {
    return this.swappedNames !== undefined;
  }

  /** Throws while the averaged weights are swapped in: updates and saved state must see the live weights. @internal */
  protected checkNotSwapped(action: string): void {
    if (this.swappedNames !== undefined) {
      throw new StateError(
        '(averaged weights)',
        `${action} while the averaged weights are swapped in: call swapAveragedWeights() again first`,
      );
    }
  }

  /**
   * The tensor `getWeights` hands out under `name`, holding `make()`'s value:
   * one optimizer-owned variable per name, assigned the new value on each call,
   * so a result of an earlier call stays readable (it shows the latest values)
   * and nothing is ever freed behind the caller's back; `dispose` frees them.
   * tfjs-layers' `model.save` never disposes what it reads, so copies owned by
   * the caller would leak on every save. @internal
   */
  protected exportedTensor(name: string, make: () => Tensor): Variable {
    const held = this.exported.get(name);
    return tidy(() => {
      const value = make();
      if (held !== undefined && !held.isDisposed && held.dtype === value.dtype && sameShape(held.shape, value.shape)) {
        held.assign(value);
        return held;
      }
      if (held !== undefined && !held.isDisposed) this.retired.push(held);
      const fresh = variable(value, false);
      this.exported.set(name, fresh);
      return fresh;
    });
  }

  /** {@link exportedTensor} for an int32 scalar (`iter`, per-variable steps). @internal */
  protected exportedCount(name: string, count: number): Variable {
    return this.exportedTensor(name, () => scalar(count, 'int32'));
  }

  /**
   * Throws once `dispose` has run: the state is gone, so an update would
   * silently start over (the ONNX Runtime trainer throws the same way).
   *
   * @throws StateError with path `(optimizer)`.
   * @internal
   */
  protected assertUsable(): void {
    if (this.disposed)
      throw new StateError('(optimizer)', 'disposed: make a new optimizer (and setWeights to continue from a saved state)');
  }

  /** Refuses after `dispose` (StateError) before computing any gradient, so `minimize` fails without leaking them. */
  override computeGradients(f: () => Scalar, varList?: Variable[]): { value: Scalar; grads: NamedTensorMap } {
    this.assertUsable();
    return super.computeGradients(f, varList);
  }

  override dispose(): void {
    this.stage?.dispose();
    this.disposed = true;
    dispose([...this.exported.values(), ...this.retired]);
    this.exported.clear();
    this.retired.length = 0;
    super.dispose();
  }
}
