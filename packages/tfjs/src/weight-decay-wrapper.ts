import { Optimizer, dispose, serialization, scalar, sub, tidy, variable } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  StateError,
  createSchedule,
  createDecayTermScalars,
  resolveDecayTerms,
  resolveScheduleOrScalar,
  planDecay,
  schedulePeak,
} from '@weight-decay/core';
import type { DecayPlan, ResolvedDecayTerm, ResolvedScalarOrSchedule, ScalarOrSchedule, TermScalars } from '@weight-decay/core';
import { decodeConfigText, encodeConfigText, jsonCopy } from './config-codec.js';
import { coupledGradient, decoupledShrink, isCoupled, proximalShrink } from './decay-ops.js';
import { coupledPenaltyOf, liveVariables, zeroFractionOf } from './decay-metrics.js';
import { anchorSourceFor, anchorTensor, readAnchorValues } from './anchor-values.js';
import { checkFiniteGradients } from './finite-check.js';
import { readGradients, sameShape } from './gradient-list.js';
import type { NamedTensor } from './gradient-list.js';
import { TermSelector, toParameterSpecs, readOnWarning } from './variable-terms.js';
import type { PlannedParameter } from './variable-terms.js';
import { claimRestoredEntry } from './restored-names.js';

/** Options of {@link withWeightDecay}. */
export interface WithWeightDecayOptions {
  /**
   * The learning rate η_t that `learning-rate` and `relative` scaling multiply
   * by. Default: read from the wrapped optimizer before every update, from its
   * public-by-convention `learningRate` field (every tfjs optimizer has one).
   * When given, a schedule is evaluated at this wrapper's step count and
   * written into the wrapped optimizer before every update (through its
   * `setLearningRate` method when it has one, as tfjs's SGD and Momentum do,
   * else its `learningRate` field), so both always agree.
   */
  learningRate?: ScalarOrSchedule;
  /**
   * η_peak for `relative` scaling. Default: the peak of `learningRate` when
   * given. A `relative` term needs one of the two: a learning rate read from
   * the wrapped optimizer has no known peak (a ConfigError otherwise).
   */
  peakLearningRate?: number;
  /** Reference weights θ₀ for `anchor` terms, by variable name (default: the value before its first update). */
  anchors?: Record<string, Tensor | ArrayLike<number>>;
  /** Check every gradient for NaN/±Infinity first (ParameterError naming the variable); costs a download. */
  checkFinite?: boolean;
  /**
   * Receives one message per include pattern, exclude pattern or name that
   * matches none of the variables of the first update, and per term that
   * selects none of them (semantics.md: never silence). Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
}

/** What {@link WeightDecayWrapper.getConfig} returns. */
export interface WeightDecayWrapperConfigDict {
  /** Identifies this layout. */
  format: 'weight-decay-tfjs-wrapper/1';
  /** Keras-safe JSON text of the resolved decay terms and the learning-rate options. */
  decay: string;
  /** `getClassName()` of the wrapped optimizer. */
  wrappedClassName: string;
  /** Keras-safe JSON text of the wrapped optimizer's `getConfig()`. */
  wrappedConfig: string;
  [key: string]: serialization.ConfigDictValue;
}

interface StoredOptions {
  learningRate?: ResolvedScalarOrSchedule;
  peakLearningRate?: number;
}

const innerWeightPrefix = 'wrapped:';
const anchorSuffix = '/anchor';
/** tfjs's built-in optimizers make a fresh `iter` scalar on every getWeights(); this wrapper frees it later. */
const tfjsBuiltins = new Set(['SGD', 'Momentum', 'Adam', 'Adamax', 'Adagrad', 'Adadelta', 'RMSProp']);

/**
 * Adds decay terms to any `tf.Optimizer` (tfjs's own or a user subclass).
 * Create it with {@link withWeightDecay}.
 *
 * One update: coupled terms (l2, subgradient l1) are added to the gradients,
 * which are then handed to the wrapped optimizer; decoupled and anchor terms
 * subtract c·θ_t afterwards, where θ_t is the value before the wrapped step
 * (equal to shrinking first, because the wrapped step does not depend on θ;
 * a user optimizer whose step does depend on θ gets HuggingFace/ORT-style
 * "shrink after" instead); cautious terms read the step direction from the
 * wrapped step's change θ_t − θ_{t+1}; proximal l1 runs last.
 */
export class WeightDecayWrapper extends Optimizer {
  /** The stable, package-qualified name tfjs serialization stores. */
  static get className(): string {
    return '@weight-decay/tfjs>WeightDecayWrapper';
  }

