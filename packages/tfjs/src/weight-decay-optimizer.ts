import { Optimizer, dispose, engine, scalar, sub, tensor, tidy, variable } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable, serialization } from '@tensorflow/tfjs-core';
import {
  ConfigError,
  StateError,
  optimizerSlotNames,
  parseConfig,
  planDecay,
  resolveConfig,
  resolveScheduleOrScalar,
  createStepScalars,
} from '@weight-decay/core';
import type { DecayPlan, ResolvedConfig, ScalarOrSchedule, StepScalars } from '@weight-decay/core';
import { decodeConfigText, encodeConfigText, jsonCopy } from './config-codec.js';
import { coupledGradient, decoupledShrink, proximalShrink } from './decay-ops.js';
import { coupledPenaltyOf, liveVariables, zeroFractionOf } from './decay-metrics.js';
import { readGradients, sameShape } from './gradient-list.js';
import type { NamedTensor } from './gradient-list.js';
import type { VariableGradient } from './gradient-list.js';
import { anchorSourceFor, anchorTensor, readAnchorValues } from './anchor-values.js';
import { checkFiniteGradients } from './finite-check.js';
import { initialSlot, optimizerStep } from './optimizer-step.js';
import { TermSelector, toParameterSpecs, readOnWarning } from './variable-terms.js';
import type { PlannedParameter } from './variable-terms.js';
import { claimRestoredEntry } from './restored-names.js';
import { createKernelForm, kernelStep } from './kernel-form.js';
import type { KernelForm } from './kernel-form.js';
import type { VariableTerms } from './variable-terms.js';

/** Options of {@link createOptimizer}. */
export interface CreateOptimizerOptions {
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
   * selects none of them (semantics.md: never silence). Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
  /**
   * Where the element-wise update runs:
   * - `'auto'` (default): core's float32 kernel on the `cpu` backend (via
   *   dataSync/assign; tfjs's cpu ops with scalar operands are ≈25× slower, see the README),
   *   tfjs ops everywhere else (wasm's SIMD kernels beat the copy; GPU
   *   backends never download).
   * - `'tensor'`: always tfjs ops inside `tidy`.
   * - `'kernel'`: always core's kernel (downloads and uploads every step on GPU backends).
   *
   * A variable updated at every step since the first keeps its state where its
   * update runs; switching backend mid-training moves it (losslessly).
   * Variables that joined late or skipped updates always use tfjs ops (the
   * kernel keeps a single step count for schedules and bias correction).
   */
  kernel?: 'auto' | 'tensor' | 'kernel';
}

/**
 * The state kept for one variable, keyed by the variable's name: slot tensors
 * and anchor (tensor form), or a {@link KernelForm} holding them in core's kernel.
 */
interface VariableState {
  /** Updates applied to this variable (PyTorch's per-parameter `state['step']`). */
  step: number;
  shape: number[];
  slots: Record<string, Variable>;
  anchor?: Variable;
  kernel?: KernelForm;
}

/** What {@link WeightDecayOptimizer.getConfig} returns: the resolved portable config as Keras-safe JSON text. */
export interface WeightDecayOptimizerConfigDict {
  /** Identifies this layout. */
  format: 'weight-decay-tfjs/1';
  /** `JSON.stringify(resolvedConfig)` with `_` escaped as `\u005f`, so tfjs-layers' snake/camel-case pass cannot alter it. */
  portableConfig: string;
  [key: string]: serialization.ConfigDictValue;
}

const weightSuffixStep = 'step';
const weightSuffixAnchor = 'anchor';

/**
 * A `tf.Optimizer` built from the portable config: SGD, Adam, RMSprop or
 * Adagrad with PyTorch conventions, plus the config's decay terms, in tfjs ops
 * inside `tidy` (so it runs on every backend: cpu, wasm, webgl, webgpu, node).
 *
 * State (slots, per-variable step count, anchors) is keyed by variable name,
 * never by list position, so variables can be frozen and unfrozen mid-training.
 * Create it with {@link createOptimizer}.
 */
export class WeightDecayOptimizer extends Optimizer {
  /** The stable, package-qualified name tfjs serialization stores. */
  static get className(): string {
    return '@weight-decay/tfjs>WeightDecayOptimizer';
  }

