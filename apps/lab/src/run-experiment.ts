/**
 * One training run: a config, seeded initial weights, seeded batches, a
 * backend. Records per-epoch metrics that every claim and chart reads.
 * Written once against {@link TrainingBackend}.
 */
import type { ResolvedConfig } from '@weight-decay/core';
import { weightNorm, zeroFraction } from '@weight-decay/core';
import type { Dataset, MnistSplits } from './mnist-data.js';
import { imageSize } from './mnist-data.js';
import type { MlpArchitecture } from './mlp-model.js';
import { initMlpParameters, kernelName } from './mlp-model.js';
import { deriveSeed } from './seeded-random.js';
import type { Evaluation, TrainingBackend } from './training-backend.js';
import { epochBatches } from './training-batches.js';

/** A config to run, with a label for tables and where it came from. */
export interface RunSpec {
  /** Short name in tables, e.g. `l2` or `decoupled λ=0.1`. */
  label: string;
  /** The resolved portable config. */
  config: ResolvedConfig;
  /** File (or description) the config came from. */
  source: string;
}

/** Settings shared by every run of one seed. */
export interface RunSettings {
  /** The network. */
  architecture: MlpArchitecture;
  /** Epochs to train. */
  epochs: number;
  /** Samples per update. */
  batchSize: number;
  /** Seed for initial weights, batch order and dropout masks (the data split has its own, already applied). */
  seed: number;
  /** The data. */
  data: MnistSplits;
  /** Input pixels that are 0 in every training image: their first-layer weights get no gradient. */
  blankPixels: readonly number[];
  /**
   * Score the training and validation splits after every epoch (default);
   * when false only before training and after the last epoch (weights are
   * still measured every epoch), and the epochs between carry NaN scores.
   */
  scoreEachEpoch?: boolean;
  /** Called after each epoch (progress display). */
  onEpoch?: (epoch: number, metrics: EpochMetrics) => void;
}

/** What one epoch measured. Epoch 0 is the untrained model. */
export interface EpochMetrics {
  /** 0 before training, then 1, 2, … */
  epoch: number;
  /** The loss of every batch of the epoch, before its update (empty for epoch 0). */
  batchLosses: number[];
  /** Loss on the whole training split after the epoch. */
  trainLoss: number;
  /** Accuracy on the whole training split after the epoch. */
  trainAccuracy: number;
  /** Loss on the validation split. */
  validationLoss: number;
  /** Accuracy on the validation split. */
  validationAccuracy: number;
  /** Largest |logit| on the validation split. */
  validationMaxAbsLogit: number;
  /** √Σθ² over every parameter. */
  weightNorm: number;
  /** √Σθ² of each parameter, by name. */
  parameterNorms: Record<string, number>;
  /** Per kernel, ‖θ_e − θ_(e−1)‖ / ‖θ_(e−1)‖: how far the epoch turned it (0 for epoch 0). */
  kernelRelativeUpdate: Record<string, number>;
  /** Fraction of parameters exactly 0. */
  zeroFraction: number;
  /** Fraction of kernel weights exactly 0 (the weights the lab's configs decay). */
  kernelZeroFraction: number;
  /** √Σθ² of the first-layer weights fed by {@link RunSettings.blankPixels}. */
  blankInputNorm: number;
  /** Coupled l1/l2 penalty of the current weights (0 when the config has none). */
  penalty: number;
  /** Wall-clock seconds spent in training updates so far (scoring excluded). */
  trainingSeconds: number;
}

/** Everything one run measured. */
export interface RunResult {
  /** From the spec. */
  label: string;
  /** From the spec. */
  source: string;
  /** From the spec. */
  config: ResolvedConfig;
  /** Backend name. */
  backend: string;
  /** The seed of initial weights and batch order. */
  seed: number;
  /** Updates per epoch. */
  stepsPerEpoch: number;
  /** One record per epoch, epoch 0 first. */
  epochs: EpochMetrics[];
  /** The last record. */
  final: EpochMetrics;
  /** The test split, scored once after the last epoch. */
  test: Evaluation;
}