  /** The wrapped optimizer, which keeps its own state. */
  readonly wrapped: Optimizer;
  private readonly terms: ResolvedDecayTerm[];
  private readonly selector: TermSelector;
  private readonly stored: StoredOptions;
  private learningRateSchedule?: (t: number) => number;
  /** The peak of `stored.learningRate`, computed when it is set (for `relative` terms). */
  private scheduledPeak?: number;
  /** The terms' scalars at (t, η_t, η_peak), with their rate schedules built once. */
  private readonly termScalarsAt: (t: number, learningRate: number, peakLearningRate: number) => TermScalars[];
  private readonly checkFinite: boolean;
  private readonly onWarning: (message: string) => void;
  private readonly suppliedAnchors: Map<string, Float32Array>;
  private readonly anchors = new Map<string, Variable>();
  private readonly seen = new Set<string>();
  private readonly unclaimed = new Set<string>();
  private exported: Tensor[] = [];

  /**
   * Prefer {@link withWeightDecay}.
   *
   * @throws ConfigError naming the field (`decay[i]…`, `learningRate`, `peakLearningRate`).
   */
  constructor(wrapped: Optimizer, decay: unknown, options: WithWeightDecayOptions = {}) {
    super();
    if (wrapped == null || typeof (wrapped as Optimizer).applyGradients !== 'function') {
      throw new ConfigError('optimizer', 'a tf.Optimizer', wrapped);
    }
    this.wrapped = wrapped;
    this.terms = resolveDecayTerms(decay, 'decay');
    this.termScalarsAt = createDecayTermScalars(this.terms);
    this.selector = new TermSelector(this.terms);
    this.stored = {};
    if (options.learningRate !== undefined) {
      this.stored.learningRate = resolveScheduleOrScalar(options.learningRate, 'learningRate');
      this.learningRateSchedule = createSchedule(this.stored.learningRate, 'learningRate');
      this.scheduledPeak = schedulePeak(this.stored.learningRate);
    }
    if (options.peakLearningRate !== undefined) {
      if (!(typeof options.peakLearningRate === 'number' && options.peakLearningRate > 0 && Number.isFinite(options.peakLearningRate))) {
        throw new ConfigError('peakLearningRate', 'a finite number > 0', options.peakLearningRate);
      }
      this.stored.peakLearningRate = options.peakLearningRate;
    }
    this.checkFinite = options.checkFinite ?? false;
    this.onWarning = readOnWarning(options.onWarning);
    this.suppliedAnchors = readAnchorValues(options.anchors);
    const needsLearningRate = this.terms.some(
      (term) => !isCoupled(term) && 'scaling' in term && (term.scaling === 'learning-rate' || term.scaling === 'relative'),
    );
    if (needsLearningRate && this.learningRateSchedule === undefined && readLearningRate(wrapped) === undefined) {
      throw new ConfigError(
        'learningRate',
        'a numeric `learningRate` field on the wrapped optimizer, or options.learningRate (learning-rate/relative scaling multiplies by η_t)',
        (wrapped as unknown as { learningRate?: unknown }).learningRate,
      );
    }
    // Dividing by the η read at each update would make s_t = 1, i.e. silently "none".
    const relative = this.terms.findIndex((term) => 'scaling' in term && term.scaling === 'relative');
    if (relative >= 0 && this.stored.learningRate === undefined && this.stored.peakLearningRate === undefined) {
      throw new ConfigError(
        `decay[${relative}].scaling`,
        '"learning-rate" or "none", or options.peakLearningRate (or a learningRate schedule) to be relative to: the wrapped optimizer\'s learning rate has no known peak',
        'relative',
      );
    }
    // Surface e.g. `relative` over an unbounded schedule now rather than at the first update.
    this.scalarsAt(0);
  }

  /** The resolved decay terms. */
  get decay(): ResolvedDecayTerm[] {
    return jsonCopy(this.terms);
  }

  /**
   * Which parameters each decay term touches, checked strictly (ConfigError
   * for an include pattern or name matching none of `parameters`).
   *
   * @param parameters - Anything with a `name` and a `shape` (e.g. `model.trainableWeights`).
   * @param options - `unmatched: 'warn'` turns unmatched patterns into `warnings` instead.
   */
  plan(parameters: readonly PlannedParameter[], options: { unmatched?: 'error' | 'warn' } = {}): DecayPlan {
    return planDecay(this.terms, toParameterSpecs(parameters), { unmatched: options.unmatched ?? 'error' });
  }

  /** η_t for the next update: from options.learningRate when given, else read from the wrapped optimizer. */
  learningRate(): number {
    return this.currentLearningRate(this.iterations);
  }

