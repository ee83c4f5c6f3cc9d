import { clone, dispose, engine, serialization, sub, tidy, variable } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Optimizer, Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  StateError,
  resolveAverage,
  resolveDecayTerms,
  resolveGradient,
  resolveScheduleOrScalar,
  stepScalars,
} from '@weight-decay/core';
import type {
  AverageConfig,
  ResolvedAverageConfig,
  DecayScalarsSource,
  GradientConfig,
  ResolvedGradientConfig,
  ResolvedDecayTerm,
  ResolvedScalarOrSchedule,
  ScalarOrSchedule,
  StepScalars,
  TermScalars,
} from '@weight-decay/core';
import { decayCoefficients, decayPresence, decayedGradient, finishUpdate, hasShrinkOrThreshold } from '@weight-decay/core/adapter';
import { anchorTensor } from './anchor-values.js';
import { decodeConfigText, encodeConfigText, jsonCopy } from './config-codec.js';
import { DecayOptimizerBase } from './decay-optimizer-base.js';
import { rejectCreateOptimizerOnly } from './needs-create-optimizer.js';
import type { DecayOptimizerOptions } from './decay-optimizer-base.js';
import { sameShape } from './gradient-list.js';
import type { NamedTensor } from './gradient-list.js';
import { anchorSuffix, averageSuffix, averagedSuffix, readIterations, readSavedAverage } from './saved-weights.js';
import { tensorOps } from './tensor-ops.js';
import { nextTensorAverage, swapTensorAverage } from './variable-average.js';
import { claimRestoredEntry } from './restored-names.js';
import type { TensorAverage } from './variable-average.js';

/** Options of {@link withWeightDecay}. */
export interface WithWeightDecayOptions extends DecayOptimizerOptions {
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
  /**
   * Weight averaging of the variables after each update, as the portable
   * config's `average` (docs/guides/weight-averaging.md): `{ type: 'ema', decay }`
   * or `{ type: 'uniform', start }`. Default: none.
   */
  average?: AverageConfig;
  /**
   * Config 1.1's `gradient` section (docs/guides/config-1.1.md): accumulate
   * micro-batches, clip (`global-norm`, `norm`, `value`) and handle non-finite
   * gradients before the coupled terms and the wrapped optimizer see them.
   * The wrapped optimizer steps only when a window closes. Default: none.
   */
  gradient?: GradientConfig;
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
  average?: ResolvedAverageConfig;
  gradient?: ResolvedGradientConfig;
}

const innerWeightPrefix = 'wrapped:';
const anchorWeightSuffix = `/${anchorSuffix}`;
const averageWeightSuffix = `/${averageSuffix}`;
const averagedWeightSuffix = `/${averagedSuffix}`;
/** tfjs's built-in optimizers make a fresh `iter` scalar on every getWeights() that nobody frees; this wrapper hands out its own instead. */
const tfjsBuiltins = new Set(['SGD', 'Momentum', 'Adam', 'Adamax', 'Adagrad', 'Adadelta', 'RMSProp']);

/**
 * Adds decay terms to any `tf.Optimizer` (tfjs's own or a user subclass).
 * Create it with {@link withWeightDecay}.
 *
 * One update runs core's program (docs/guides/decay-contract.md) with the
 * wrapped optimizer as its step: the coupled terms change the gradients handed
 * to it, and the shrink and threshold read θ_t from before its step and take
 * its step δ = θ_t − θ_{t+1} as η·u (equal to shrinking first, because the
 * wrapped step does not depend on θ; a user optimizer whose step does depend
 * on θ gets HuggingFace/ORT-style "shrink after" instead).
 */
export class WeightDecayWrapper extends DecayOptimizerBase {
  /** The stable, package-qualified name tfjs serialization stores. */
  static get className(): string {
    return '@weight-decay/tfjs>WeightDecayWrapper';
  }

  /** The wrapped optimizer, which keeps its own state. */
  readonly wrapped: Optimizer;
  private readonly terms: ResolvedDecayTerm[];
  private readonly stored: StoredOptions;
  /** The terms and learning-rate options that core's `stepScalars` reads (replaced by setLearningRate). */
  private scalarSource: DecayScalarsSource;
  private readonly anchors = new Map<string, Variable>();
  private readonly averages = new Map<string, TensorAverage>();
  private readonly seen = new Set<string>();

