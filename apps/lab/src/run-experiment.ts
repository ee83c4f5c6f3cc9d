/**
 * One training run: a config, seeded initial weights, seeded batches, a
 * backend. Records per-epoch metrics that every report piece reads. Written
 * once against {@link TrainingBackend}.
 */
import type { ResolvedConfig } from '@weight-decay/core';
import { weightNorm, zeroFraction } from '@weight-decay/core';
import type { MnistSplits } from './mnist-data.js';
import type { MlpArchitecture } from './mlp-model.js';
import { initMlpParameters } from './mlp-model.js';
import { deriveSeed } from './seeded-random.js';
import type { HistogramBin } from './svg-chart.js';
import { histogram } from './svg-chart.js';
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

/** Settings shared by every run of an experiment. */
export interface RunSettings {
  /** The network. */
  architecture: MlpArchitecture;
  /** Epochs to train. */
  epochs: number;
  /** Samples per update. */
  batchSize: number;
  /** Seed for initial weights and batch order (the data split has its own, already applied). */
  seed: number;
  /** The data. */
  data: MnistSplits;
  /** Called after each epoch (progress display). */
  onEpoch?: (epoch: number, metrics: EpochMetrics) => void;
}

/** What one epoch measured. Epoch 0 is the untrained model. */
export interface EpochMetrics {
  /** 0 before training, then 1, 2, … */
  epoch: number;
  /** Mean of the batch losses seen during the epoch (NaN for epoch 0). */
  batchLoss: number;
  /** Loss on the whole training split after the epoch. */
  trainLoss: number;
  /** Accuracy on the whole training split after the epoch. */
  trainAccuracy: number;
  /** Loss on the validation split. */
  validationLoss: number;
  /** Accuracy on the validation split. */
  validationAccuracy: number;
  /** √Σθ² over every parameter. */
  weightNorm: number;
  /** Fraction of parameters exactly 0. */
  zeroFraction: number;
  /** Coupled l1/l2 penalty of the current weights (0 when the config has none). */
  penalty: number;
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
  /** One record per epoch, epoch 0 first. */
  epochs: EpochMetrics[];
  /** The last record. */
  final: EpochMetrics;
  /** The test split, scored once after the last epoch. */
  test: Evaluation;
  /** Fraction of exactly-zero values per parameter, at the end. */
  zeroFractionByParameter: Record<string, number>;
  /** Histogram of every kernel value at the end, over {@link histogramRange}. */
  kernelHistogram: HistogramBin[];
  /** Wall-clock seconds (informational only). */
  seconds: number;
}

/** Kernel histograms share this range (values outside land in the end bins) and bin count, so runs overlay. */
export const histogramRange = { min: -0.3, max: 0.3, bins: 120 } as const;

/** Trains one config and measures it. The session is disposed even when training fails. */
export async function runExperiment(backend: TrainingBackend, spec: RunSpec, settings: RunSettings): Promise<RunResult> {
  const started = performance.now();
  const session = await backend.createSession({
    architecture: settings.architecture,
    initialParameters: initMlpParameters(settings.architecture, deriveSeed(settings.seed, 'init')),
    config: spec.config,
    batchSize: settings.batchSize,
  });
  try {
    const measure = async (epoch: number, batchLoss: number): Promise<EpochMetrics> => {
      const train = await session.evaluate(settings.data.train);
      const validation = await session.evaluate(settings.data.validation);
      const weights = Object.values(await session.readWeights());
      return {
        epoch,
        batchLoss,
        trainLoss: train.loss,
        trainAccuracy: train.accuracy,
        validationLoss: validation.loss,
        validationAccuracy: validation.accuracy,
        weightNorm: weightNorm(weights),
        zeroFraction: zeroFraction(weights),
        penalty: await session.penalty(),
      };
    };
    const epochs = [await measure(0, Number.NaN)];
    settings.onEpoch?.(0, epochs[0]);
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const batches = epochBatches(settings.data.train, settings.batchSize, deriveSeed(settings.seed, 'order'), epoch);
      const batchLoss = await session.trainEpoch(batches);
      const metrics = await measure(epoch, batchLoss);
      epochs.push(metrics);
      settings.onEpoch?.(epoch, metrics);
    }
    const test = await session.evaluate(settings.data.test);
    const weights = await session.readWeights();
    const kernels = Object.entries(weights).filter(([name]) => name.endsWith('/kernel'));
    const allKernelValues = new Float32Array(kernels.reduce((n, [, v]) => n + v.length, 0));
    let offset = 0;
    for (const [, values] of kernels) {
      allKernelValues.set(values, offset);
      offset += values.length;
    }
    return {
      label: spec.label,
      source: spec.source,
      config: spec.config,
      backend: backend.name,
      epochs,
      final: epochs[epochs.length - 1],
      test,
      zeroFractionByParameter: Object.fromEntries(
        Object.entries(weights).map(([name, values]) => [name, zeroFraction([values])]),
      ),
      kernelHistogram: histogram(allKernelValues, histogramRange.min, histogramRange.max, histogramRange.bins),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await session.dispose();
  }
}
