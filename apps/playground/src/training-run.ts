/**
 * One training run of the lab's MLP (784-256-256-10, ReLU, the lab's seeded
 * He-uniform initial weights) with an optimizer built by `createOptimizer`
 * from a portable config, measured after every epoch as the lab measures it.
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig, weightNorm, zeroFraction } from '@weight-decay/core';
import { evaluateLogits } from '@weight-decay/lab/dist/logit-metrics.js';
import { defaultArchitecture, initMlpParameters } from '@weight-decay/lab/dist/mlp-model.js';
import { createOptimizer } from '@weight-decay/tfjs';

import { classCount, imageSize, type Digits, type DigitSplits } from './mnist-digits.js';

/** What is measured after each epoch (epoch 0: the untrained model). */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  /** Fraction of parameters that are exactly 0 (core's `zeroFraction`). */
  zeroFraction: number;
  /** √Σθ² over every parameter (core's `weightNorm`). */
  weightNorm: number;
}

/** Samples per update, as in the lab. */
export const batchSize = 50;
/** Rows per forward pass when scoring a split (bounds peak memory). */
const evaluationChunk = 500;

function buildModel(seed: number): tf.Sequential {
  const sizes = defaultArchitecture.layerSizes;
  const model = tf.sequential();
  for (let layer = 1; layer < sizes.length; layer++) {
    model.add(
      tf.layers.dense({
        name: `dense${layer}`,
        units: sizes[layer],
        activation: layer < sizes.length - 1 ? 'relu' : 'linear',
        ...(layer === 1 ? { inputShape: [sizes[0]] } : {}),
      }),
    );
  }
  // The lab's initial weights, in the same kernel-then-bias order as getWeights().
  model.setWeights(initMlpParameters(defaultArchitecture, seed).map((p) => tf.tensor(p.values, [...p.shape], 'float32')));
  return model;
}

/** A model, its optimizer and the data tensors, for one config. */
export class TrainingRun {
  private readonly model: tf.Sequential;
  private readonly optimizer: tf.Optimizer;
  private readonly xs: tf.Tensor2D;
  private readonly ys: tf.Tensor2D;
  private epochsDone = 0;

  /**
   * @param config - a portable config (already validated; createOptimizer checks it again).
   * @param data - the lab's splits.
   * @throws ConfigError naming the field, e.g. an include pattern that selects no weight.
   */
  constructor(
    config: unknown,
    private readonly data: DigitSplits,
  ) {
    this.optimizer = createOptimizer(parseConfig(config));
    this.model = buildModel(data.seed);
    this.model.compile({ optimizer: this.optimizer, loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
    this.xs = tf.tensor2d(data.train.images, [data.train.size, imageSize]);
    this.ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), classCount).toFloat()) as tf.Tensor2D;
  }

  /** Trains one epoch (shuffled batches of {@link batchSize}); `onBatch` gets the batch index. */
  async trainEpoch(onBatch: (batch: number) => void): Promise<void> {
    await this.model.fit(this.xs, this.ys, {
      epochs: 1,
      batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: { onBatchEnd: async (batch) => onBatch(batch + 1) },
    });
    this.epochsDone += 1;
  }

  /** Batches per epoch. */
  get batches(): number {
    return Math.ceil(this.data.train.size / batchSize);
  }

  private async score(split: Digits): Promise<{ loss: number; accuracy: number }> {
    const logits = new Float32Array(split.size * classCount);
    for (let start = 0; start < split.size; start += evaluationChunk) {
      const rows = Math.min(evaluationChunk, split.size - start);
      const out = tf.tidy(
        () =>
          this.model.predict(
            tf.tensor2d(split.images.subarray(start * imageSize, (start + rows) * imageSize), [rows, imageSize]),
          ) as tf.Tensor,
      );
      logits.set(await out.data(), start * classCount);
      out.dispose();
    }
    return evaluateLogits(logits, split.labels, classCount);
  }

  /** Every parameter's values, kernels first (`dense<k>/kernel`), for metrics and the histogram. */
  async parameters(): Promise<{ kernels: Float32Array[]; all: Float32Array[] }> {
    const weights = this.model.getWeights();
    const all = await Promise.all(weights.map(async (w) => (await w.data()) as Float32Array));
    return { kernels: all.filter((_, i) => weights[i].rank === 2), all };
  }

  /** Scores both splits and the parameters at the current epoch. */
  async measure(): Promise<EpochMetrics> {
    const train = await this.score(this.data.train);
    const validation = await this.score(this.data.validation);
    const { all } = await this.parameters();
    return {
      epoch: this.epochsDone,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      validationLoss: validation.loss,
      validationAccuracy: validation.accuracy,
      zeroFraction: zeroFraction(all),
      weightNorm: weightNorm(all),
    };
  }

  dispose(): void {
    tf.dispose([this.xs, this.ys]);
    this.optimizer.dispose();
    this.model.dispose();
  }
}
