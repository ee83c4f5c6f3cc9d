import {
  ParameterError,
  StateError,
  createUpdater,
  decayedZeroFraction,
  parseConfig,
  zeroFraction,
  type DecayPlan,
  type GradientStepResult,
  type ParameterSpec,
  type ResolvedConfig,
  type Updater,
  type UpdaterOptions,
  type UpdaterState,
} from '@weight-decay/core';

/** Initial values of one parameter: its shape and its row-major values. */
export interface ParameterInit {
  /** Tensor dims. */
  shape: readonly number[];
  /** Row-major values; copied (rounded to float32) into the store. */
  values: ArrayLike<number>;
}

/**
 * A {@link ParameterStore}'s complete state as plain, JSON-safe data: the
 * parameter values and the optimizer state. Loading it into a store made with
 * the same config and parameters continues bit-identically.
 */
export interface ParameterStoreState {
  /** Format tag. */
  format: 'weight-decay-parameters/1';
  /** Completed updates t. */
  step: number;
  /** The resolved config the state belongs to. */
  config: ResolvedConfig;
  /** Every parameter's shape and float32 values (as numbers, exact). */
  parameters: Record<
    string,
    {
      /** Tensor dims. */
      shape: number[];
      /** Row-major float32 values. */
      values: number[];
    }
  >;
  /** The optimizer state (slots, anchors, step). */
  updater: UpdaterState;
}

/**
 * Named float32 parameters and the optimizer that updates them in place: the
 * update path of the ONNX Runtime trainer, usable without a model (the golden
 * suite drives it with recorded gradients).
 *
 * The arrays returned by {@link ParameterStore.live} are the store's own and
 * stay the same objects for its whole life: every update, and every
 * {@link ParameterStore.importState}, writes into them. That is what lets the
 * trainer wrap them once in ONNX Runtime tensors and feed them at every step
 * without copies.
 */
export interface ParameterStore {
  /** Parameter names, in the order given. */
  readonly names: readonly string[];
  /** Names and shapes, in the order given. */
  readonly specs: readonly ParameterSpec[];
  /** The resolved config. */
  readonly config: ResolvedConfig;
  /** Which parameters each decay term touches. */
  readonly plan: DecayPlan;
  /** Completed updates t (config 1.1: micro-batches and skipped updates do not count). */
  readonly step: number;
  /** Updates dropped by `gradient.nonFinite: "skip"` so far. */
  readonly skippedUpdates: number;
  /** What the last {@link ParameterStore.applyGradients} did (undefined before the first): updated, accumulated or skipped, and N for an update. */
  readonly lastResult: GradientStepResult | undefined;
  /** The live array of one parameter (not a copy). @throws ParameterError for an unknown name. */
  live(name: string): Float32Array;
  /** Copies of every parameter, by name. */
  snapshot(): Record<string, Float32Array>;
  /**
   * The averaged weights (config `average`) by name: the updater's own arrays,
   * updated in place by each averaged update; undefined before the first.
   */
  averaged(): Readonly<Record<string, Float32Array>> | undefined;
  /** η_t the next update will use. */
  learningRate(): number;
  /** The coupled penalty (l1 + l2 terms) of the current parameters at λ_t. */
  penalty(): number;
  /** The decoupled shrink ‖Δ‖₂ of the decoupled and anchor terms in the next update (core's `decoupledShrink`). */
  decoupledShrink(): number;
  /** Fraction of exact zeros over all parameters. */
  zeroFraction(): number;
  /** Fraction of exact zeros over the parameters some decay term touches. */
  decayedZeroFraction(): number;
  /**
   * Reports a metric to every reduce-on-plateau learning rate of the config
   * (config 1.1); the next update uses the rates it leaves. The counters are
   * part of {@link ParameterStore.exportState}.
   *
   * @throws ConfigError (path `optimizer.learningRate`) when the config has no reduce-on-plateau learning rate.
   */
  reportMetric(value: number): void;
  /**
   * One optimizer update with these raw gradients (before any coupled decay
   * term), in place; with the config's `gradient` section one micro-batch
   * (see {@link ParameterStore.lastResult}). Every parameter needs its gradient
   * of the right length; everything is checked first (ParameterError; with
   * nonFinite `"error"` a NonFiniteGradientError), so nothing is half-applied.
   *
   * @returns η_t, the learning rate this update used (for a micro-batch that did not update: the one the next update uses).
   */
  applyGradients(grads: Record<string, ArrayLike<number>>): number;
  /** A copy of the whole state as plain data. */
  exportState(): ParameterStoreState;
  /** Replaces values and optimizer state after validating all of it (StateError naming the path). */
  importState(state: ParameterStoreState): void;
}

