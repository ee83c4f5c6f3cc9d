/**
 * The ONNX Runtime binding of {@link TrainingBackend}: the lab writes the MLP
 * as a forward ONNX graph (MatMul, Add, Relu) with the seeded weights as
 * initializers, and `@weight-decay/onnxruntime` builds its training graph and
 * runs the portable optimizer on it.
 */
import { createTrainer } from '@weight-decay/onnxruntime';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Trainer } from '@weight-decay/onnxruntime';
import { evaluateLogits } from './logit-metrics.js';
import type { Dataset } from './mnist-data.js';
import { classCount, imageSize } from './mnist-data.js';
import { buildMlpOnnx, imagesInput, logitsOutput } from './onnx-mlp-writer.js';
import type { MlpArchitecture } from './mlp-model.js';
import type { SessionOptions, TrainingBackend, TrainingSession } from './training-backend.js';
import type { TrainingBatch } from './training-batches.js';

/** Graph input holding the labels (int64 class indices), `[batch]`; the trainer's loss adds it. */
export const labelsInput = 'labels';

/** Why the bridge cannot train this architecture yet (the forward writer emits MatMul/Add/Relu only). */
function unsupported(architecture: MlpArchitecture): string | undefined {
  return architecture.dropout || architecture.batchNorm
    ? 'the ONNX Runtime bridge does not yet differentiate Dropout and BatchNormalization in training mode'
    : undefined;
}

/** The ONNX Runtime binding. */
export async function createOnnxruntimeBackend(): Promise<TrainingBackend> {
  return {
    name: 'onnxruntime',
    unsupported,
    createSession: async (options) => createOnnxruntimeSession(options),
    dispose: async () => {},
  };
}

/**
 * One intra-op thread: the lab's matrices are small, and on a shared machine
 * ORT's spinning worker threads cost more than they save (measured: see README).
 */
function sessionOptions(): InferenceSession.SessionOptions {
  return { intraOpNumThreads: 1, interOpNumThreads: 1 };
}

/** Rows per scoring run (bounds peak memory). */
const evaluationChunk = 1000;

async function createOnnxruntimeSession(options: SessionOptions): Promise<TrainingSession> {
  const reason = unsupported(options.architecture);
  if (reason) throw new RangeError(`onnxruntime: ${reason}`);
  const batchSize = options.batchSize;
  const trainer: Trainer = await createTrainer({
    model: buildMlpOnnx(options.architecture, options.initialParameters),
    loss: { type: 'softmax-cross-entropy', logits: logitsOutput, labels: labelsInput, reduction: 'mean' },
    config: options.config,
    batchSize,
    sessionOptions: sessionOptions(),
  });
  let scorer: InferenceSession;
  try {
    scorer = await InferenceSession.create(buildMlpOnnx(options.architecture, null), sessionOptions());
  } catch (error) {
    await trainer.dispose();
    throw error;
  }
  return {
    async trainEpoch(batches: readonly TrainingBatch[]): Promise<number[]> {
      const losses: number[] = [];
      for (const batch of batches) {
        const result = await trainer.step({
          [imagesInput]: { data: batch.images, dims: [batch.size, imageSize] },
          // The trainer turns plain class indices into its int64 input and checks their range.
          [labelsInput]: { data: batch.labels, dims: [batch.size] },
        });
        losses.push(result.loss);
      }
      return losses;
    },
    async evaluate(data: Dataset) {
      // Scored by a forward-only session fed the current weights: one run per
      // chunk of up to 1,000 rows instead of one training-graph run per
      // batch-sized chunk.
      const weights = trainer.parameters();
      const feeds: Record<string, Tensor> = {};
      for (const spec of trainer.parameterSpecs) feeds[spec.name] = new Tensor('float32', weights[spec.name], spec.shape);
      const logits = new Float32Array(data.size * classCount);
      for (let start = 0; start < data.size; start += evaluationChunk) {
        const rows = Math.min(evaluationChunk, data.size - start);
        feeds[imagesInput] = new Tensor('float32', data.images.subarray(start * imageSize, (start + rows) * imageSize), [rows, imageSize]);
        const result = await scorer.run(feeds, [logitsOutput]);
        logits.set(result[logitsOutput].data as Float32Array, start * classCount);
      }
      return evaluateLogits(logits, data.labels, classCount);
    },
    async readWeights() {
      return trainer.parameters();
    },
    async penalty() {
      return trainer.penalty();
    },
    async dispose() {
      await trainer.dispose();
      await scorer.release();
    },
  };
}
