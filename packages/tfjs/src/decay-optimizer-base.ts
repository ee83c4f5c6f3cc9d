import { Optimizer, dispose } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import { planDecay } from '@weight-decay/core';
import type { DecayPlan, GradientStepResult, ResolvedDecayTerm, ResolvedGradientConfig, TermScalars } from '@weight-decay/core';
import { anchorSourceFor, readAnchorValues } from './anchor-values.js';
import { coupledPenaltyOf, liveVariables, zeroFractionOf } from './decay-metrics.js';
import { checkFiniteGradients } from './finite-check.js';
import { readGradients } from './gradient-list.js';
import { createGradientStage } from './gradient-stage.js';
import type { GradientStage, StagedGradients } from './gradient-stage.js';
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
 * restored-name matching, the decay plan and metrics, and the tensors handed
 * out by `getWeights`.
 */
export abstract class DecayOptimizerBase extends Optimizer {
  private readonly selector: TermSelector;
  private readonly checkFinite: boolean;
  private readonly onWarning: (message: string) => void;
  private readonly suppliedAnchors: Map<string, Float32Array>;
  /** Names restored by setWeights that no update has used yet (see `claimRestoredEntry`). */
  protected readonly unclaimed = new Set<string>();
  private exported: Tensor[] = [];
  private stage: GradientStage | undefined;
  /** What the last `applyGradients` did (config 1.1 `gradient`); undefined before the first. */
  protected lastResult: GradientStepResult | undefined;

  /**
   * @param decayTerms - The resolved decay terms.
   * @param options - Anchors, checks, warnings.
   */
  protected constructor(
    private readonly decayTerms: readonly ResolvedDecayTerm[],
    options: DecayOptimizerOptions,
    /** Config 1.1 `gradient`, when given (its state is saved only then). */
    private readonly gradient: ResolvedGradientConfig | undefined,
    /** Where the gradient stage keeps its sums: the form new variable state takes. */
    private readonly gradientForm: () => StateForm,
  ) {
    super();
    this.selector = new TermSelector(decayTerms);
    this.checkFinite = options.checkFinite ?? false;
    this.onWarning = readOnWarning(options.onWarning);
    this.suppliedAnchors = readAnchorValues(options.anchors);
  }

  /** The per-term scalars of the next update. */
  protected abstract nextTermScalars(): TermScalars[];

  /** Names of the variables updated so far (the metrics' default). */
  protected abstract updatedNames(): Iterable<string>;

  /**
   * Which parameters each decay term touches, checked strictly: an include
   * pattern or explicit name matching none of `parameters` is a ConfigError
   * (path `decay[i].params.include[j]`). Pass `model.trainableWeights` or a list of variables.
   *
   * @param parameters - Anything with a `name` and a `shape` (tf.Variable, tfjs-layers LayerVariable).
   * @param options - `unmatched: 'warn'` turns unmatched patterns into `warnings` instead.
   */
  plan(parameters: readonly PlannedParameter[], options: { unmatched?: 'error' | 'warn' } = {}): DecayPlan {
    return planDecay([...this.decayTerms], toParameterSpecs(parameters), { unmatched: options.unmatched ?? 'error' });
  }

  /**
   * The penalty of the l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|, either method) terms at λ of the next update, as core's `coupledPenalty`,
   * over `variables` (default: every variable updated so far that still exists).
   */
  penalty(variables?: readonly Variable[]): number {
    return coupledPenaltyOf(this.selector, this.nextTermScalars(), variables ?? liveVariables(this.updatedNames()));
  }

  /** Fraction of elements that are exactly zero over `variables` (default: every variable updated so far). */
  zeroFraction(variables?: readonly Variable[]): number {
    return zeroFractionOf(variables ?? liveVariables(this.updatedNames()));
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

  /**
   * The global gradient norm N (before clipping) of the last update, as
   * PyTorch's `clip_grad_norm_` returns it; undefined before the first update.
   * On tensor backends this downloads one number, once per update.
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
   * @internal
   */
  protected stageGradients(planned: readonly PlannedGradient[]): StagedGradients {
    const staged = this.gradientStage().take(planned);
    this.lastResult = staged.result;
    return staged;
  }

  private gradientStage(): GradientStage {
    this.stage ??= createGradientStage(this.gradient ?? { accumulate: 1, nonFinite: 'propagate' }, this.gradientForm());
    return this.stage;
  }

  /** The `gradient` section's saved weights (window, skip count, held sums), made with `own`; none without the section. @internal */
  protected gradientWeights(): NamedTensor[] {
    if (this.gradient === undefined) return [];
    const stage = this.gradientStage();
    return gradientWeights(stage.window.exportState(), stage.heldSums(), (t) => this.own(t));
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

  /** Frees the tensors the previous `getWeights` made, before making new ones. @internal */
  protected releaseExported(): void {
    dispose(this.exported);
    this.exported = [];
  }

  /** Marks a tensor made for `getWeights` as freed by the next call or by `dispose`. @internal */
  protected own<T extends Tensor>(tensor: T): T {
    this.exported.push(tensor);
    return tensor;
  }

  override dispose(): void {
    this.stage?.dispose();
    this.releaseExported();
    super.dispose();
  }
}
