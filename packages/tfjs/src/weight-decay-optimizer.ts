import { scalar, tensor, tidy } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, serialization } from '@tensorflow/tfjs-core';
import { ConfigError, optimizerSlotNames, parseConfig, resolveConfig, resolveScheduleOrScalar, stepScalars } from '@weight-decay/core';
import type { ResolvedConfig, ScalarOrSchedule, StepScalars, TermScalars } from '@weight-decay/core';
import { createArrayUpdate, decayCoefficients } from '@weight-decay/core/adapter';
import type { ArrayUpdate } from '@weight-decay/core/adapter';
import { decodeConfigText, encodeConfigText, jsonCopy } from './config-codec.js';
import { DecayOptimizerBase } from './decay-optimizer-base.js';
import type { DecayOptimizerOptions, PlannedGradient } from './decay-optimizer-base.js';
import type { StagedGradient } from './gradient-stage.js';
import type { NamedTensor } from './gradient-list.js';
import { anchorSuffix, readIterations, readSavedVariables, stepSuffix } from './saved-weights.js';
import {
  chooseForm,
  commitTensorUpdate,
  computeTensorUpdate,
  disposeState,
  restoreState,
  runArrayUpdate,
  stateTensors,
  tensorOf,
} from './variable-state.js';
import type { ArrayState, KernelMode, TensorState, TensorUpdate, VariableState } from './variable-state.js';

/** Options of {@link createOptimizer}. */
export interface CreateOptimizerOptions extends DecayOptimizerOptions {
  /**
   * Where a variable's state lives and its update runs, chosen at its first
   * update (or when state is restored) and kept from then on:
   * - `'auto'` (default): Float32Arrays updated in place by core's float32
   *   loops on the `cpu` backend (tfjs's cpu ops with scalar operands are
   *   ≈25× slower, see the README), tensors updated in tfjs ops everywhere
   *   else (wasm's SIMD kernels beat the copy; GPU backends never download);
   * - `'tensor'`: always tensors and tfjs ops;
   * - `'kernel'`: always Float32Arrays and core's loops (downloads and uploads θ every step on GPU backends).
   *
   * Both run the same program from `@weight-decay/core`, so switching backend
   * mid-training keeps every variable's state where it is and still works.
   */
  kernel?: 'auto' | 'tensor' | 'kernel';
}

/** What {@link WeightDecayOptimizer.getConfig} returns: the resolved portable config as Keras-safe JSON text. */
export interface WeightDecayOptimizerConfigDict {
  /** Identifies this layout. */
  format: 'weight-decay-tfjs/1';
  /** `JSON.stringify(resolvedConfig)` with `_` escaped as `\u005f`, so tfjs-layers' snake/camel-case pass cannot alter it. */
  portableConfig: string;
  [key: string]: serialization.ConfigDictValue;
}

/**
 * A `tf.Optimizer` built from the portable config: SGD, Adam, RMSprop or
 * Adagrad with PyTorch conventions, plus the config's decay terms, running
 * `@weight-decay/core`'s update program on every backend.
 *
 * State (slots, per-variable step count, anchors) is keyed by variable name,
 * never by list position, so variables can be frozen and unfrozen mid-training.
 * Create it with {@link createOptimizer}.
 */
export class WeightDecayOptimizer extends DecayOptimizerBase {
  /** The stable, package-qualified name tfjs serialization stores. */
  static get className(): string {
    return '@weight-decay/tfjs>WeightDecayOptimizer';
  }

  private resolved: ResolvedConfig;
  private arrayUpdate: ArrayUpdate;
  private readonly kernelMode: KernelMode;
  private readonly state = new Map<string, VariableState>();

  /**
   * Prefer {@link createOptimizer}. Validates the config fully (ConfigError naming the field).
   *
   * @param config - A portable config (resolved or not).
   * @param options - Anchors, checks and where the update runs.
   */
  constructor(config: unknown, options: CreateOptimizerOptions = {}) {
    const resolved = parseConfig(config);
    const kernel = options.kernel ?? 'auto';
    super(resolved.decay, options, resolved.gradient, () => chooseForm(kernel));
    // Builds the schedules now; fails here (not at the first step) on e.g. `relative` scaling over an unbounded schedule.
    stepScalars(resolved, 0);
    this.resolved = resolved;
    this.arrayUpdate = createArrayUpdate(resolved.optimizer, 'float32');
    if (kernel !== 'auto' && kernel !== 'tensor' && kernel !== 'kernel') {
      throw new ConfigError('options.kernel', '"auto", "tensor" or "kernel"', kernel);
    }
    this.kernelMode = kernel;
  }

