/**
 * Moving to PyTorch: the config as a Python module, and checkpoints that cross over.
 *
 * @packageDocumentation
 */
export { emitPytorchModule } from './emit-pytorch-module.js';
export { pytorchCheckpointFormat, pytorchStateFormat } from './python-optimizer-runtime.js';
export {
  trainerCheckpointToPytorch,
  pytorchCheckpointToTrainer,
  type CheckpointMapping,
  type PytorchCheckpoint,
  type PytorchOptimizerState,
  type TensorData,
  type TrainerCheckpointData,
} from './pytorch-checkpoint.js';