  private currentLearningRate(t: number): number {
    if (this.learningRateSchedule !== undefined) return this.learningRateSchedule(t);
    return readLearningRate(this.wrapped) ?? 0;
  }

  private scalarsAt(t: number): { learningRate: number; terms: TermScalars[] } {
    const learningRate = this.currentLearningRate(t);
    // Without either option no term is `relative` (checked at construction), so the peak is unused.
    const peak = this.stored.peakLearningRate ?? this.scheduledPeak ?? learningRate;
    return { learningRate, terms: this.termScalarsAt(t, learningRate, peak) };
  }

  /**
   * Replaces the learning rate (number or schedule, evaluated at this wrapper's
   * step count) and pushes it into the wrapped optimizer; all state is kept.
   */
  setLearningRate(learningRate: ScalarOrSchedule): void {
    const resolved = resolveScheduleOrScalar(learningRate, 'learningRate');
    const schedule = createSchedule(resolved, 'learningRate');
    this.learningRateSchedule = schedule;
    this.scheduledPeak = schedulePeak(resolved);
    this.stored.learningRate = resolved;
    writeLearningRate(this.wrapped, schedule(this.iterations));
  }

  /**
   * One update: checks every gradient first (ParameterError naming the
   * variable; nothing is applied then), adds coupled terms, delegates to the
   * wrapped optimizer, then applies decoupled, anchor and proximal terms.
   */
  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const gradients = readGradients(variableGradients);
    if (this.checkFinite) checkFiniteGradients(gradients);
    this.selector.reportUnmatchedOnce(gradients, this.onWarning);
    const t = this.iterations;
    const scalars = this.scalarsAt(t);
    for (const g of gradients) claimRestoredEntry(this.anchors, this.unclaimed, g.name, g.variable.shape, (a) => a.shape);
    const plans = gradients.map((g) => this.selector.select(g.name, g.variable.shape));
    const anchorSources = gradients.map((g, i) => (plans[i].needsAnchor ? anchorSourceFor(this.suppliedAnchors, g.name, g.variable) : undefined));
    if (this.learningRateSchedule !== undefined) writeLearningRate(this.wrapped, scalars.learningRate);

    tidy(() => {
      const before = new Map<string, Tensor>();
      const adjusted = new Map<string, Tensor>();
      gradients.forEach((g, i) => {
        const plan = plans[i];
        if (plan.decoupled.length > 0 || plan.proximal.length > 0) before.set(g.name, g.variable.clone());
        adjusted.set(g.name, coupledGradient(plan.coupled, scalars.terms, g.variable, g.gradient));
        if (anchorSources[i] !== undefined && !this.anchors.has(g.name)) {
          const source = anchorSources[i] as Tensor | Float32Array;
          const anchorValue = anchorTensor(source, g.variable);
          this.anchors.set(g.name, variable(anchorValue, false));
        }
      });
      // Same container type and order as given: tfjs's own optimizers key their state by position.
      const forwarded: NamedTensorMap | NamedTensor[] = Array.isArray(variableGradients)
        ? variableGradients.map((entry) => ({ name: entry.name, tensor: adjusted.get(entry.name) ?? entry.tensor }))
        : Object.fromEntries(Object.entries(variableGradients).map(([name, value]) => [name, adjusted.get(name) ?? value]));
      this.wrapped.applyGradients(forwarded);

      gradients.forEach((g, i) => {
        const plan = plans[i];
        const thetaT = before.get(g.name);
        if (thetaT === undefined) return;
        const after = g.variable;
        // The wrapped step moved θ by −η·u; θ_t − θ_{t+1} has the sign of u (η > 0).
        const direction = sub(thetaT, after);
        const shrinkage = sub(thetaT, decoupledShrink(plan.decoupled, scalars.terms, thetaT, this.anchors.get(g.name), direction));
        const result = proximalShrink(plan.proximal, scalars.terms, sub(after, shrinkage));
        g.variable.assign(result);
      });
    });
    for (const g of gradients) this.seen.add(g.name);
    this.incrementIterations();
  }

  /** Penalty of the l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|, either method) terms at λ of the next update over `variables` (default: those updated so far), as core's `coupledPenalty`. */
  penalty(variables?: readonly Variable[]): number {
    return coupledPenaltyOf(this.selector, this.scalarsAt(this.iterations).terms, variables ?? liveVariables(this.seen));
  }

  /** Fraction of exactly-zero elements over `variables` (default: those updated so far). */
  zeroFraction(variables?: readonly Variable[]): number {
    return zeroFractionOf(variables ?? liveVariables(this.seen));
  }