  /** The resolved portable config this optimizer follows (a copy). */
  get config(): ResolvedConfig {
    return jsonCopy(this.resolved);
  }

  /** η_t, the learning rate the next update uses. */
  learningRate(): number {
    return this.scalars().learningRate;
  }

  /** Every scalar of the next update (η_t, η_peak, per term λ_t, s_t, s_t·λ_t), from core's `stepScalars`. */
  scalars(): StepScalars {
    return stepScalars(this.resolved, this.iterations);
  }

  protected nextTermScalars(): TermScalars[] {
    return this.scalars().terms;
  }

  protected updatedNames(): Iterable<string> {
    return this.state.keys();
  }

  /**
   * Replaces the learning rate (a number or a schedule) and keeps all state.
   * A schedule is evaluated at the optimizer's step count, which is not reset.
   *
   * @throws ConfigError with path `optimizer.learningRate…` when invalid; nothing changes then.
   */
  setLearningRate(learningRate: ScalarOrSchedule): void {
    const rate = resolveScheduleOrScalar(learningRate, 'optimizer.learningRate');
    const next = resolveConfig({ ...this.resolved, optimizer: { ...this.resolved.optimizer, learningRate: rate } });
    stepScalars(next, this.iterations);
    this.resolved = next;
    this.arrayUpdate = createArrayUpdate(next.optimizer, 'float32');
  }

  /** Names of the variables this optimizer keeps state for, in first-update order. */
  variableNames(): string[] {
    return [...this.state.keys()];
  }

