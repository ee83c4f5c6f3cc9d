/**
 * Checkpoints that cross over: the ONNX Runtime trainer's checkpoint as the
 * JSON checkpoint of the emitted PyTorch module, and back.
 *
 * @packageDocumentation
 */
import { StateError, resolveConfig, type ResolvedConfig } from '../config/index.js';
import { planDecay } from '../selection/index.js';
import type { GradientWindowState, Precision, UpdaterState } from '../update/index.js';
import type { PlateauState } from '../schedules/reduce-on-plateau.js';
import { pytorchCheckpointFormat, pytorchStateFormat } from './python-optimizer-runtime.js';

/** Shape and row-major values of one tensor. */
export interface TensorData {
  /** Tensor dims. */
  shape: number[];
  /** Row-major values. */
  values: number[];
}

/**
 * The ONNX Runtime trainer's checkpoint (`TrainerCheckpoint` of
 * `@weight-decay/onnxruntime`, from `trainer.saveCheckpoint()`), as plain data.
 */
export interface TrainerCheckpointData {
  /** Format tag. */
  format: 'weight-decay-parameters/1';
  /** Completed updates t. */
  step: number;
  /** The resolved config. */
  config: ResolvedConfig;
  /** Every trainable parameter, by its ONNX initializer name. */
  parameters: Record<string, TensorData>;
  /** The optimizer state. */
  updater: UpdaterState;
}

/** The optimizer state as the emitted module's `load_state_dict` takes it (tensors as flat lists). */
export interface PytorchOptimizerState {
  /** Format tag of the module's `state_dict()`. */
  format: typeof pytorchStateFormat;
  /** The resolved config; the module refuses a state of another config. */
  config: ResolvedConfig;
  /** Completed updates t. */
  step: number;
  /** Per parameter (by `named_parameters()` name): shape, slots (core's slot names), anchor θ₀ and average once known, and an open accumulation window's sum. */
  parameters: Record<
    string,
    { shape: number[]; slots: Record<string, number[]>; anchor?: number[]; average?: number[]; accumulator?: number[] }
  >;
  /** Reduce-on-plateau's counters and rate (config 1.1), as `UpdaterState.plateau`. */
  plateau?: PlateauState;
  /** Each group's own reduce-on-plateau counters (or null), as `UpdaterState.groupPlateaus`. */
  groupPlateaus?: (PlateauState | null)[];
  /** Updates the averaged weights hold (config `average`), once one has been averaged. */
  averaged?: number;
  /** Config 1.1 `gradient`: the window position and the skipped-update count. */
  gradient?: GradientWindowState;
}

/** The emitted module's JSON checkpoint: `checkpoint_from_json` turns it into a model `state_dict` and an optimizer state. */
export interface PytorchCheckpoint {
  /** Format tag. */
  format: typeof pytorchCheckpointFormat;
  /** Model weights by `state_dict` key; `dtype` as PyTorch names it (the trainer's precision; default float32). */
  model: Record<string, TensorData & { dtype?: string }>;
  /** The optimizer state. */
  optimizer: PytorchOptimizerState;
}

/** How the trainer's parameters map onto the PyTorch model. */
export interface CheckpointMapping {
  /** Trainer (ONNX initializer) name → PyTorch `state_dict` key. Names not listed are the same on both sides. */
  names?: Record<string, string>;
  /**
   * Trainer names of 2-D parameters stored transposed relative to PyTorch: a `MatMul`
   * weight is `[in, out]` where `nn.Linear.weight` is `[out, in]`. Their values,
   * slots and anchor are transposed on the way (element-wise state moves with its element).
   */
  transpose?: string[];
}

