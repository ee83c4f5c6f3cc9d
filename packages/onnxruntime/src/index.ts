/**
 * `@weight-decay/onnxruntime`: train ONNX models in Node with onnxruntime-node.
 *
 * onnxruntime-node runs inference only. This package adds a gradient builder
 * (forward model + loss → a training graph of standard `ai.onnx` ops whose
 * outputs are the loss and one gradient per parameter) and a trainer that
 * runs that graph in one `InferenceSession` and applies the portable
 * weight-decay config (optimizer, decay terms, schedules, parameter
 * selection) to the float32 parameters with `@weight-decay/core`'s kernels.
 *
 * Start with {@link createTrainer}.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { createTrainer } from '@weight-decay/onnxruntime';
 *
 * const trainer = await createTrainer({
 *   model: readFileSync('mlp.onnx'),
 *   loss: { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels' },
 *   config: { optimizer: { type: 'adam', learningRate: 1e-3 }, decay: [{ type: 'decoupled', rate: 0.01 }] },
 * });
 * await trainer.step({ x: { data: new Float32Array(4 * 8), dims: [4, 8] }, labels: { data: [0, 1, 2, 0], dims: [4] } });
 * ```
 *
 * @packageDocumentation
 */
export {
  BatchError,
  createBatchFeeds,
  createParameterStore,
  createTrainer,
  type Batch,
  type BatchArray,
  type EvaluateResult,
  type InputSignature,
  type LayerStateSnapshot,
  type ParameterInit,
  type ParameterStore,
  type ParameterStoreOptions,
  type ParameterStoreState,
  type StepResult,
  type Trainer,
  type TrainerCheckpoint,
  type TrainerOptions,
  type WeightsChoice,
  type WeightsOptions,
} from './trainer/index.js';
export {
  buildTrainingGraph,
  gradientOutputName,
  LOSS_OUTPUT,
  validateTrainingGraph,
  type BuildTrainingGraphOptions,
  type LayerMode,
  type LossSpec,
  type RandomInput,
  type StateTensor,
  type TrainingGraph,
  type ValidateTrainingGraphOptions,
} from './gradient/index.js';
/** Errors of `@weight-decay/core` that the trainer throws, so users can catch them without a second import. */
export { ConfigError, ParameterError, StateError } from '@weight-decay/core';
export { OnnxGraphError, readInitializers, replaceInitializers, type OnnxGraphErrorLocation } from './onnx/index.js';
export { GraphBuilder, type AttributeValue, type Dim, type ElementType, type GraphBuilderOptions } from './onnx/index.js';
export type { TensorProto } from './onnx/onnx-proto.js';