  private resolved: ResolvedConfig;
  /** The scalars of update t+1 for `resolved`, with its schedules built once. */
  private scalarsAt: (t: number) => StepScalars;
  private readonly checkFinite: boolean;
  private readonly onWarning: (message: string) => void;
  private readonly kernelMode: 'auto' | 'tensor' | 'kernel';
  private readonly suppliedAnchors: Map<string, Float32Array>;
  private readonly state = new Map<string, VariableState>();
  private readonly selector: TermSelector;
  private exported: Tensor[] = [];
  /** Names restored by setWeights that no update has used yet (see `claimRestoredEntry`). */
  private readonly unclaimed = new Set<string>();

  /**
   * Prefer {@link createOptimizer}. Validates the config fully (ConfigError naming the field).
   *
   * @param config - A portable config (resolved or not).
   * @param options - Anchors and checks.
   */
  constructor(config: unknown, options: CreateOptimizerOptions = {}) {
    super();
    const resolved = parseConfig(config);
    // Builds the schedules once; fails now (not at the first step) on e.g. `relative` scaling over an unbounded schedule.
    this.scalarsAt = createStepScalars(resolved);
    this.resolved = resolved;
    this.selector = new TermSelector(resolved.decay);
    this.checkFinite = options.checkFinite ?? false;
    this.onWarning = readOnWarning(options.onWarning);
    const kernel = options.kernel ?? 'auto';
    if (kernel !== 'auto' && kernel !== 'tensor' && kernel !== 'kernel') {
      throw new ConfigError('options.kernel', '"auto", "tensor" or "kernel"', kernel);
    }
    this.kernelMode = kernel;
    this.suppliedAnchors = readAnchorValues(options.anchors);
  }

  /** The resolved portable config this optimizer follows (a copy). */
  get config(): ResolvedConfig {
    return jsonCopy(this.resolved);
  }

  /** η_t, the learning rate the next update uses. */
  learningRate(): number {
    return this.scalarsAt(this.iterations).learningRate;
  }

  /** Every scalar of the next update (η_t, η_peak, per term λ_t, s_t, s_t·λ_t), from core's `stepScalars`. */
  scalars(): StepScalars {
    return this.scalarsAt(this.iterations);
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
    const scalarsAt = createStepScalars(next);
    this.resolved = next;
    this.scalarsAt = scalarsAt;
    // Kernel forms carry the old config; tensor form is config-free and moves back at the next update.
    for (const [name, state] of this.state) this.toTensorForm(name, state);
  }

  /**
   * Which parameters each decay term touches, checked strictly: an include
   * pattern or explicit name matching none of `parameters` is a ConfigError
   * (path `decay[i].params.include[j]`). Pass `model.trainableWeights` or a list of variables.
   *
   * @param parameters - Anything with a `name` and a `shape` (tf.Variable, tfjs-layers LayerVariable).
   * @param options - `unmatched: 'warn'` turns unmatched patterns into `warnings` instead.
   */
  plan(parameters: readonly PlannedParameter[], options: { unmatched?: 'error' | 'warn' } = {}): DecayPlan {
    return planDecay(this.resolved, toParameterSpecs(parameters), { unmatched: options.unmatched ?? 'error' });
  }

  /** Names of the variables this optimizer keeps state for, in first-update order. */
  variableNames(): string[] {
    return [...this.state.keys()];
  }

  /**
   * One update (semantics.md order: coupled terms, decoupled shrink from θ_t,
   * optimizer step, proximal). Every name, shape and dtype is checked before
   * anything changes; on error nothing is applied.
   *
   * @throws ParameterError naming the variable.
   */
  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const gradients = readGradients(variableGradients);
    if (this.checkFinite) checkFiniteGradients(gradients);
    this.selector.reportUnmatchedOnce(gradients, this.onWarning);
    const t = this.iterations;
    const scalars = this.scalarsAt(t);
    for (const g of gradients) claimRestoredEntry(this.state, this.unclaimed, g.name, g.variable.shape, (e) => e.shape);
    const plans = gradients.map((g) => this.selector.select(g.name, g.variable.shape));
    const anchorValues = gradients.map((g, i) => this.anchorSource(g, plans[i]));
    const onKernel = gradients.map((g) => this.runsOnKernel(g.name, t));
    // Everything is checked. Moving state between forms changes no value, so it may precede the update.
    gradients.forEach((g, i) => {
      const state = this.state.get(g.name);
      if (state === undefined) return;
      if (onKernel[i]) this.toKernelForm(g.name, state, plans[i]);
      else this.toTensorForm(g.name, state);
    });
    const slotNames = optimizerSlotNames(this.resolved.optimizer);