/** Pixels that are 0 in every image of `data`, ascending. */
export function blankPixels(data: Dataset): number[] {
  const lit = new Uint8Array(imageSize);
  for (let i = 0; i < data.images.length; i++) if (data.images[i] !== 0) lit[i % imageSize] = 1;
  const blank: number[] = [];
  lit.forEach((on, pixel) => {
    if (!on) blank.push(pixel);
  });
  return blank;
}

/** √Σθ² of the rows `pixels` of a row-major `[784, width]` first-layer kernel. */
export function rowsNorm(kernel: Float32Array, width: number, pixels: readonly number[]): number {
  let sum = 0;
  for (const pixel of pixels) {
    for (let j = pixel * width; j < (pixel + 1) * width; j++) sum += kernel[j] * kernel[j];
  }
  return Math.sqrt(sum);
}

function relativeChange(now: Float32Array, before: Float32Array): number {
  let change = 0;
  let size = 0;
  for (let i = 0; i < now.length; i++) {
    change += (now[i] - before[i]) ** 2;
    size += before[i] * before[i];
  }
  return Math.sqrt(change) / Math.sqrt(size);
}

/** Trains one config and measures it. The session is disposed even when training fails. */
export async function runExperiment(backend: TrainingBackend, spec: RunSpec, settings: RunSettings): Promise<RunResult> {
  const { architecture } = settings;
  const session = await backend.createSession({
    architecture,
    initialParameters: initMlpParameters(architecture, deriveSeed(settings.seed, 'init')),
    config: spec.config,
    batchSize: settings.batchSize,
    seed: settings.seed,
  });
  const kernels = Array.from({ length: architecture.layerSizes.length - 1 }, (_, i) => kernelName(i + 1));
  try {
    let previous: Record<string, Float32Array> | undefined;
    let trainingSeconds = 0;
    const unscored = { loss: Number.NaN, accuracy: Number.NaN, maxAbsLogit: Number.NaN };
    const measure = async (epoch: number, batchLosses: number[]): Promise<EpochMetrics> => {
      const scored = settings.scoreEachEpoch !== false || epoch === 0 || epoch === settings.epochs;
      const train = scored ? await session.evaluate(settings.data.train) : unscored;
      const validation = scored ? await session.evaluate(settings.data.validation) : unscored;
      const weights = await session.readWeights();
      const all = Object.values(weights);
      const kernelValues = kernels.map((name) => weights[name]);
      const metrics: EpochMetrics = {
        epoch,
        batchLosses,
        trainLoss: train.loss,
        trainAccuracy: train.accuracy,
        validationLoss: validation.loss,
        validationAccuracy: validation.accuracy,
        validationMaxAbsLogit: validation.maxAbsLogit,
        weightNorm: weightNorm(all),
        parameterNorms: Object.fromEntries(Object.entries(weights).map(([name, v]) => [name, weightNorm([v])])),
        kernelRelativeUpdate: Object.fromEntries(
          kernels.map((name) => [name, previous ? relativeChange(weights[name], previous[name]) : 0]),
        ),
        zeroFraction: zeroFraction(all),
        kernelZeroFraction: zeroFraction(kernelValues),
        blankInputNorm: rowsNorm(weights[kernels[0]], architecture.layerSizes[1], settings.blankPixels),
        penalty: await session.penalty(),
        trainingSeconds,
      };
      previous = weights;
      return metrics;
    };
    const epochs = [await measure(0, [])];
    settings.onEpoch?.(0, epochs[0]);
    let stepsPerEpoch = 0;
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const batches = epochBatches(settings.data.train, settings.batchSize, deriveSeed(settings.seed, 'order'), epoch);
      stepsPerEpoch = batches.length;
      const started = performance.now();
      const losses = await session.trainEpoch(batches);
      trainingSeconds += (performance.now() - started) / 1000;
      const metrics = await measure(epoch, losses);
      epochs.push(metrics);
      settings.onEpoch?.(epoch, metrics);
    }
    return {
      label: spec.label,
      source: spec.source,
      config: spec.config,
      backend: backend.name,
      seed: settings.seed,
      stepsPerEpoch,
      epochs,
      final: epochs[epochs.length - 1],
      test: await session.evaluate(settings.data.test),
    };
  } finally {
    await session.dispose();
  }
}
