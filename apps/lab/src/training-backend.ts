/**
 * The one interface every experiment, sweep and report is written against.
 * A binding (tfjs, ONNX Runtime) implements it; nothing above this file knows
 * which framework does the arithmetic.
 */
import type { ResolvedConfig } from '@weight-decay/core';
import type { Dataset } from './mnist-data.js';
import type { MlpArchitecture, ParameterTensor } from './mlp-model.js';
import type { TrainingBatch } from './training-batches.js';

/** Mean softmax cross-entropy and accuracy over a dataset. */
export interface Evaluation {
  /** Mean cross-entropy (natural log) over every sample. */
  loss: number;
  /** Fraction of samples whose arg-max logit is the label, in [0, 1]. */
  accuracy: number;
  /** Largest |logit| over every sample and class (NaN when a logit is not finite). */
  maxAbsLogit: number;
}

/** What a session is created from: the same for every backend. */
export interface SessionOptions {
  /** The network. */
  architecture: MlpArchitecture;
  /** Seeded initial weights (the session copies them). */
  initialParameters: readonly ParameterTensor[];
  /** The portable decay config, resolved. */
  config: ResolvedConfig;
  /** Samples per update; every batch given to {@link TrainingSession.trainEpoch} has this size. */
  batchSize: number;
  /** Seed of anything random inside training (dropout masks). */
  seed: number;
}

/** One model being trained with one config. */
export interface TrainingSession {
  /** Runs one update per batch, in order; returns each batch's loss (before its update). */
  trainEpoch(batches: readonly TrainingBatch[]): Promise<number[]>;
  /** Loss and accuracy of the current weights; no update. */
  evaluate(data: Dataset): Promise<Evaluation>;
  /** A copy of the current weights, by parameter name. */
  readWeights(): Promise<Record<string, Float32Array>>;
  /** The coupled penalty (l1 + l2 terms at the current rate) of the current weights. */
  penalty(): Promise<number>;
  /** Frees framework memory. The session is unusable afterwards. */
  dispose(): Promise<void>;
}

/** A framework binding that can start sessions. */
export interface TrainingBackend {
  /** Shown in tables and reports, e.g. `tfjs (wasm)` or `onnxruntime`. */
  readonly name: string;
  /** Why this backend cannot train the architecture, or undefined when it can. */
  unsupported(architecture: MlpArchitecture): string | undefined;
  /** Starts a session; the initial weights are loaded, nothing is trained yet. */
  createSession(options: SessionOptions): Promise<TrainingSession>;
  /** Frees anything the backend itself holds. */
  dispose(): Promise<void>;
}
