import { ConfigError, ParameterError, StateError, groupOptimizer, parseConfig } from '../config/index.js';
import { describeReceived } from '../config/errors.js';
import type { ResolvedConfig, ResolvedOptimizerConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import type { DecayPlan, ParameterSpec } from '../selection/index.js';
import { coupledPenalty } from '../metrics/coupled-penalty.js';
import { decoupledShrink } from '../metrics/decoupled-shrink.js';
import type { FloatArray, Precision } from './float-array.js';
import { createArrayUpdate } from './kernels/array-update.js';
import type { ArrayUpdate } from './kernels/array-update.js';
import { optimizerOf } from './optimizers/index.js';
import { optimizerSlotNames } from './optimizer-slots.js';
import { groupStepScalars, stepScalars } from './step-scalars.js';
import type { StepScalars } from './step-scalars.js';
import { decayCoefficients, needsAnchor } from './terms/decay-coefficients.js';
import type { AppliedTerm, DecayCoefficients } from './terms/decay-coefficients.js';
import type { Updater, UpdaterOptions, UpdaterState } from './updater.js';
import { validateUpdaterState } from './validate-updater-state.js';
import { initialPlateauRates, reportPlateauRates, restorePlateauRates, savePlateauRates } from '../schedules/plateau-rates.js';
import type { PlateauRates } from '../schedules/plateau-rates.js';
import { averageWeights } from './average/weight-average.js';
import { ArrayGradientStage } from './gradient/array-gradient-stage.js';
import { gradientSettings } from './gradient/gradient-window.js';
import type { GradientStepResult } from './gradient/gradient-window.js';

type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

/** The optimizer one parameter runs: the top level's or its group's. */
interface OptimizerRun {
  /** Position in `config.groups`, or -1 for the top-level optimizer. */
  readonly group: number;
  readonly optimizer: ResolvedOptimizerConfig;
  readonly arrayUpdate: ArrayUpdate;
  readonly slotNames: string[];
}

/** What one parameter needs at every update, allocated once. */
interface ParameterEntry {
  readonly name: string;
  readonly shape: number[];
  readonly size: number;
  readonly run: OptimizerRun;
  /** Slot arrays in `run.slotNames` order. */
  readonly slots: FloatArray[];
  readonly slotRecord: Readonly<Record<string, FloatArray>>;
  /** The terms that touch this parameter. */
  readonly terms: AppliedTerm[];
  /** Whether an anchor term touches it. */
  readonly anchored: boolean;
  /** θ₀ given in options, if any. */
  readonly givenAnchor: FloatArray | null;
  /** θ₀ in use: given, captured at the first update, or imported. */
  anchor: FloatArray | null;
  /** Decay coefficients of the current update, refilled in place. */
  readonly coefficients: DecayCoefficients;
  /** The averaged weights (config `average`), allocated once; meaningful once an update is averaged. */
  readonly average: FloatArray | null;
  /** A gradient given in another array type, copied (rounded) into the updater's; made at first need. */
  input: FloatArray | null;
}

function arrayTag(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  if (typeof x !== 'object') return typeof x;
  return Object.prototype.toString.call(x).slice(8, -1);
}

function isArrayLikeOfNumbers(x: unknown): x is ArrayLike<number> {
  if (Array.isArray(x)) return true;
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && typeof (x as { length?: unknown }).length === 'number';
}

/** Implementation of {@link Updater}; see updater.ts for the contract. */
export class UpdaterImpl implements Updater {
  readonly config: ResolvedConfig;
  readonly parameters: readonly ParameterSpec[];
  readonly precision: Precision;
  readonly plan: DecayPlan;

  private t = 0;
  /** Updates the average holds (config `average`). */
  private averaged = 0;
  private averageRecord: Readonly<Record<string, FloatArray>> | undefined;
  private readonly arrayType: FloatArrayConstructor;
  private readonly entries: ParameterEntry[];
  private readonly byName: Map<string, ParameterEntry>;
  /** Each reduce-on-plateau learning rate's counters and current rate (top level's, groups' own); null without one. */
  private plateaus: PlateauRates | null;
  private readonly gradientStage: ArrayGradientStage;

  constructor(config: unknown, parameters: readonly ParameterSpec[], options: UpdaterOptions) {
    const precision = options.precision ?? 'float32';
    if (precision !== 'float32' && precision !== 'float64') {
      throw new ConfigError('options.precision', '"float32" or "float64"', precision);
    }
    const unmatched = options.unmatched ?? 'error';
    if (unmatched !== 'error' && unmatched !== 'warn') {
      throw new ConfigError('options.unmatched', '"error" or "warn"', unmatched);
    }
    this.config = parseConfig(config);
    this.precision = precision;
    this.arrayType = precision === 'float32' ? Float32Array : Float64Array;

    if (!Array.isArray(parameters)) throw new ParameterError('', `expected an array of { name, shape }, received ${arrayTag(parameters)}`);
    const specs = parameters.map((spec, i) => checkSpec(spec, i));
    this.parameters = specs;
    this.plan = planDecay(this.config, specs, { unmatched });

    // Builds the schedules now, so e.g. `relative` over an unbounded schedule fails here.
    groupStepScalars(this.config, 0);

    const runs = [-1, ...(this.config.groups ?? []).map((_, i) => i)].map((group): OptimizerRun => {
      const optimizer = group < 0 ? this.config.optimizer : groupOptimizer(this.config, this.config.groups![group]);
      return { group, optimizer, arrayUpdate: createArrayUpdate(optimizer, precision), slotNames: optimizerSlotNames(optimizer) };
    });
    const runOf = new Map<string, OptimizerRun>();
    for (const groupPlan of this.plan.groups ?? []) for (const name of groupPlan.parameters) runOf.set(name, runs[groupPlan.index + 1]);
    const termsOf = new Map<string, AppliedTerm[]>();
    for (const termPlan of this.plan.terms) {
      for (const name of termPlan.parameters) {
        const list = termsOf.get(name) ?? [];
        list.push({ index: termPlan.index, term: termPlan.term });
        termsOf.set(name, list);
      }
    }
    const anchors = options.anchors ?? {};
    if (typeof anchors !== 'object' || anchors === null) {
      throw new ConfigError('options.anchors', 'an object of arrays by parameter name', anchors);
    }
    const specNames = new Set(specs.map((s) => s.name));
    for (const name of Object.keys(anchors)) {
      if (!specNames.has(name)) throw new ParameterError(name, 'options.anchors names a parameter the updater does not have');
    }
    this.entries = specs.map((spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const run = runOf.get(spec.name) ?? runs[0];
      const { definition } = optimizerOf(run.optimizer);
      const slots = run.slotNames.map((slot) => {
        const a = new this.arrayType(size);
        const initial = definition.initialSlotValue(run.optimizer, slot);
        if (initial !== 0) a.fill(initial);
        return a;
      });
      const slotRecord: Record<string, FloatArray> = {};
      run.slotNames.forEach((slot, i) => (slotRecord[slot] = slots[i]));
      const terms = termsOf.get(spec.name) ?? [];
      const anchored = needsAnchor(terms);
      let givenAnchor: FloatArray | null = null;
      const given = (anchors as Record<string, unknown>)[spec.name];
      if (anchored && given !== undefined) givenAnchor = this.checkedCopy(spec.name, given, size, 'anchor');
      return {
        name: spec.name,
        shape: [...spec.shape],
        size,
        run,
        slots,
        slotRecord: Object.freeze(slotRecord),
        terms,
        anchored,
        givenAnchor,
        anchor: givenAnchor,
        coefficients: decayCoefficients([], []),
        average: this.config.average === undefined ? null : new this.arrayType(size),
        input: null,
      };
    });
    this.byName = new Map(this.entries.map((e) => [e.name, e]));
    this.plateaus = initialPlateauRates(this.config);
    if (this.config.average !== undefined) {
      this.averageRecord = Object.freeze(Object.fromEntries(this.entries.map((e) => [e.name, e.average as FloatArray])));
    }
    this.gradientStage = new ArrayGradientStage(gradientSettings(this.config), this.arrayType);
  }

  get step(): number {
    return this.t;
  }

  get skippedUpdates(): number {
    return this.gradientStage.window.skippedUpdates;
  }

  get microBatches(): number {
    return this.gradientStage.window.microBatches;
  }

  learningRate(): number {
    return this.scalars().learningRate;
  }

  scalars(): StepScalars {
    return stepScalars(this.config, this.t, this.plateaus?.top?.rate);
  }

  reportMetric(value: number): void {
    this.plateaus = reportPlateauRates(this.config, this.plateaus, value);
  }

  update(params: Record<string, FloatArray>, grads: Record<string, ArrayLike<number>>): GradientStepResult {
    this.checkInputs(params, grads);
    // Only nonFinite "error" can throw from here on, and it does so before the stage changes anything.
    const taken = this.gradientStage.take(this.entries.map((e) => ({ name: e.name, gradient: this.gradientArray(e, grads[e.name]) })));
    if (taken.gradients === undefined) return taken.result;
    const t = this.t;
    const top = stepScalars(this.config, t, this.plateaus?.top?.rate);
    const groups = groupStepScalars(this.config, t, top, this.plateaus);
    // The average takes θ_{t+1} in the same pass as the update, when the config says this update is averaged.
    const averaging = this.config.average && averageWeights(this.config.average, t + 1, this.averaged);
    this.entries.forEach((entry, i) => {
      const p = params[entry.name];
      const { learningRate, terms } = entry.run.group < 0 ? top : groups[entry.run.group];
      if (entry.anchored && entry.anchor === null) entry.anchor = new this.arrayType(p);
      decayCoefficients(entry.terms, terms, entry.coefficients);
      const gradient = (taken.gradients as FloatArray[])[i];
      const arrays = { theta: p, gradient, slots: entry.slots, anchor: entry.anchor ?? undefined, average: entry.average ?? undefined };
      entry.run.arrayUpdate(arrays, learningRate, t, entry.coefficients, averaging);
    });
    this.t = t + 1;
    if (averaging !== undefined) this.averaged += 1;
    return taken.result;
  }

  averagedParameters(): Readonly<Record<string, FloatArray>> | undefined {
    return this.averaged === 0 ? undefined : this.averageRecord;
  }

  penalty(params: Record<string, ArrayLike<number>>): number {
    return coupledPenalty(this.config, this.plan, params, this.t);
  }

  decoupledShrink(params: Record<string, ArrayLike<number>>): number {
    return decoupledShrink(this.config, this.plan, params, this.t, Object.fromEntries(this.entries.map((e) => [e.name, e.anchor])));
  }

  slots(name: string): Readonly<Record<string, FloatArray>> {
    const entry = this.byName.get(name);
    if (entry === undefined) throw new ParameterError(name, 'is not a parameter of this updater');
    return entry.slotRecord;
  }

  exportState(): UpdaterState {
    const parameters: UpdaterState['parameters'] = {};
    for (const entry of this.entries) {
      const slots: Record<string, number[]> = {};
      entry.run.slotNames.forEach((slot, i) => (slots[slot] = Array.from(entry.slots[i])));
      parameters[entry.name] = { shape: [...entry.shape], slots };
      if (entry.anchor !== null) parameters[entry.name].anchor = Array.from(entry.anchor);
      if (this.averaged > 0) parameters[entry.name].average = Array.from(entry.average as FloatArray);
      const held = this.gradientStage.heldSum(entry.name);
      if (held !== undefined) parameters[entry.name].accumulator = Array.from(held);
    }
    const state: UpdaterState = {
      format: 'weight-decay-state/1',
      config: JSON.parse(JSON.stringify(this.config)) as ResolvedConfig,
      precision: this.precision,
      step: this.t,
      parameters,
    };
    Object.assign(state, savePlateauRates(this.plateaus));
    if (this.averaged > 0) state.averaged = this.averaged;
    if (this.config.gradient !== undefined) state.gradient = this.gradientStage.window.exportState();
    return state;
  }

  importState(state: UpdaterState): void {
    validateUpdaterState(state, {
      config: this.config,
      precision: this.precision,
      parameters: this.entries.map((entry) => ({ ...entry, optimizer: entry.run.optimizer })),
    });
    // A saved plateau serves only a plateau learning rate; a state saved without one restarts it.
    const plateaus = restorePlateauRates(this.config, state);
    const window = this.gradientStage.window.check(state.gradient ?? { microBatches: 0, skippedUpdates: 0 }, 'gradient');
    const sums = new Map<string, number[]>();
    for (const entry of this.entries) {
      const held = state.parameters[entry.name].accumulator;
      if (window.microBatches > 0 && held === undefined) {
        throw new StateError(
          `parameters[${JSON.stringify(entry.name)}].accumulator`,
          `is required: the accumulation window holds ${window.microBatches} micro-batches`,
        );
      }
      if (window.microBatches === 0 && held !== undefined) {
        throw new StateError(
          `parameters[${JSON.stringify(entry.name)}].accumulator`,
          'is not expected: the accumulation window is empty (gradient.microBatches is 0)',
        );
      }
      if (held !== undefined) sums.set(entry.name, held);
    }
    this.gradientStage.restore(window, sums);
    for (const entry of this.entries) {
      const saved = state.parameters[entry.name];
      entry.run.slotNames.forEach((slot, i) => entry.slots[i].set(saved.slots[slot]));
      // A saved θ₀ of a parameter the current config no longer anchors is dropped (a selection changed).
      if (saved.anchor !== undefined && entry.anchored) {
        entry.anchor = new this.arrayType(saved.anchor);
      } else {
        entry.anchor = entry.givenAnchor;
      }
      // A saved average the current config does not keep is dropped; a config that starts averaging starts afresh.
      if (entry.average !== null) entry.average.set(saved.average ?? new Array<number>(entry.size).fill(0));
    }
    this.averaged = this.config.average === undefined ? 0 : (state.averaged ?? 0);
    this.t = state.step;
    this.plateaus = plateaus;
  }

  private checkInputs(params: Record<string, FloatArray>, grads: Record<string, ArrayLike<number>>): void {
    if (typeof params !== 'object' || params === null) {
      throw new ParameterError('', `update expects params as an object of arrays by name, received ${arrayTag(params)}`);
    }
    if (typeof grads !== 'object' || grads === null) {
      throw new ParameterError('', `update expects grads as an object of arrays by name, received ${arrayTag(grads)}`);
    }
    for (const name of Object.keys(params)) {
      if (!this.byName.has(name)) throw new ParameterError(name, 'params names a parameter the updater does not have');
    }
    for (const name of Object.keys(grads)) {
      if (!this.byName.has(name)) throw new ParameterError(name, 'grads names a parameter the updater does not have');
    }
    const expectedTag = this.arrayType.name;
    for (const entry of this.entries) {
      const p: unknown = params[entry.name];
      if (p === undefined) throw new ParameterError(entry.name, 'is missing from params (every parameter is updated together)');
      if (arrayTag(p) !== expectedTag) {
        throw new ParameterError(entry.name, `expected a ${expectedTag} (precision ${this.precision}), received ${arrayTag(p)}`);
      }
      if ((p as FloatArray).length !== entry.size) {
        throw new ParameterError(
          entry.name,
          `expected ${entry.size} elements (shape [${entry.shape.join(', ')}]), received ${(p as FloatArray).length}`,
        );
      }
      const g: unknown = grads[entry.name];
      if (g === undefined) throw new ParameterError(entry.name, 'has no gradient in grads');
      if (!isArrayLikeOfNumbers(g)) {
        throw new ParameterError(entry.name, `expected the gradient as an array or typed array, received ${arrayTag(g)}`);
      }
      if (g.length !== entry.size) {
        throw new ParameterError(entry.name, `expected a gradient of ${entry.size} elements, received ${g.length}`);
      }
      // Typed arrays hold numbers by construction; a plain array could hold strings or null, which the copy would turn into NaN.
      if (Array.isArray(g)) {
        const bad = g.findIndex((x) => typeof x !== 'number');
        if (bad >= 0) throw new ParameterError(entry.name, `gradient[${bad}]: expected a number, received ${describeReceived(g[bad])}`);
      }
    }
  }

  /** The gradient as the updater's array type: itself when it already is, else a copy into the parameter's reused buffer. */
  private gradientArray(entry: ParameterEntry, g: ArrayLike<number>): FloatArray {
    if (g instanceof this.arrayType) return g;
    entry.input ??= new this.arrayType(entry.size);
    const input = entry.input;
    for (let i = 0; i < entry.size; i++) input[i] = g[i];
    return input;
  }

  private checkedCopy(name: string, values: unknown, size: number, what: string): FloatArray {
    if (!isArrayLikeOfNumbers(values))
      throw new ParameterError(name, `expected the ${what} as an array or typed array, received ${arrayTag(values)}`);
    if (values.length !== size) throw new ParameterError(name, `expected an ${what} of ${size} elements, received ${values.length}`);
    for (let i = 0; i < size; i++) {
      const x = values[i];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ParameterError(name, `${what}[${i}]: expected a finite number, received ${String(x)}`);
    }
    return new this.arrayType(values);
  }
}

function checkSpec(spec: unknown, index: number): ParameterSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new ParameterError(`#${index}`, `expected { name, shape }, received ${arrayTag(spec)}`);
  const { name, shape } = spec as { name?: unknown; shape?: unknown };
  if (typeof name !== 'string' || name === '')
    throw new ParameterError(`#${index}`, `expected a non-empty string name, received ${String(name)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new ParameterError(name, `expected a shape of non-negative integers, received ${JSON.stringify(shape)}`);
  }
  return { name, shape: [...(shape as number[])] };
}