  /**
   * One update (docs/guides/decay-contract.md order: coupled terms, optimizer
   * step, decoupled shrink from θ_t, proximal); with the config's `gradient`
   * section one micro-batch, accumulated, skipped or closing the window (see
   * `lastStatus`, `gradNorm`, `skippedUpdates`; the step count t rises on
   * updates only). Every name, shape and dtype is checked before anything
   * changes; on error nothing is applied.
   *
   * @throws ParameterError naming the variable (NonFiniteGradientError under nonFinite "error").
   */
  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const planned = this.planUpdate(
      variableGradients,
      this.state,
      (s) => s.shape,
      (name) => this.state.get(name)?.anchor !== undefined,
    );
    const { learningRate, terms } = stepScalars(this.resolved, this.iterations);
    const optimizer = this.resolved.optimizer;
    const formOfNew = chooseForm(this.kernelMode);
    const forms = planned.map((g) => this.state.get(g.name)?.form ?? formOfNew);
    const coefficients = planned.map((g) => decayCoefficients(g.terms.applied, terms));
    tidy(() => {
      const gradients = this.stageGradients(planned).gradients;
      if (gradients === undefined) return;
      // Tensor updates are computed first (they may throw: nothing has changed yet); array updates
      // cannot throw (inputs checked) and change their slots in place; then every variable is assigned.
      const tensorUpdates = planned.map((g, i) =>
        forms[i] === 'tensor'
          ? computeTensorUpdate(optimizer, this.tensorState(g.name), stagedTensor(g, gradients[i]), learningRate, coefficients[i])
          : undefined,
      );
      const arrayUpdates = planned.map((g, i) =>
        forms[i] === 'array'
          ? runArrayUpdate(
              optimizer,
              this.arrayUpdate,
              this.arrayState(g.name),
              g,
              learningRate,
              coefficients[i],
              stagedValues(gradients[i]),
            )
          : undefined,
      );
      planned.forEach((g, i) => {
        const arrayUpdate = arrayUpdates[i];
        if (arrayUpdate !== undefined) {
          this.state.set(g.name, arrayUpdate.state);
          g.variable.assign(tensor(arrayUpdate.theta, g.variable.shape, 'float32'));
        } else {
          this.state.set(g.name, commitTensorUpdate(this.tensorState(g.name), g, tensorUpdates[i] as TensorUpdate));
        }
      });
    });
    if (this.lastResult?.status === 'updated') this.incrementIterations();
  }

  private tensorState(name: string): TensorState | undefined {
    const state = this.state.get(name);
    return state?.form === 'tensor' ? state : undefined;
  }

  private arrayState(name: string): ArrayState | undefined {
    const state = this.state.get(name);
    return state?.form === 'array' ? state : undefined;
  }

  /**
   * Optimizer state as named tensors: `iter` first (tfjs convention), then per
   * variable `<name>/<slot>` for each slot, `<name>/step` and, with an anchor
   * term, `<name>/anchor`. The tensors belong to the optimizer (do not dispose
   * them); those made here (the scalars, and copies of state held in arrays)
   * are freed by the next `getWeights` or `dispose`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    this.releaseExported();
    const weights: NamedTensor[] = [{ name: 'iter', tensor: this.own(scalar(this.iterations, 'int32')) }, ...this.gradientWeights()];
    const slotNames = optimizerSlotNames(this.resolved.optimizer);
    for (const [name, state] of this.state) {
      const { slots, anchor } = stateTensors(state, (values, shape) => this.own(tensorOf(values, shape)));
      slotNames.forEach((slot, i) => weights.push({ name: `${name}/${slot}`, tensor: slots[i] }));
      weights.push({ name: `${name}/${stepSuffix}`, tensor: this.own(scalar(state.step, 'int32')) });
      if (anchor !== undefined) weights.push({ name: `${name}/${anchorSuffix}`, tensor: anchor });
    }
    return weights;
  }

  /**
   * Replaces all state with what {@link getWeights} produced (possibly after a
   * save and load). Everything is checked first; on error the state is unchanged.
   *
   * @throws StateError naming the offending weight.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const gradientState = await this.takeGradientWeights(weightValues);
    const iterations = await readIterations(gradientState.rest);
    const saved = await readSavedVariables(gradientState.rest, optimizerSlotNames(this.resolved.optimizer));
    const form = chooseForm(this.kernelMode);
    const restored = new Map<string, VariableState>();
    for (const [name, entry] of saved) restored.set(name, await restoreState(form, entry));
    this.disposeState();
    this.unclaimed.clear();
    for (const [name, state] of restored) {
      this.state.set(name, state);
      this.unclaimed.add(name);
    }
    this.iterations_ = iterations;
    gradientState.commit();
  }

  /** Frees every tensor the optimizer owns; the optimizer is unusable afterwards only in that its state is gone. */
  override dispose(): void {
    this.disposeState();
    super.dispose();
  }

  private disposeState(): void {
    for (const state of this.state.values()) disposeState(state);
    this.state.clear();
  }

  /** The portable config, as Keras-safe JSON text (see {@link WeightDecayOptimizerConfigDict}). */
  override getConfig(): WeightDecayOptimizerConfigDict {
    return { format: 'weight-decay-tfjs/1', portableConfig: encodeConfigText(this.resolved) };
  }

  /**
   * Rebuilds an optimizer from {@link getConfig}'s output (or from a plain portable config).
   *
   * @throws ConfigError naming the field when the config is invalid.
   */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    return new cls(readPortableConfig(config)) as T;
  }
}

/** The variable's gradient as the stage handed it on, as a tensor (made inside the update's `tidy`). */
function stagedTensor(g: PlannedGradient, staged: StagedGradient): PlannedGradient {
  return { ...g, gradient: staged instanceof Float32Array ? tensor(staged, g.variable.shape, 'float32') : staged };
}

/** The variable's gradient as the stage handed it on, as Float32Array values. */
function stagedValues(staged: StagedGradient): Float32Array {
  return staged instanceof Float32Array ? staged : (staged.dataSync() as Float32Array);
}

/** Reads the portable config out of a tfjs config dict written by `getConfig` (or a plain portable config). */
function readPortableConfig(config: serialization.ConfigDict): unknown {
  if (config != null && typeof config === 'object' && typeof config.portableConfig === 'string') {
    return decodeConfigText(config.portableConfig);
  }
  if (config != null && typeof config === 'object' && 'optimizer' in config) {
    const { customObjects: _ignored, ...rest } = config as Record<string, unknown>;
    return rest;
  }
  throw new ConfigError('', 'a config dict with "portableConfig" (from getConfig) or a portable config', config);
}