/** Options of {@link createParameterStore}. */
export interface ParameterStoreOptions {
  /** θ₀ for anchor terms; default: the initial values. See `UpdaterOptions.anchors`. */
  anchors?: UpdaterOptions['anchors'];
  /** How include patterns and names matching no parameter are treated. Default `'error'`. */
  unmatched?: UpdaterOptions['unmatched'];
}

/**
 * Creates a {@link ParameterStore}: validates the config and the decay plan
 * (ConfigError), copies the initial values into float32 arrays it owns
 * (ParameterError for a shape that does not fit its values), and makes a
 * float32 updater.
 *
 * @example
 * ```ts
 * const store = createParameterStore(
 *   { optimizer: { type: 'adam', learningRate: 1e-3 }, decay: [{ type: 'decoupled', rate: 0.01 }] },
 *   { 'fc.weight': { shape: [2, 2], values: [0.5, -0.5, 1, 0] } },
 * );
 * store.applyGradients({ 'fc.weight': [0.1, 0.1, -0.2, 0] });
 * store.snapshot()['fc.weight']; // the updated weights
 * ```
 *
 * @param config - A portable config, validated here (ConfigError), or a resolved one.
 * @param parameters - Initial values by name; the order of the keys is kept.
 * @param options - Anchors and unmatched-pattern handling.
 */
export function createParameterStore(
  config: unknown,
  parameters: Record<string, ParameterInit>,
  options: ParameterStoreOptions = {},
): ParameterStore {
  // The config comes first: an invalid one is reported before anything about the parameters.
  const resolved = parseConfig(config);
  const specs: ParameterSpec[] = Object.entries(parameters).map(([name, init]) => ({
    name,
    shape: checkedShape(name, init),
  }));
  // The updater validates the config and the plan before any array is allocated.
  const updaterOptions: UpdaterOptions = { precision: 'float32' };
  if (options.anchors !== undefined) updaterOptions.anchors = options.anchors;
  if (options.unmatched !== undefined) updaterOptions.unmatched = options.unmatched;
  const updater = createUpdater(resolved, specs, updaterOptions);
  const values: Record<string, Float32Array> = {};
  for (const { name } of specs) values[name] = Float32Array.from(parameters[name].values);
  return new Float32ParameterStore(updater, specs, values);
}

function checkedShape(name: string, init: ParameterInit): number[] {
  if (init === null || typeof init !== 'object' || !Array.isArray(init.shape) || init.values == null) {
    throw new ParameterError(name, 'expected { shape: number[], values: array of numbers }');
  }
  if (!init.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ParameterError(name, `shape must be non-negative integers, received ${JSON.stringify(init.shape)}`);
  }
  const size = init.shape.reduce((a, b) => a * b, 1);
  if (init.values.length !== size) {
    throw new ParameterError(name, `shape ${JSON.stringify(init.shape)} needs ${size} values, received ${init.values.length}`);
  }
  return [...init.shape];
}

class Float32ParameterStore implements ParameterStore {
  readonly names: readonly string[];
  lastResult: GradientStepResult | undefined;

  constructor(
    private readonly updater: Updater,
    readonly specs: readonly ParameterSpec[],
    private readonly values: Record<string, Float32Array>,
  ) {
    this.names = specs.map((s) => s.name);
  }

  get config(): ResolvedConfig {
    return this.updater.config;
  }

  get plan(): DecayPlan {
    return this.updater.plan;
  }

  get step(): number {
    return this.updater.step;
  }

  get skippedUpdates(): number {
    return this.updater.skippedUpdates;
  }

  live(name: string): Float32Array {
    const array = Object.hasOwn(this.values, name) ? this.values[name] : undefined;
    if (array === undefined) throw new ParameterError(name, `not a parameter of this store (${this.names.join(', ')})`);
    return array;
  }