    tidy(() => {
      // Phase 1 computes every tensor-path value (may throw: nothing is changed yet); the kernel
      // updates cannot throw (inputs checked) and run next; phase 2 assigns.
      const results = gradients.map((g, i) =>
        onKernel[i] ? undefined : this.computeUpdate(g, plans[i], scalars, slotNames, anchorValues[i]),
      );
      const kernelResults = gradients.map((g, i) => (onKernel[i] ? this.kernelUpdate(g, plans[i], anchorValues[i]) : undefined));
      gradients.forEach((g, i) => {
        let state = this.state.get(g.name);
        if (state === undefined) {
          state = { step: 0, shape: [...g.variable.shape], slots: {} };
          this.state.set(g.name, state);
        }
        const kernelResult = kernelResults[i];
        if (kernelResult !== undefined) {
          state.kernel = kernelResult.form;
          g.variable.assign(tensor(kernelResult.theta, g.variable.shape, 'float32'));
        } else {
          const { theta, slots, anchor } = results[i] as ReturnType<WeightDecayOptimizer['computeUpdate']>;
          for (const name of slotNames) {
            const value = slots[name];
            const existing = state.slots[name];
            if (existing === undefined) state.slots[name] = variable(value, false);
            else existing.assign(value);
          }
          if (anchor !== undefined && state.anchor === undefined) state.anchor = variable(anchor, false);
          g.variable.assign(theta);
        }
        state.step += 1;
      });
    });
    this.incrementIterations();
  }

  /** Whether this update of `name` runs on core's kernel (see {@link CreateOptimizerOptions.kernel}). */
  private runsOnKernel(name: string, t: number): boolean {
    if (this.kernelMode === 'tensor') return false;
    if (this.kernelMode === 'auto' && engine().backendName !== 'cpu') return false;
    const state = this.state.get(name);
    return state === undefined ? t === 0 : state.step === t;
  }

  /** Moves a variable's state into core's kernel (values copied exactly). */
  private toKernelForm(name: string, state: VariableState, terms: VariableTerms): void {
    if (state.kernel !== undefined) return;
    const slots: Record<string, Float32Array> = {};
    for (const [slot, value] of Object.entries(state.slots)) slots[slot] = value.dataSync() as Float32Array;
    const anchor = state.anchor !== undefined ? new Float32Array(state.anchor.dataSync() as Float32Array) : undefined;
    state.kernel = createKernelForm(this.resolved, terms, name, state.shape, anchor, { step: state.step, slots });
    dispose(Object.values(state.slots));
    state.slots = {};
    state.anchor?.dispose();
    state.anchor = undefined;
  }

  /** Moves a variable's state out of core's kernel into tensors (values copied exactly). */
  private toTensorForm(name: string, state: VariableState): void {
    const form = state.kernel;
    if (form === undefined) return;
    const live = form.updater.slots(name);
    const slots: Record<string, Variable> = {};
    for (const [slot, values] of Object.entries(live)) {
      slots[slot] = variable(tensor(Float32Array.from(values), state.shape, 'float32'), false);
    }
    state.slots = slots;
    state.anchor = form.anchor !== undefined ? variable(tensor(Float32Array.from(form.anchor), state.shape, 'float32'), false) : undefined;
    state.kernel = undefined;
  }

  /** The kernel path of one variable: creates its kernel form on the first update. */
  private kernelUpdate(
    g: VariableGradient,
    terms: VariableTerms,
    anchorSource: Tensor | Float32Array | undefined,
  ): { theta: Float32Array; form: KernelForm } {
    let form = this.state.get(g.name)?.kernel;
    if (form === undefined) {
      let anchor: Float32Array | undefined;
      if (terms.needsAnchor) {
        anchor = anchorSource instanceof Float32Array ? anchorSource : new Float32Array(g.variable.dataSync() as Float32Array);
      }
      form = createKernelForm(this.resolved, terms, g.name, g.variable.shape, anchor);
    }
    return { theta: kernelStep(form, g.name, g.variable, g.gradient), form };
  }

  private computeUpdate(
    g: VariableGradient,
    terms: VariableTerms,
    scalars: StepScalars,
    slotNames: string[],
    anchorSource: Tensor | Float32Array | undefined,
  ): { theta: Tensor; slots: Record<string, Tensor>; anchor?: Tensor } {
    const state = this.state.get(g.name);
    const theta = g.variable;
    const slots: Record<string, Tensor> = {};
    for (const name of slotNames) slots[name] = state?.slots[name] ?? initialSlot(this.resolved.optimizer, name, theta);
    let anchor: Tensor | undefined = state?.anchor;
    let newAnchor: Tensor | undefined;
    if (terms.needsAnchor && anchor === undefined) {
      newAnchor = anchorTensor(anchorSource, theta);
      anchor = newAnchor;
    }
    const gradient = coupledGradient(terms.coupled, scalars.terms, theta, g.gradient);
    const step = optimizerStep(this.resolved.optimizer, gradient, slots, state?.step ?? 0, scalars.learningRate);
    const shrunk = decoupledShrink(terms.decoupled, scalars.terms, theta, anchor, step.direction);
    const stepped = sub(shrunk, step.update);
    const result = proximalShrink(terms.proximal, scalars.terms, stepped);
    return { theta: result, slots: step.slots, anchor: newAnchor };
  }

  /** Where the anchor of a variable comes from if it needs one and has none yet; validated before any change. */
  private anchorSource(g: VariableGradient, terms: VariableTerms): Tensor | Float32Array | undefined {
    const state = this.state.get(g.name);
    if (!terms.needsAnchor || state?.anchor !== undefined || state?.kernel?.anchor !== undefined) return undefined;
    return anchorSourceFor(this.suppliedAnchors, g.name, g.variable);
  }

  /**
   * The penalty of the l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|, either method) terms at λ of the next update, as core's `coupledPenalty`,
   * over `variables` (default: every variable this optimizer has updated and that still exists).
   */
  penalty(variables?: readonly Variable[]): number {
    const scalars = this.scalarsAt(this.iterations);
    return coupledPenaltyOf(this.selector, scalars.terms, variables ?? liveVariables(this.state.keys()));
  }

  /** Fraction of elements that are exactly zero over `variables` (default: every variable this optimizer has updated). */
  zeroFraction(variables?: readonly Variable[]): number {
    return zeroFractionOf(variables ?? liveVariables(this.state.keys()));
  }

  /**
   * Optimizer state as named tensors: `iter` first (tfjs convention), then per
   * variable `<name>/<slot>` for each slot, `<name>/step` and, with an anchor
   * term, `<name>/anchor`. The tensors belong to the optimizer (do not dispose
   * them); those made here (the scalars, and copies of state held by core's
   * kernel) are freed by the next `getWeights` or `dispose`.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    dispose(this.exported);
    this.exported = [];
    const own = (t: Tensor): Tensor => {
      this.exported.push(t);
      return t;
    };
    const weights: NamedTensor[] = [{ name: 'iter', tensor: own(scalar(this.iterations, 'int32')) }];
    const slotNames = optimizerSlotNames(this.resolved.optimizer);
    for (const [name, state] of this.state) {
      const form = state.kernel;
      const copy = (values: ArrayLike<number>): Tensor => own(tensor(Float32Array.from(values), state.shape, 'float32'));
      for (const slot of slotNames) {
        weights.push({ name: `${name}/${slot}`, tensor: form !== undefined ? copy(form.updater.slots(name)[slot]) : state.slots[slot] });
      }
      weights.push({ name: `${name}/${weightSuffixStep}`, tensor: own(scalar(state.step, 'int32')) });
      const anchor = form !== undefined ? (form.anchor !== undefined ? copy(form.anchor) : undefined) : state.anchor;
      if (anchor !== undefined) weights.push({ name: `${name}/${weightSuffixAnchor}`, tensor: anchor });
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
    if (!Array.isArray(weightValues) || weightValues.length === 0 || weightValues[0]?.name !== 'iter') {
      throw new StateError('weights[0]', 'expected the "iter" scalar first');
    }
    const iterValues = await weightValues[0].tensor.data();
    const iterations = Number(iterValues[0]);
    if (weightValues[0].tensor.size !== 1 || !Number.isInteger(iterations) || iterations < 0) {
      throw new StateError('weights["iter"]', `expected a non-negative integer scalar, received ${iterations}`);
    }
    const slotNames = optimizerSlotNames(this.resolved.optimizer);
    const allowed = new Set([...slotNames, weightSuffixStep, weightSuffixAnchor]);
    const parsed = new Map<string, Record<string, Tensor>>();
    for (const { name, tensor: value } of weightValues.slice(1)) {
      const cut = name.lastIndexOf('/');
      const variableName = name.slice(0, cut);
      const suffix = name.slice(cut + 1);
      if (cut <= 0 || !allowed.has(suffix)) {
        throw new StateError(`weights[${JSON.stringify(name)}]`, `not a weight of this optimizer (slots: ${[...allowed].join(', ')})`);
      }
      const entry = parsed.get(variableName) ?? {};
      if (entry[suffix] !== undefined) throw new StateError(`weights[${JSON.stringify(name)}]`, 'appears twice');
      entry[suffix] = value;
      parsed.set(variableName, entry);
    }
    const registeredVariables = engine().registeredVariables;
    const next = new Map<string, { step: number; shape: number[]; slots: Record<string, Tensor>; anchor?: Tensor }>();
    for (const [variableName, entry] of parsed) {
      const path = (suffix: string): string => `weights[${JSON.stringify(`${variableName}/${suffix}`)}]`;
      const stepTensor = entry[weightSuffixStep];
      if (stepTensor === undefined) throw new StateError(path(weightSuffixStep), 'missing');
      const step = Number((await stepTensor.data())[0]);
      if (stepTensor.size !== 1 || !Number.isInteger(step) || step < 0) {
        throw new StateError(path(weightSuffixStep), `expected a non-negative integer scalar, received ${step}`);
      }
      const live = registeredVariables[variableName];
      const shape = live !== undefined ? [...live.shape] : [...(entry[slotNames[0]] ?? entry[weightSuffixAnchor] ?? stepTensor).shape];
      const slots: Record<string, Tensor> = {};
      for (const slot of slotNames) {
        const value = entry[slot];
        if (value === undefined) throw new StateError(path(slot), 'missing');
        slots[slot] = value;
      }
      for (const [suffix, value] of Object.entries(entry)) {
        if (suffix === weightSuffixStep) continue;
        if (!sameShape(value.shape, shape)) {
          throw new StateError(path(suffix), `shape [${value.shape.join(', ')}] differs from the variable's [${shape.join(', ')}]`);
        }
        if (value.dtype !== 'float32') throw new StateError(path(suffix), `dtype must be float32, received ${value.dtype}`);
      }
      next.set(variableName, { step, shape, slots, anchor: entry[weightSuffixAnchor] });
    }
    this.disposeState();
    this.unclaimed.clear();
    for (const [name, entry] of next) {
      this.unclaimed.add(name);
      const slots: Record<string, Variable> = {};
      for (const slot of slotNames) slots[slot] = variable(entry.slots[slot], false);
      this.state.set(name, {
        step: entry.step,
        shape: entry.shape,
        slots,
        anchor: entry.anchor !== undefined ? variable(entry.anchor, false) : undefined,
      });
    }
    this.iterations_ = iterations;
  }

  /** Frees every tensor the optimizer owns; the optimizer is unusable afterwards only in that its state is gone. */
  override dispose(): void {
    this.disposeState();
    dispose(this.exported);
    this.exported = [];
    super.dispose();
  }

  private disposeState(): void {
    for (const state of this.state.values()) {
      dispose(Object.values(state.slots));
      if (state.anchor !== undefined) state.anchor.dispose();
    }
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