function transposed(values: readonly number[], rows: number, columns: number): number[] {
  const out = new Array<number>(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
  return out;
}

/** A parameter's layout change: the shape on the other side and how its arrays move. */
interface Layout {
  shape: number[];
  move(values: readonly number[], path: string): number[];
}

function layoutOf(name: string, shape: readonly number[], transpose: boolean, path: string): Layout {
  const size = shape.reduce((a, b) => a * b, 1);
  const checked = (values: readonly number[], where: string): readonly number[] => {
    if (!Array.isArray(values) || values.length !== size) {
      throw new StateError(
        where,
        `expected ${size} numbers (shape ${JSON.stringify(shape)}), received ${Array.isArray(values) ? values.length : typeof values}`,
      );
    }
    return values;
  };
  if (!transpose) return { shape: [...shape], move: (values, where) => [...checked(values, where)] };
  if (shape.length !== 2)
    throw new StateError(`${path}.shape`, `mapping.transpose names ${JSON.stringify(name)}, which has rank ${shape.length}, not 2`);
  const [rows, columns] = shape as [number, number];
  return { shape: [columns, rows], move: (values, where) => transposed(checked(values, where), rows, columns) };
}

function checkedMapping(
  mapping: CheckpointMapping,
  known: readonly string[],
  side: string,
): { forward: Map<string, string>; transpose: Set<string> } {
  const forward = new Map<string, string>();
  const targets = new Set<string>();
  for (const name of known) {
    const target = mapping.names?.[name] ?? name;
    if (targets.has(target))
      throw new StateError(`mapping.names[${JSON.stringify(name)}]`, `maps a second parameter onto ${JSON.stringify(target)}`);
    targets.add(target);
    forward.set(name, target);
  }
  for (const name of Object.keys(mapping.names ?? {})) {
    if (!known.includes(name)) throw new StateError(`mapping.names[${JSON.stringify(name)}]`, `not a parameter of the ${side} checkpoint`);
  }
  for (const name of mapping.transpose ?? []) {
    if (!known.includes(name))
      throw new StateError('mapping.transpose', `${JSON.stringify(name)} is not a parameter of the ${side} checkpoint`);
  }
  return { forward, transpose: new Set(mapping.transpose ?? []) };
}

/**
 * The config selects parameters by name, and the names change on the way: each
 * term (and each group) must select the same parameters under the trainer's names
 * and under PyTorch's, or the two sides would decay (or run) different weights.
 */
function checkSameSelection(config: ResolvedConfig, shapes: Map<string, number[]>, renamed: Map<string, string>): void {
  const before = planDecay(
    config,
    [...shapes].map(([name, shape]) => ({ name, shape })),
    { unmatched: 'warn' },
  );
  const after = planDecay(
    config,
    [...shapes].map(([name, shape]) => ({ name: renamed.get(name)!, shape })),
    { unmatched: 'warn' },
  );
  const selections = [
    ...before.terms.map((term, i) => ({ owner: `decay[${i}]`, names: term.parameters, actual: after.terms[i]!.parameters })),
    ...(before.groups ?? []).map((group, i) => ({ owner: `groups[${i}]`, names: group.parameters, actual: after.groups![i]!.parameters })),
  ];
  for (const { owner, names, actual } of selections) {
    const expected = names.map((name) => renamed.get(name)!);
    if (expected.length !== actual.length || expected.some((name, j) => name !== actual[j])) {
      throw new StateError(
        'mapping.names',
        `${owner} selects ${JSON.stringify(names)} under the trainer's names but ${JSON.stringify(actual)} under PyTorch's ` +
          `(of ${JSON.stringify(expected)}): write its patterns so that they select the same parameters under both`,
      );
    }
  }
}

function checkedFormat(value: { format?: unknown } | null | undefined, format: string, path: string): void {
  if (value === null || typeof value !== 'object') throw new StateError(path, 'expected an object');
  if (value.format !== format)
    throw new StateError(
      `${path === '(checkpoint)' ? '' : `${path}.`}format`,
      `expected ${JSON.stringify(format)}, received ${JSON.stringify(value.format)}`,
    );
}

/**
 * Converts the ONNX Runtime trainer's checkpoint into the emitted PyTorch
 * module's JSON checkpoint: weights keyed as the model's `state_dict` keys,
 * optimizer state as `load_state_dict` expects. In Python:
 * `weights, state = wd.checkpoint_from_json(data)`, `model.load_state_dict(weights)`,
 * `optimizer.load_state_dict(state)`; training continues with the same numbers.
 *
 * @param checkpoint - from `trainer.saveCheckpoint()`.
 * @param mapping - names and layouts that differ between the two models.
 * @throws StateError naming the entry that does not fit; ConfigError for an invalid config.
 */
export function trainerCheckpointToPytorch(checkpoint: TrainerCheckpointData, mapping: CheckpointMapping = {}): PytorchCheckpoint {
  checkedFormat(checkpoint, 'weight-decay-parameters/1', '(checkpoint)');
  checkedFormat(checkpoint.updater, 'weight-decay-state/1', 'updater');
  const config = resolveConfig(checkpoint.config);
  if (checkpoint.step !== checkpoint.updater.step)
    throw new StateError('step', `is ${checkpoint.step} but the optimizer state is at step ${checkpoint.updater.step}`);
  const names = Object.keys(checkpoint.parameters);
  const { forward, transpose } = checkedMapping(mapping, names, 'trainer');
  const model: PytorchCheckpoint['model'] = {};
  const parameters: PytorchOptimizerState['parameters'] = {};
  for (const name of names) {
    const path = `parameters[${JSON.stringify(name)}]`;
    const { shape, values } = checkpoint.parameters[name]!;
    const layout = layoutOf(name, shape, transpose.has(name), path);
    const state = checkpoint.updater.parameters[name];
    if (state === undefined) throw new StateError(`updater.${path}`, 'missing');
    const target = forward.get(name)!;
    model[target] = { shape: layout.shape, dtype: checkpoint.updater.precision, values: layout.move(values, `${path}.values`) };
    const slots: Record<string, number[]> = {};
    for (const [slot, slotValues] of Object.entries(state.slots)) slots[slot] = layout.move(slotValues, `updater.${path}.slots.${slot}`);
    parameters[target] = { shape: layout.shape, slots };
    if (state.anchor !== undefined) parameters[target].anchor = layout.move(state.anchor, `updater.${path}.anchor`);
    if (state.average !== undefined) parameters[target].average = layout.move(state.average, `updater.${path}.average`);
    if (state.accumulator !== undefined) parameters[target].accumulator = layout.move(state.accumulator, `updater.${path}.accumulator`);
  }
  checkSameSelection(config, new Map(names.map((name) => [name, checkpoint.parameters[name]!.shape])), forward);
  const optimizer: PytorchOptimizerState = { format: pytorchStateFormat, config, step: checkpoint.step, parameters };
  if (checkpoint.updater.plateau !== undefined) optimizer.plateau = checkpoint.updater.plateau;
  if (checkpoint.updater.groupPlateaus !== undefined) optimizer.groupPlateaus = checkpoint.updater.groupPlateaus;
  if (checkpoint.updater.averaged !== undefined) optimizer.averaged = checkpoint.updater.averaged;
  if (checkpoint.updater.gradient !== undefined) optimizer.gradient = { ...checkpoint.updater.gradient };
  return { format: pytorchCheckpointFormat, model, optimizer };
}

/**
 * Converts the emitted module's JSON checkpoint (`wd.checkpoint_to_json(model.state_dict(),
 * optimizer.state_dict())`) back into the ONNX Runtime trainer's checkpoint, for
 * `trainer.loadCheckpoint`. Model entries without optimizer state (buffers) are left out.
 *
 * @param checkpoint - the PyTorch side's JSON checkpoint.
 * @param mapping - the same mapping as for {@link trainerCheckpointToPytorch} (trainer names → PyTorch keys).
 * @param precision - the trainer's precision. Default `'float32'` (the ONNX Runtime trainer's).
 * @throws StateError naming the entry that does not fit.
 */
export function pytorchCheckpointToTrainer(
  checkpoint: PytorchCheckpoint,
  mapping: CheckpointMapping = {},
  precision: Precision = 'float32',
): TrainerCheckpointData {
  checkedFormat(checkpoint, pytorchCheckpointFormat, '(checkpoint)');
  checkedFormat(checkpoint.optimizer, pytorchStateFormat, 'optimizer');
  const config = resolveConfig(checkpoint.optimizer.config);
  const torchNames = Object.keys(checkpoint.optimizer.parameters);
  // The mapping is written trainer → PyTorch; invert it to find each trainer name.
  const trainerOf = new Map(torchNames.map((key) => [key, key]));
  for (const [trainerName, key] of Object.entries(mapping.names ?? {})) {
    if (!trainerOf.has(key))
      throw new StateError(
        `mapping.names[${JSON.stringify(trainerName)}]`,
        `${JSON.stringify(key)} has no optimizer state in the PyTorch checkpoint`,
      );
    trainerOf.set(key, trainerName);
  }
  const transpose = new Set(mapping.transpose ?? []);
  const parameters: TrainerCheckpointData['parameters'] = {};
  const states: UpdaterState['parameters'] = {};
  for (const key of torchNames) {
    const name = trainerOf.get(key)!;
    const path = `optimizer.parameters[${JSON.stringify(key)}]`;
    const state = checkpoint.optimizer.parameters[key]!;
    const weights = checkpoint.model[key];
    if (weights === undefined) throw new StateError(`model[${JSON.stringify(key)}]`, 'missing: the optimizer has state for it');
    const layout = layoutOf(key, weights.shape, transpose.has(name), `model[${JSON.stringify(key)}]`);
    parameters[name] = { shape: layout.shape, values: layout.move(weights.values, `model[${JSON.stringify(key)}].values`) };
    const slots: Record<string, number[]> = {};
    for (const [slot, slotValues] of Object.entries(state.slots)) slots[slot] = layout.move(slotValues, `${path}.slots.${slot}`);
    states[name] = { shape: layout.shape, slots };
    if (state.anchor !== undefined && state.anchor !== null) states[name].anchor = layout.move(state.anchor, `${path}.anchor`);
    if (state.average !== undefined && state.average !== null) states[name].average = layout.move(state.average, `${path}.average`);
    if (state.accumulator !== undefined && state.accumulator !== null)
      states[name].accumulator = layout.move(state.accumulator, `${path}.accumulator`);
  }
  for (const name of transpose) {
    if (!Object.hasOwn(parameters, name))
      throw new StateError('mapping.transpose', `${JSON.stringify(name)} is not a parameter of the PyTorch checkpoint`);
  }
  checkSameSelection(
    config,
    new Map(Object.entries(parameters).map(([name, { shape }]) => [name, shape])),
    new Map([...trainerOf].map(([key, name]) => [name, key])),
  );
  const step = checkpoint.optimizer.step;
  const updater: UpdaterState = { format: 'weight-decay-state/1', config, precision, step, parameters: states };
  if (checkpoint.optimizer.plateau !== undefined) updater.plateau = checkpoint.optimizer.plateau;
  if (checkpoint.optimizer.groupPlateaus !== undefined) updater.groupPlateaus = checkpoint.optimizer.groupPlateaus;
  if (checkpoint.optimizer.averaged !== undefined) updater.averaged = checkpoint.optimizer.averaged;
  if (checkpoint.optimizer.gradient !== undefined) updater.gradient = { ...checkpoint.optimizer.gradient };
  return { format: 'weight-decay-parameters/1', step, config, parameters, updater };
}
