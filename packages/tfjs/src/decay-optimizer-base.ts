import { Optimizer, dispose, tidy } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import { StateError, planDecay } from '@weight-decay/core';
import type { DecayPlan, ResolvedDecayTerm, TermScalars } from '@weight-decay/core';
import { anchorSourceFor, readAnchorValues } from './anchor-values.js';
import { coupledPenaltyOf, liveVariables, zeroFractionOf } from './decay-metrics.js';
import { checkFiniteGradients } from './finite-check.js';
import { readGradients } from './gradient-list.js';
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
  /** The variables whose averages {@link swapAveragedWeights} put in place, until it swaps back. */
  private swappedNames: string[] | undefined;

  /**
   * @param decayTerms - The resolved decay terms.
   * @param options - Anchors, checks, warnings.
   */
  protected constructor(
    private readonly decayTerms: readonly ResolvedDecayTerm[],
    options: DecayOptimizerOptions,
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
    this.releaseExported();
    super.dispose();
  }
}
