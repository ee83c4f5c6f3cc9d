import { engine, tensor, tidy } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable, serialization } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  groupOptimizer,
  groupStepScalars,
  initialPlateauRates,
  optimizerSlotNames,
  parseConfig,
  reportPlateauRates,
  resolveConfig,
  stepScalars,
} from '@weight-decay/core';
import type {
  LearningRate,
  PlateauRates,
  ResolvedConfig,
  ResolvedOptimizerConfig,
  StepScalars,
  TermScalars,
  WeightDecayConfig,
} from '@weight-decay/core';
import { createArrayUpdate, decayCoefficients } from '@weight-decay/core/adapter';
import type { ArrayUpdate } from '@weight-decay/core/adapter';
import { decodeConfigText, encodeConfigText, jsonCopy } from './config-codec.js';
import { DecayOptimizerBase } from './decay-optimizer-base.js';
import { runFusedUpdate } from './fused-kernels/fused-kernel.js';
import { fusedUpdateFor } from './fused-kernels/registry.js';
import type { DecayOptimizerOptions, PlannedGradient } from './decay-optimizer-base.js';
import type { StagedGradient } from './gradient-stage.js';
import type { NamedTensor } from './gradient-list.js';
import { plateauWeightNames, plateauWeights, readPlateauWeights } from './plateau-weight.js';
import { claimRestoredEntry } from './restored-names.js';
import { anchorSuffix, averageSuffix, averagedSuffix, readIterations, readSavedVariables, stepSuffix } from './saved-weights.js';
import { swapArrayAverage, swapTensorAverage } from './variable-average.js';
import type { Averaging } from './variable-average.js';
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
   *   ≈25× slower, see the README); on a backend with a fused kernel (`wasm`:
   *   the same loops as a WebAssembly module on the wasm heap, slots in place,
   *   θ and the average into new buffers; `webgl`: one generated shader per
   *   output) tensors updated by that kernel in one pass; tensors updated
   *   op by op in tfjs ops everywhere else;
   * - `'tensor'`: always tensors, updated op by op in tfjs ops (the path to
   *   compare a fused kernel with);
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
  /**
   * Where the update runs ({@link CreateOptimizerOptions.kernel}), so a model loaded with its optimizer
   * continues on the same path, bit for bit (the paths agree only to float32 rounding), as PyTorch's
   * state_dict keeps `foreach` and `fused`. `fromConfig` reads a config written without it as `'auto'`.
   */
  kernel: 'auto' | 'tensor' | 'kernel';
  /** {@link DecayOptimizerOptions.checkFinite}, kept across a save and load. */
  checkFinite: boolean;
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
  /** The top-level optimizer, then one per entry of `groups`. */
  private runs: OptimizerRun[];
  private readonly kernelMode: KernelMode;
  private readonly state = new Map<string, VariableState>();
  /** Each reduce-on-plateau learning rate's counters and current rate (config 1.1: the top level's, groups' own); null without one. */
  private plateaus: PlateauRates | null;

  /**
   * Prefer {@link createOptimizer}. Validates the config fully (ConfigError naming the field).
   *
   * @param config - A portable config (resolved or not).
   * @param options - Anchors, checks and where the update runs.
   */
  constructor(config: unknown, options: CreateOptimizerOptions = {}) {
    const resolved = parseConfig(config);
    const kernel = options.kernel ?? 'auto';
    super(resolved, options, resolved.gradient, () => chooseForm(kernel));
    // Builds the schedules now; fails here (not at the first step) on e.g. `relative` scaling over an unbounded schedule.
    groupStepScalars(resolved, 0);
    this.resolved = resolved;
    this.runs = optimizerRuns(resolved);
    this.plateaus = initialPlateauRates(resolved);
    if (kernel !== 'auto' && kernel !== 'tensor' && kernel !== 'kernel') {
      throw new ConfigError('options.kernel', '"auto", "tensor" or "kernel"', kernel);
    }
    this.kernelMode = kernel;
  }

  /** The resolved portable config this optimizer follows (a copy). */
  get config(): ResolvedConfig {
    return jsonCopy(this.resolved);
  }

  /**
   * η_t, the learning rate the next update uses (a number, as tfjs's own
   * optimizers' `learningRate` field). Assigning works as it does on them, and
   * as user code and learning-rate callbacks do: `optimizer.learningRate = 1e-4`
   * is {@link setLearningRate}: that rate from now on (a number stays constant;
   * a schedule object is evaluated at the step count), slots and step count
   * kept, and `getConfig` writes it.
   *
   * @throws ConfigError with path `optimizer.learningRate` when the value is invalid; nothing changes then.
   */
  get learningRate(): number {
    return this.scalars().learningRate;
  }

  set learningRate(learningRate: LearningRate) {
    this.setLearningRate(learningRate);
  }

  /** Every scalar of the next update (η_t, η_peak, per term λ_t, s_t, s_t·λ_t), from core's `stepScalars`. */
  scalars(): StepScalars {
    return stepScalars(this.resolved, this.iterations, this.plateaus?.top?.rate);
  }

  /**
   * Reports a metric (e.g. the epoch's validation loss) to a reduce-on-plateau
   * learning rate (config 1.1: the top level's and each group's own all see it);
   * the next update uses the rate it leaves. In `model.fit`,
   * {@link reduceLearningRateOnPlateau} calls this at each epoch end.
   *
   * @throws ConfigError (path `optimizer.learningRate`) when the config has no reduce-on-plateau learning rate.
   */
  reportMetric(value: number): void {
    this.plateaus = reportPlateauRates(this.resolved, this.plateaus, value);
  }

  protected nextTermScalars(): TermScalars[] {
    return this.scalars().terms;
  }

  protected updatedNames(): Iterable<string> {
    return this.state.keys();
  }

  protected heldAnchor(name: string): Tensor | Float32Array | undefined {
    return this.state.get(name)?.anchor;
  }

  /**
   * Replaces the learning rate (a number, a schedule or reduce-on-plateau) and keeps all state.
   * A schedule is evaluated at the optimizer's step count, which is not reset;
   * a reduce-on-plateau learning rate starts afresh at its `initial`.
   *
   * @throws ConfigError with path `optimizer.learningRate…` when invalid; nothing changes then.
   */
  setLearningRate(learningRate: LearningRate): void {
    const next = resolveConfig({ ...this.resolved, optimizer: { ...this.resolved.optimizer, learningRate } } as WeightDecayConfig);
    groupStepScalars(next, this.iterations);
    this.resolved = next;
    this.runs = optimizerRuns(next);
    this.plateaus = initialPlateauRates(next);
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
    this.checkNotSwapped('applyGradients');
    const planned = this.planUpdate(
      variableGradients,
      this.state,
      (s) => s.shape,
      (name) => this.state.get(name)?.anchor !== undefined,
    );
    const top = this.scalars();
    const groups = groupStepScalars(this.resolved, this.iterations, top, this.plateaus);
    const formOfNew = chooseForm(this.kernelMode);
    const forms = planned.map((g) => this.state.get(g.name)?.form ?? formOfNew);
    // Each variable runs its group's optimizer with its group's η_t and decay coefficients.
    const runs = planned.map((g) => this.runs[g.terms.group + 1]);
    const scalars = planned.map((g) => (g.terms.group < 0 ? top : groups[g.terms.group]));
    const coefficients = planned.map((g, i) => decayCoefficients(g.terms.applied, scalars[i].terms));
    const averaging: Averaging | undefined = this.resolved.average && { config: this.resolved.average, update: this.iterations + 1 };
    // Tensor-form state takes the backend's fused kernel when there is one (`kernel: 'auto'`), average included.
    const fused = runs.map((run) => (this.kernelMode === 'auto' ? fusedUpdateFor(engine().backendName, run.optimizer) : undefined));
    // When every variable runs a fused kernel that can sum g² (wasm), a global-norm clip goes into its pass.
    const allFused = planned.every((_, i) => forms[i] === 'tensor' && fused[i]?.sumOfSquares !== undefined);
    tidy(() => {
      // A fused kernel that sums g² in its pass spares N a reduction of that gradient; one that takes
      // the clip factor in its pass spares the clipped copy.
      const staged = this.stageGradients(planned, {
        sumsInPass: fused.map((f, i) => forms[i] === 'tensor' && f?.sumsGradientSquares === true),
        sumOfSquares: allFused ? fused[0]?.sumOfSquares : undefined,
      });
      const { gradients, clipFactor } = staged;
      if (gradients === undefined) return;
      // Tensor updates are computed first (they may throw: nothing has changed yet); array and fused
      // updates cannot throw (inputs checked) and change their slots in place; then every variable is assigned.
      const tensorUpdates = planned.map((g, i) =>
        forms[i] === 'tensor' && fused[i] === undefined
          ? computeTensorUpdate(
              runs[i].optimizer,
              this.tensorState(g.name),
              stagedTensor(g, gradients[i]),
              scalars[i].learningRate,
              coefficients[i],
              averaging,
            )
          : undefined,
      );
      const arrayUpdates = planned.map((g, i) =>
        forms[i] === 'array'
          ? runArrayUpdate(
              runs[i].optimizer,
              runs[i].arrayUpdate,
              this.arrayState(g.name),
              g,
              scalars[i].learningRate,
              coefficients[i],
              averaging,
              stagedValues(gradients[i]),
            )
          : undefined,
      );
      planned.forEach((g, i) => {
        const arrayUpdate = arrayUpdates[i];
        if (arrayUpdate !== undefined) {
          this.state.set(g.name, arrayUpdate.state);
          g.variable.assign(tensor(arrayUpdate.theta, g.variable.shape, 'float32'));
        } else if (fused[i] !== undefined) {
          this.state.set(
            g.name,
            runFusedUpdate(
              runs[i].optimizer,
              fused[i],
              this.tensorState(g.name),
              stagedTensor(g, gradients[i]),
              scalars[i].learningRate,
              coefficients[i],
              { averaging, clipFactor, addSumOfSquares: staged.addSumOfSquares },
            ),
          );
        } else {
          this.state.set(g.name, commitTensorUpdate(this.tensorState(g.name), g, tensorUpdates[i] as TensorUpdate));
        }
      });
    });
    if (this.lastResult?.status === 'updated') this.incrementIterations();
  }

  protected averagedNames(): string[] {
    return [...this.state].filter(([, state]) => state.average !== undefined).map(([name]) => name);
  }

  protected claimRestored(name: string, shape: readonly number[]): void {
    claimRestoredEntry(this.state, this.unclaimed, name, shape, (s) => s.shape);
  }

  protected swapAverageOf(name: string): void {
    const state = this.state.get(name);
    const variable: Variable | undefined = engine().registeredVariables[name];
    if (state?.average === undefined || variable === undefined) return;
    if (state.form === 'tensor') swapTensorAverage(variable, state.average as Variable);
    else state.average = swapArrayAverage(variable, state.average);
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
   * term, `<name>/anchor`, and with an `average`, `<name>/average` and
   * `<name>/averaged` (updates it holds). A reduce-on-plateau learning rate adds `plateau`
   * (and a group's own, `groupPlateaus`) after `iter`: the state as JSON in a string scalar (float64 exactly).
   * As with tfjs's own optimizers the tensors are the
   * optimizer's (do not dispose them: tfjs-layers' `model.save` does not): the
   * state itself, or for `iter`, the steps and state held in arrays, tensors
   * the optimizer keeps and refreshes on each call. None is ever freed by a
   * later call or update; `dispose` frees them (and `setWeights` the state it
   * replaces). Clone a tensor to keep its values past the next update.
   *
   * @throws StateError after `dispose`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    this.assertUsable();
    this.checkNotSwapped('getWeights');
    const weights: NamedTensor[] = [{ name: 'iter', tensor: this.exportedCount('iter', this.iterations) }, ...this.gradientWeights()];
    for (const { name, make } of plateauWeights(this.plateaus)) weights.push({ name, tensor: this.exportedTensor(name, make) });
    for (const [name, state] of this.state) {
      const { slots, anchor, average } = stateTensors(state, (values, shape, key) =>
        this.exportedTensor(`${name}/${key}`, () => tensorOf(values, shape)),
      );
      this.slotNamesOf(name, state.shape).forEach((slot, i) => weights.push({ name: `${name}/${slot}`, tensor: slots[i] }));
      weights.push({ name: `${name}/${stepSuffix}`, tensor: this.exportedCount(`${name}/${stepSuffix}`, state.step) });
      if (anchor !== undefined) weights.push({ name: `${name}/${anchorSuffix}`, tensor: anchor });
      if (average !== undefined) {
        weights.push({ name: `${name}/${averageSuffix}`, tensor: average });
        weights.push({ name: `${name}/${averagedSuffix}`, tensor: this.exportedCount(`${name}/${averagedSuffix}`, state.averaged) });
      }
    }
    return weights;
  }

  /**
   * Replaces all state with what {@link getWeights} produced (possibly after a
   * save and load). Everything is checked first; on error the state is unchanged.
   *
   * @throws StateError naming the offending weight, or after `dispose`.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    this.assertUsable();
    this.checkNotSwapped('setWeights');
    const gradientState = await this.takeGradientWeights(weightValues);
    const iterations = await readIterations(gradientState.rest);
    const plateaus = await readPlateauWeights(this.resolved, gradientState.rest);
    const saved = await readSavedVariables(
      gradientState.rest.filter((w) => !(plateauWeightNames as readonly string[]).includes(w.name)),
      (name, shape) => this.slotNamesOf(name, shape),
    );
    const form = chooseForm(this.kernelMode);
    const restored = new Map<string, VariableState>();
    for (const [name, entry] of saved) {
      // A saved average the current config does not keep is dropped, as core's Updater does.
      const kept = this.resolved.average === undefined ? { ...entry, average: undefined, averaged: 0 } : entry;
      restored.set(name, await restoreState(form, kept));
    }
    this.disposeState();
    this.unclaimed.clear();
    for (const [name, state] of restored) {
      this.state.set(name, state);
      this.unclaimed.add(name);
    }
    this.iterations_ = iterations;
    this.plateaus = plateaus;
    gradientState.commit();
  }

  /** The slots of the optimizer a variable runs: its group's, or the top level's. */
  private slotNamesOf(name: string, shape: readonly number[]): string[] {
    return this.runs[this.groupOf(name, shape) + 1].slotNames;
  }

  /** Frees every tensor the optimizer owns; afterwards `applyGradients`, `minimize`, `getWeights` and `setWeights` throw a StateError. */
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
    return {
      format: 'weight-decay-tfjs/1',
      portableConfig: encodeConfigText(this.resolved),
      kernel: this.kernelMode,
      checkFinite: this.checkFinite,
    };
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
    const { kernel, checkFinite } = (config ?? {}) as { kernel?: unknown; checkFinite?: unknown };
    // Checked by the constructor like any option (ConfigError at options.kernel / options.checkFinite).
    return new cls(readPortableConfig(config), { kernel, checkFinite }) as T;
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
/** One optimizer a variable can run: the top level's or a group's. */
interface OptimizerRun {
  optimizer: ResolvedOptimizerConfig;
  arrayUpdate: ArrayUpdate;
  slotNames: string[];
}

function optimizerRuns(config: ResolvedConfig): OptimizerRun[] {
  const optimizers = [config.optimizer, ...(config.groups ?? []).map((group) => groupOptimizer(config, group))];
  return optimizers.map((optimizer) => ({
    optimizer,
    arrayUpdate: createArrayUpdate(optimizer, 'float32'),
    slotNames: optimizerSlotNames(optimizer),
  }));
}

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
