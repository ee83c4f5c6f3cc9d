import type { GoldenParam } from './fixture-types.js';

/** One optimizer created by a backend for one optimizer case. */
export interface OptimizerRun {
  /** Applies one update with these raw gradients; returns the parameters after it, row-major. */
  step(grads: Record<string, number[]>): Promise<Record<string, ArrayLike<number>>>;
  /** η_t the next update will use (optional). */
  learningRate?(): number;
  /** Coupled penalty at the current parameters (optional). */
  penalty?(): Promise<number> | number;
  /** Reports a metric to reduce-on-plateau after an update (config 1.1; a case with `metric` fails without it). */
  reportMetric?(value: number): Promise<void> | void;
  /** Global gradient norm, before clipping, of the last update (config 1.1, optional). */
  gradNorm?(): number;
  /** The averaged weights after the last update, row-major by name (config 1.1, optional). */
  averagedParams?(): Promise<Record<string, ArrayLike<number>>> | Record<string, ArrayLike<number>>;
  /** How many updates nonFinite `"skip"` has dropped so far (config 1.1, optional). */
  skippedUpdates?(): number;
  /** Releases tensors or sessions (optional). */
  dispose?(): void;
}

/** What a backend implements to replay golden cases (the reference, tfjs, ONNX Runtime, …). */
export interface GoldenBackend {
  /** Short name for reports, e.g. `tfjs-cpu`. */
  name: string;
  /** Selects the tolerance: `float32` uses a case's `tolerance`, `float64` its `referenceTolerance`. */
  precision: 'float32' | 'float64';
  /** Rejects with a reason when the backend cannot run here (reported as unavailable, not passing). */
  ready?(): Promise<void>;
  /** Must reject an invalid config with an error carrying `path` (ConfigError) before creating any tensor. */
  createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun>;
  /** Evaluates a schedule; default: core's createSchedule. */
  schedule?(schedule: unknown): (t: number) => number;
}

export type { GoldenParam };
