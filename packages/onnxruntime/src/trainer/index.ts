/**
 * The trainer side of `@weight-decay/onnxruntime`: sessions, batches,
 * parameters, checkpoints and the optimizer update path.
 *
 * @packageDocumentation
 */
export { BatchError } from './batch-error.js';
export { createBatchFeeds, type Batch, type BatchArray, type InputSignature } from './batch-feeds.js';
export type { LayerStateSnapshot } from './layer-state.js';
export type { WeightsChoice, WeightsOptions } from './averaged-weights.js';
export {
  createParameterStore,
  type ParameterInit,
  type ParameterStore,
  type ParameterStoreOptions,
  type ParameterStoreState,
} from './parameter-store.js';
export {
  createTrainer,
  type EvaluateResult,
  type StepResult,
  type Trainer,
  type TrainerCheckpoint,
  type TrainerOptions,
} from './create-trainer.js';