  /**
   * `iter`, then `<name>/anchor` per anchored variable, then the wrapped
   * optimizer's weights with their names prefixed `wrapped:`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    dispose(this.exported);
    this.exported = [scalar(this.iterations, 'int32')];
    const own: NamedTensor[] = [{ name: 'iter', tensor: this.exported[0] }];
    for (const [name, anchor] of this.anchors) own.push({ name: `${name}${anchorSuffix}`, tensor: anchor });
    const inner = await this.wrapped.getWeights();
    if (inner.length > 0 && inner[0].name === 'iter' && tfjsBuiltins.has(this.wrapped.getClassName())) {
      this.exported.push(inner[0].tensor);
    }
    return [...own, ...inner.map((w) => ({ name: `${innerWeightPrefix}${w.name}`, tensor: w.tensor }))];
  }

  /** Restores what {@link getWeights} produced. Own entries are checked first (StateError); the wrapped optimizer checks its own. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (!Array.isArray(weightValues) || weightValues[0]?.name !== 'iter') {
      throw new StateError('weights[0]', 'expected the "iter" scalar first');
    }
    const iterations = Number((await weightValues[0].tensor.data())[0]);
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new StateError('weights["iter"]', `expected a non-negative integer, received ${iterations}`);
    }
    const anchors = new Map<string, Tensor>();
    const inner: NamedTensor[] = [];
    for (const w of weightValues.slice(1)) {
      if (w.name.startsWith(innerWeightPrefix)) inner.push({ name: w.name.slice(innerWeightPrefix.length), tensor: w.tensor });
      else if (w.name.endsWith(anchorSuffix)) {
        const name = w.name.slice(0, -anchorSuffix.length);
        const live = this.anchors.get(name);
        if (live !== undefined && !sameShape(live.shape, w.tensor.shape)) {
          throw new StateError(`weights[${JSON.stringify(w.name)}]`, 'shape differs from the current anchor');
        }
        anchors.set(name, w.tensor);
      } else throw new StateError(`weights[${JSON.stringify(w.name)}]`, 'not a weight of this optimizer');
    }
    if (inner.length > 0) await this.wrapped.setWeights(inner);
    dispose([...this.anchors.values()]);
    this.anchors.clear();
    this.unclaimed.clear();
    for (const [name, value] of anchors) {
      this.anchors.set(name, variable(value, false));
      this.unclaimed.add(name);
    }
    this.iterations_ = iterations;
  }

  /** Frees the anchors and the wrapped optimizer. */
  override dispose(): void {
    dispose([...this.anchors.values()]);
    this.anchors.clear();
    dispose(this.exported);
    this.exported = [];
    this.wrapped.dispose();
    super.dispose();
  }

  /** The decay terms, the learning-rate options and the wrapped optimizer's class and config, as Keras-safe JSON text. */
  override getConfig(): WeightDecayWrapperConfigDict {
    return {
      format: 'weight-decay-tfjs-wrapper/1',
      decay: encodeConfigText({ decay: this.terms, ...this.stored }),
      wrappedClassName: this.wrapped.getClassName(),
      wrappedConfig: encodeConfigText(this.wrapped.getConfig()),
    };
  }

  /**
   * Rebuilds the wrapper and the wrapped optimizer (whose class must be registered with `tf.serialization`).
   *
   * @throws ConfigError naming the field.
   */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    if (typeof config?.decay !== 'string' || typeof config.wrappedClassName !== 'string' || typeof config.wrappedConfig !== 'string') {
      throw new ConfigError('', 'a config dict written by WeightDecayWrapper.getConfig', config);
    }
    const entry = serialization.SerializationMap.getMap().classNameMap[config.wrappedClassName];
    if (entry === undefined) {
      throw new ConfigError('wrappedClassName', 'an optimizer class registered with tf.serialization.registerClass', config.wrappedClassName);
    }
    const [innerClass, innerFromConfig] = entry;
    const wrapped = innerFromConfig(innerClass, decodeConfigText(config.wrappedConfig) as serialization.ConfigDict) as unknown as Optimizer;
    const stored = decodeConfigText(config.decay) as { decay: unknown } & StoredOptions;
    return new cls(wrapped, stored.decay, { learningRate: stored.learningRate, peakLearningRate: stored.peakLearningRate });
  }
}

/** The wrapped optimizer's learning rate, if it exposes a finite numeric `learningRate`. */
function readLearningRate(optimizer: Optimizer): number | undefined {
  const value = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function writeLearningRate(optimizer: Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { learningRate?: unknown; setLearningRate?: (lr: number) => void };
  if (target.learningRate === learningRate) return;
  if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}