  /**
   * Prefer {@link withWeightDecay}.
   *
   * @throws ConfigError naming the field (`decay[i]…`, `learningRate`, `peakLearningRate`; `groups` or
   *   `optimizer` for what only createOptimizer runs).
   */
  constructor(wrapped: Optimizer, decay: unknown, options: WithWeightDecayOptions = {}) {
    if (wrapped == null || typeof (wrapped as Optimizer).applyGradients !== 'function') {
      throw new ConfigError('optimizer', 'a tf.Optimizer', wrapped);
    }
    rejectCreateOptimizerOnly(decay, options);
    const terms = resolveDecayTerms(decay, 'decay');
    const gradient = options.gradient === undefined ? undefined : resolveGradient(options.gradient, 'gradient');
    // The wrapped optimizer steps on tensors, so the gradient stage keeps its sums as tensors too.
    super(terms, options, gradient, () => 'tensor');
    this.wrapped = wrapped;
    this.terms = terms;
    this.stored = gradient === undefined ? {} : { gradient };
    if (options.learningRate !== undefined) {
      this.stored.learningRate = resolveScheduleOrScalar(options.learningRate, 'learningRate');
    }
    if (options.peakLearningRate !== undefined) {
      if (!(typeof options.peakLearningRate === 'number' && options.peakLearningRate > 0 && Number.isFinite(options.peakLearningRate))) {
        throw new ConfigError('peakLearningRate', 'a finite number > 0', options.peakLearningRate);
      }
      this.stored.peakLearningRate = options.peakLearningRate;
    }
    if (options.average !== undefined) this.stored.average = resolveAverage(options.average, 'average');
    const { gradient: _gradient, ...learningRateOptions } = this.stored;
    this.scalarSource = { decay: this.terms, ...learningRateOptions };
    const needsLearningRate = this.terms.some(
      (term) => 'scaling' in term && (term.scaling === 'learning-rate' || term.scaling === 'relative'),
    );
    if (needsLearningRate && this.stored.learningRate === undefined && readLearningRate(wrapped) === undefined) {
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
   * η_t for the next update: from options.learningRate when given, else read
   * from the wrapped optimizer. Assigning it, as on tfjs's optimizers, is
   * {@link setLearningRate}: that rate from now on, for the decay and the
   * wrapped optimizer alike, state kept.
   *
   * @throws ConfigError with path `learningRate` when the value is invalid; nothing changes then.
   */
  get learningRate(): number {
    return this.scalarsAt(this.iterations).learningRate;
  }

  set learningRate(learningRate: ScalarOrSchedule) {
    this.setLearningRate(learningRate);
  }

  /** core's scalars at t, with η_t from the schedule when one was given, else read from the wrapped optimizer. */
  private scalarsAt(t: number): StepScalars {
    const read = this.stored.learningRate === undefined ? (readLearningRate(this.wrapped) ?? 0) : undefined;
    return stepScalars(this.scalarSource, t, read);
  }

  protected nextTermScalars(): TermScalars[] {
    return this.scalarsAt(this.iterations).terms;
  }

  protected updatedNames(): Iterable<string> {
    return this.seen;
  }

  protected heldAnchor(name: string): Tensor | undefined {
    return this.anchors.get(name);
  }

  /**
   * Replaces the learning rate (number or schedule, evaluated at this wrapper's
   * step count) and pushes it into the wrapped optimizer; all state is kept.
   */
  setLearningRate(learningRate: ScalarOrSchedule): void {
    const resolved = resolveScheduleOrScalar(learningRate, 'learningRate');
    const source = { ...this.scalarSource, learningRate: resolved };
    const scalars = stepScalars(source, this.iterations);
    this.stored.learningRate = resolved;
    this.scalarSource = source;
    writeLearningRate(this.wrapped, scalars.learningRate);
  }

  /**
   * One update: checks every gradient first (ParameterError naming the
   * variable; nothing is applied then), adds coupled terms, delegates to the
   * wrapped optimizer, then applies decoupled, anchor and proximal terms, in
   * the order of core's update program (docs/guides/decay-contract.md).
   */
  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    this.checkNotSwapped('applyGradients');
    const restoredAverages = new Set(this.unclaimed);
    const planned = this.planUpdate(
      variableGradients,
      this.anchors,
      (a) => a.shape,
      (name) => this.anchors.has(name),
    );
    for (const g of planned)
      claimRestoredEntry(this.averages, restoredAverages, g.name, g.variable.shape, (a) => (a.average as Variable).shape);
    const scalars = this.scalarsAt(this.iterations);
    if (this.stored.learningRate !== undefined) writeLearningRate(this.wrapped, scalars.learningRate);

    tidy(() => {
      const gradients = this.stageGradients(planned).gradients as Tensor[] | undefined;
      if (gradients === undefined) return;
      const coefficients = planned.map((g) => decayCoefficients(g.terms.applied, scalars.terms));
      const presence = coefficients.map(decayPresence);
      const before = planned.map((g, i) => (hasShrinkOrThreshold(presence[i]) ? clone(g.variable) : undefined));
      const adjusted = new Map<string, Tensor>();
      planned.forEach((g, i) => {
        adjusted.set(g.name, decayedGradient(tensorOps, presence[i], coefficients[i], g.variable, gradients[i]) as Tensor);
        if (g.anchorSource !== undefined) this.anchors.set(g.name, variable(anchorTensor(g.anchorSource, g.variable), false));
      });
      // Same container type and order as given: tfjs's own optimizers key their state by position.
      const forwarded: NamedTensorMap | NamedTensor[] = Array.isArray(variableGradients)
        ? variableGradients.map((entry) => ({ name: entry.name, tensor: adjusted.get(entry.name) ?? entry.tensor }))
        : Object.fromEntries(Object.entries(variableGradients).map(([name, value]) => [name, adjusted.get(name) ?? value]));
      this.wrapped.applyGradients(forwarded);

      planned.forEach((g, i) => {
        const thetaT = before[i];
        if (thetaT === undefined) return;
        // The wrapped step moved θ by −η·u: δ = θ_t − θ_{t+1} is the step, with the sign of u (η > 0).
        const delta = sub(thetaT, g.variable);
        g.variable.assign(finishUpdate(tensorOps, presence[i], coefficients[i], thetaT, this.anchors.get(g.name), delta, delta) as Tensor);
      });
      this.updateAverages(planned);
    });
    if (this.lastResult?.status !== 'updated') return;
    for (const g of planned) this.seen.add(g.name);
    this.incrementIterations();
  }

  /** After an update, inside its `tidy`: each variable's average takes θ when `average` says so. */
  private updateAverages(planned: readonly { name: string; variable: Variable }[]): void {
    const config = this.stored.average;
    if (config === undefined) return;
    const averaging = { config, update: this.iterations + 1 };
    for (const g of planned) {
      const entry = this.averages.get(g.name);
      const next = nextTensorAverage(averaging, entry, g.variable);
      if (next === undefined) continue;
      if (entry?.average === undefined) this.averages.set(g.name, { average: variable(next, false), averaged: 1 });
      else {
        entry.average.assign(next);
        entry.averaged += 1;
      }
    }
  }

  protected averagedNames(): string[] {
    return [...this.averages.keys()];
  }

  protected claimRestored(name: string, shape: readonly number[]): void {
    // The averages are renamed as the anchors are, against the same restored names.
    const unclaimed = new Set(this.unclaimed);
    claimRestoredEntry(this.anchors, this.unclaimed, name, shape, (a) => a.shape);
    claimRestoredEntry(this.averages, unclaimed, name, shape, (a) => (a.average as Variable).shape);
  }

  protected swapAverageOf(name: string): void {
    const average = this.averages.get(name)?.average;
    const live: Variable | undefined = engine().registeredVariables[name];
    if (average !== undefined && live !== undefined) swapTensorAverage(live, average);
  }

  /**
   * `iter`, then `<name>/anchor` per anchored variable, `<name>/average` and
   * `<name>/averaged` per averaged variable, then the wrapped
   * optimizer's weights with their names prefixed `wrapped:`. The tensors are
   * the optimizers' own, as with tfjs's optimizers (do not dispose them): none
   * is freed by a later call or update, `dispose` frees them (and `setWeights`
   * the anchors it replaces). The fresh `iter` tfjs's own optimizers make is
   * read and freed here, and an optimizer-owned copy handed out instead.
   *
   * @throws StateError after `dispose`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    this.assertUsable();
    this.checkNotSwapped('getWeights');
    const own: NamedTensor[] = [{ name: 'iter', tensor: this.exportedCount('iter', this.iterations) }, ...this.gradientWeights()];
    for (const [name, anchor] of this.anchors) own.push({ name: `${name}${anchorWeightSuffix}`, tensor: anchor });
    for (const [name, { average, averaged }] of this.averages) {
      if (average === undefined) continue;
      own.push({ name: `${name}${averageWeightSuffix}`, tensor: average });
      own.push({ name: `${name}${averagedWeightSuffix}`, tensor: this.exportedCount(`${name}${averagedWeightSuffix}`, averaged) });
    }
    const inner = await this.wrapped.getWeights();
    if (inner.length > 0 && inner[0].name === 'iter' && tfjsBuiltins.has(this.wrapped.getClassName())) {
      const made = inner[0].tensor;
      inner[0] = { name: 'iter', tensor: this.exportedCount(`${innerWeightPrefix}iter`, (await made.data())[0]) };
      made.dispose();
    }
    return [...own, ...inner.map((w) => ({ name: `${innerWeightPrefix}${w.name}`, tensor: w.tensor }))];
  }

  /**
   * Restores what {@link getWeights} produced. Own entries are checked first (StateError); the wrapped optimizer checks its own.
   *
   * @throws StateError naming the offending weight, or after `dispose`.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    this.assertUsable();
    this.checkNotSwapped('setWeights');
    const gradientState = await this.takeGradientWeights(weightValues);
    const iterations = await readIterations(gradientState.rest);
    const anchors = new Map<string, Tensor>();
    const averageParts = new Map<string, Record<string, Tensor>>();
    const inner: NamedTensor[] = [];
    for (const w of gradientState.rest.slice(1)) {
      if (w.name.startsWith(innerWeightPrefix)) inner.push({ name: w.name.slice(innerWeightPrefix.length), tensor: w.tensor });
      else if (w.name.endsWith(averageWeightSuffix) || w.name.endsWith(averagedWeightSuffix)) {
        const cut = w.name.lastIndexOf('/');
        const parts = averageParts.get(w.name.slice(0, cut)) ?? {};
        parts[w.name.slice(cut + 1)] = w.tensor;
        averageParts.set(w.name.slice(0, cut), parts);
      } else if (w.name.endsWith(anchorWeightSuffix)) {
        const name = w.name.slice(0, -anchorWeightSuffix.length);
        const live = this.anchors.get(name);
        if (live !== undefined && !sameShape(live.shape, w.tensor.shape)) {
          throw new StateError(`weights[${JSON.stringify(w.name)}]`, 'shape differs from the current anchor');
        }
        anchors.set(name, w.tensor);
      } else throw new StateError(`weights[${JSON.stringify(w.name)}]`, 'not a weight of this optimizer');
    }
    const averages = new Map<string, { average: Tensor; averaged: number }>();
    for (const [name, parts] of averageParts) {
      const path = (suffix: string): string => `weights[${JSON.stringify(`${name}/${suffix}`)}]`;
      const averaged = await readSavedAverage(parts[averageSuffix], parts[averagedSuffix], iterations, path);
      averages.set(name, { average: parts[averageSuffix] as Tensor, averaged });
    }
    if (inner.length > 0) await this.wrapped.setWeights(inner);
    dispose([...this.anchors.values()]);
    this.anchors.clear();
    this.unclaimed.clear();
    for (const [name, value] of anchors) {
      this.anchors.set(name, variable(value, false));
      this.unclaimed.add(name);
    }
    this.disposeAverages();
    // A saved average is kept only when this wrapper averages, as core's Updater does.
    if (this.stored.average !== undefined) {
      for (const [name, { average, averaged }] of averages) {
        this.averages.set(name, { average: variable(average, false), averaged });
        this.unclaimed.add(name);
      }
    }
    this.iterations_ = iterations;
    gradientState.commit();
  }

  /** Frees the anchors and the wrapped optimizer; afterwards `applyGradients`, `minimize`, `getWeights` and `setWeights` throw a StateError. */
  override dispose(): void {
    dispose([...this.anchors.values()]);
    this.anchors.clear();
    this.disposeAverages();
    this.wrapped.dispose();
    super.dispose();
  }

  private disposeAverages(): void {
    for (const { average } of this.averages.values()) average?.dispose();
    this.averages.clear();
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
      throw new ConfigError(
        'wrappedClassName',
        'an optimizer class registered with tf.serialization.registerClass',
        config.wrappedClassName,
      );
    }
    const [innerClass, innerFromConfig] = entry;
    const wrapped = innerFromConfig(innerClass, decodeConfigText(config.wrappedConfig) as serialization.ConfigDict) as unknown as Optimizer;
    const stored = decodeConfigText(config.decay) as { decay: unknown } & StoredOptions;
    return new cls(wrapped, stored.decay, {
      learningRate: stored.learningRate,
      peakLearningRate: stored.peakLearningRate,
      average: stored.average,
      gradient: stored.gradient,
    });
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