  snapshot(): Record<string, Float32Array> {
    const copies: Record<string, Float32Array> = {};
    for (const name of this.names) copies[name] = this.values[name].slice();
    return copies;
  }

  learningRate(): number {
    return this.updater.learningRate();
  }

  averaged(): Readonly<Record<string, Float32Array>> | undefined {
    // A float32 updater's arrays are Float32Arrays.
    return this.updater.averagedParameters() as Readonly<Record<string, Float32Array>> | undefined;
  }

  penalty(): number {
    return this.updater.penalty(this.values);
  }

  decoupledShrink(): number {
    return this.updater.decoupledShrink(this.values);
  }

  zeroFraction(): number {
    return zeroFraction(Object.values(this.values));
  }

  decayedZeroFraction(): number {
    return decayedZeroFraction(this.plan, this.values);
  }

  reportMetric(value: number): void {
    this.updater.reportMetric(value);
  }

  applyGradients(grads: Record<string, ArrayLike<number>>): number {
    const learningRate = this.updater.learningRate();
    this.lastResult = this.updater.update(this.values, grads);
    return learningRate;
  }

  exportState(): ParameterStoreState {
    const parameters: ParameterStoreState['parameters'] = {};
    for (const { name, shape } of this.specs) {
      parameters[name] = { shape: [...shape], values: Array.from(this.values[name]) };
    }
    return {
      format: 'weight-decay-parameters/1',
      step: this.updater.step,
      config: structuredClone(this.updater.config),
      parameters,
      updater: this.updater.exportState(),
    };
  }

  importState(state: ParameterStoreState): void {
    const incoming = this.checkedValues(state);
    // importState validates everything before replacing; if it throws, nothing changed yet.
    this.updater.importState(state.updater);
    for (const name of this.names) this.values[name].set(incoming[name]);
  }

  /** Every check on the parameter part, with no side effect. */
  private checkedValues(state: ParameterStoreState): Record<string, ArrayLike<number>> {
    if (state === null || typeof state !== 'object') throw new StateError('(state)', 'expected an object');
    if (state.format !== 'weight-decay-parameters/1') {
      throw new StateError('format', `expected "weight-decay-parameters/1", received ${JSON.stringify(state.format)}`);
    }
    if (state.updater === null || typeof state.updater !== 'object') {
      throw new StateError('updater', 'expected the optimizer state object');
    }
    // The config may differ from this store's in hyperparameters only (learning rate, rates, schedules,
    // selections): the updater's importState checks that and names the first field that makes the state unusable.
    if (!sameJson(state.config, state.updater.config)) {
      throw new StateError('config', 'differs from the config inside the optimizer state (updater.config): the checkpoint was edited');
    }
    if (state.step !== state.updater.step) {
      throw new StateError('step', `is ${String(state.step)} but the optimizer state is at step ${String(state.updater.step)}`);
    }
    const parameters = state.parameters;
    if (parameters === null || typeof parameters !== 'object') throw new StateError('parameters', 'expected an object');
    for (const key of Object.keys(parameters)) {
      if (!this.names.includes(key)) throw new StateError(`parameters[${JSON.stringify(key)}]`, 'not a parameter of this model');
    }
    const incoming: Record<string, ArrayLike<number>> = {};
    for (const { name, shape } of this.specs) {
      const path = `parameters[${JSON.stringify(name)}]`;
      const entry = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
      if (entry === undefined || entry === null || typeof entry !== 'object') throw new StateError(path, 'missing');
      if (!Array.isArray(entry.shape) || entry.shape.length !== shape.length || entry.shape.some((d, i) => d !== shape[i])) {
        throw new StateError(`${path}.shape`, `expected ${JSON.stringify(shape)}, received ${JSON.stringify(entry.shape)}`);
      }
      const values = entry.values;
      const size = this.values[name].length;
      if (!Array.isArray(values) || values.length !== size) {
        throw new StateError(`${path}.values`, `expected ${size} numbers`);
      }
      for (let i = 0; i < size; i++) {
        if (typeof values[i] !== 'number') {
          throw new StateError(`${path}.values[${i}]`, `expected a number, received ${JSON.stringify(values[i])}`);
        }
      }
      incoming[name] = values;
    }
    return incoming;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
