import { ConfigError, StateError, groupOptimizer, parseConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import type { ResolvedConfig, ResolvedOptimizerConfig } from '../config/index.js';
import type { Precision } from './float-array.js';
import { optimizerSlotNames } from './optimizer-slots.js';
import type { UpdaterState } from './updater.js';

/** What an imported state must fit. */
export interface StateExpectation {
  config: ResolvedConfig;
  precision: Precision;
  /** Each parameter with the optimizer it runs (its group's, or the top level's). */
  parameters: readonly { name: string; shape: readonly number[]; size: number; optimizer: ResolvedOptimizerConfig }[];
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function checkNumbers(values: unknown, size: number, path: string): void {
  if (!Array.isArray(values)) throw new StateError(path, `expected an array of ${size} numbers, received ${typeof values}`);
  if (values.length !== size) throw new StateError(path, `expected ${size} numbers, received ${values.length}`);
  for (let i = 0; i < size; i++) {
    const x: unknown = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new StateError(`${path}[${i}]`, `expected a finite number, received ${String(x)}`);
    }
  }
}

/**
 * The first config field whose difference means the saved optimizer state
 * cannot serve `current`: the optimizer type, or an option that changes which
 * state arrays it keeps (amsgrad, centered, momentum switched on or off).
 * Everything else (learning rate and schedules, betas, ε, decay rates,
 * selections) may change between saving and loading, as after PyTorch's
 * `load_state_dict` followed by a new learning rate.
 *
 * @returns The path of that field (`optimizer.type`, `optimizer.amsgrad`, …), or undefined when the state fits.
 */
export function incompatibleStateField(saved: ResolvedConfig, current: ResolvedConfig): string | undefined {
  if (saved.optimizer.type !== current.optimizer.type) return 'optimizer.type';
  const savedSlots = optimizerSlotNames(saved.optimizer).join();
  if (savedSlots === optimizerSlotNames(current.optimizer).join()) return undefined;
  const savedOptions = saved.optimizer as unknown as Record<string, unknown>;
  const currentOptions = current.optimizer as unknown as Record<string, unknown>;
  const differing = Object.keys(currentOptions).find((key) => key !== 'learningRate' && !deepEqual(savedOptions[key], currentOptions[key]));
  return `optimizer.${differing ?? 'type'}`;
}

/**
 * Checks a whole {@link UpdaterState} against the updater it is imported into,
 * throwing the first StateError (with the path of the offending entry).
 * Internal to the updater; reads only.
 */
export function validateUpdaterState(state: unknown, expected: StateExpectation): asserts state is UpdaterState {
  if (!isPlainObject(state)) throw new StateError('(state)', 'expected an object from exportState()');
  if (state.format !== 'weight-decay-state/1') {
    throw new StateError('format', `expected "weight-decay-state/1", received ${JSON.stringify(state.format)}`);
  }
  if (state.precision !== expected.precision) {
    throw new StateError(
      'precision',
      `expected ${JSON.stringify(expected.precision)} (the updater's precision), received ${JSON.stringify(state.precision)}`,
    );
  }
  const step = state.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    throw new StateError('step', `expected an integer ≥ 0, received ${String(step)}`);
  }
  let config: ResolvedConfig;
  try {
    config = parseConfig(state.config);
  } catch (error) {
    if (error instanceof ConfigError) throw new StateError(error.path === '' ? 'config' : `config.${error.path}`, error.message);
    throw error;
  }
  const incompatible = incompatibleStateField(config, expected.config);
  if (incompatible !== undefined) {
    const value = (c: ResolvedConfig): string =>
      JSON.stringify(incompatible.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c));
    throw new StateError(
      `config.${incompatible}`,
      `the state was saved with ${value(config)}, this updater has ${value(expected.config)}: its optimizer state cannot serve (only hyperparameters such as learning rates, rates, schedules and selections may change)`,
    );
  }
  const parameters = state.parameters;
  if (!isPlainObject(parameters)) throw new StateError('parameters', 'expected an object keyed by parameter name');
  const specs = expected.parameters.map((p) => ({ name: p.name, shape: [...p.shape] }));
  const savedPlan = planDecay(config, specs, { unmatched: 'warn' });
  const savedAnchored = new Set(savedPlan.terms.flatMap((term) => (term.term.type === 'anchor' ? term.parameters : [])));
  const savedOptimizers = new Map<string, ResolvedOptimizerConfig>();
  for (const group of savedPlan.groups ?? [])
    for (const name of group.parameters) savedOptimizers.set(name, groupOptimizer(config, group.group));
  const averaged = state.averaged;
  if (averaged !== undefined && (typeof averaged !== 'number' || !Number.isSafeInteger(averaged) || averaged < 1 || averaged > step)) {
    throw new StateError('averaged', `expected an integer in [1, step ${step}] (updates averaged), received ${String(averaged)}`);
  }
  const names = new Set(expected.parameters.map((p) => p.name));
  for (const name of Object.keys(parameters)) {
    if (!names.has(name)) throw new StateError(`parameters[${JSON.stringify(name)}]`, 'is not a parameter of this updater');
  }
  for (const p of expected.parameters) {
    const base = `parameters[${JSON.stringify(p.name)}]`;
    const saved = parameters[p.name];
    if (!isPlainObject(saved)) throw new StateError(base, 'is missing or not an object');
    const shape = saved.shape;
    if (!Array.isArray(shape) || !deepEqual(shape, [...p.shape])) {
      throw new StateError(`${base}.shape`, `expected [${p.shape.join(', ')}], received ${JSON.stringify(shape)}`);
    }
    // With groups, each parameter's state belongs to its group's optimizer, which must still be the same kind.
    const savedOptimizer = savedOptimizers.get(p.name) ?? config.optimizer;
    const slotNames = optimizerSlotNames(p.optimizer);
    if (savedOptimizer.type !== p.optimizer.type || optimizerSlotNames(savedOptimizer).join() !== slotNames.join()) {
      throw new StateError(
        `${base}.slots`,
        `were saved by the "${savedOptimizer.type}" optimizer (slots: ${optimizerSlotNames(savedOptimizer).join(', ') || 'none'}); this updater runs "${p.optimizer.type}" (slots: ${slotNames.join(', ') || 'none'}) on this parameter: its group changed`,
      );
    }
    const slots = saved.slots;
    if (!isPlainObject(slots)) throw new StateError(`${base}.slots`, 'expected an object keyed by slot name');
    for (const slot of Object.keys(slots)) {
      if (!slotNames.includes(slot)) {
        throw new StateError(`${base}.slots.${slot}`, `is not a slot of this optimizer (slots: ${slotNames.join(', ') || 'none'})`);
      }
    }
    for (const slot of slotNames) checkNumbers(slots[slot], p.size, `${base}.slots.${slot}`);
    // θ₀ is checked against the config the state was saved with; if the current config no longer
    // anchors the parameter it is dropped, and a newly anchored one captures θ₀ at its next update.
    if (saved.anchor !== undefined) {
      if (!savedAnchored.has(p.name)) throw new StateError(`${base}.anchor`, 'no anchor term of the saved config touches this parameter');
      checkNumbers(saved.anchor, p.size, `${base}.anchor`);
    } else if (savedAnchored.has(p.name) && step > 0) {
      throw new StateError(`${base}.anchor`, 'is required: an anchor term touches this parameter and updates have been applied');
    }
    if (averaged !== undefined) checkNumbers(saved.average, p.size, `${base}.average`);
    else if (saved.average !== undefined) throw new StateError(`${base}.average`, 'needs "averaged", the number of updates it holds');
    // The sum of the micro-batch gradients of an open accumulation window (config 1.1 `gradient.accumulate`).
    if (saved.accumulator !== undefined) checkNumbers(saved.accumulator, p.size, `${base}.accumulator`);
    for (const key of Object.keys(saved)) {
      if (!['shape', 'slots', 'anchor', 'average', 'accumulator'].includes(key))
        throw new StateError(`${base}.${key}`, 'is not a known field');
    }
  }
  for (const key of Object.keys(state)) {
    if (!['format', 'config', 'precision', 'step', 'parameters', 'plateau', 'groupPlateaus', 'averaged', 'gradient'].includes(key))
      throw new StateError(key, 'is not a known field');
  }
}
