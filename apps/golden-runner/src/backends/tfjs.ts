/**
 * The TensorFlow.js adapter as a golden backend: each case's config goes
 * through `createOptimizer` from `@weight-decay/tfjs`, its parameters become
 * `tf.Variable`s named exactly as in the case (so selection globs see the same
 * names), and its gradients go through `applyGradients`, on the cpu or the
 * wasm backend (float32), or on webgl in a browser (apps/browser-test).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { GoldenBackend, GoldenParam, OptimizerRun } from '@weight-decay/golden';
import { parseConfig } from '@weight-decay/core';
import { createOptimizer, withAveragedWeights } from '@weight-decay/tfjs';

/** Which tfjs backend runs the case (webgl only in a browser: apps/browser-test). */
export type TfjsBackendKind = 'cpu' | 'wasm' | 'webgl';

/** Options of {@link createTfjsBackend}. */
export interface TfjsGoldenOptions {
  /**
   * `createOptimizer`'s `kernel` option. Default `'auto'`: on cpu the update runs on
   * core's float32 kernel, on wasm and webgl on the backend's fused kernel; `'tensor'`
   * forces tfjs ops, op by op (the path every other backend uses).
   */
  kernel?: 'auto' | 'tensor' | 'kernel';
}

/** Switches tfjs to `kind` and waits for it. */
export async function activate(kind: TfjsBackendKind): Promise<void> {
  if (tf.getBackend() === kind) return;
  const ok = await tf.setBackend(kind);
  if (!ok || tf.getBackend() !== kind) throw new Error(`tf.setBackend('${kind}') failed (backend now ${tf.getBackend()})`);
  await tf.ready();
}

/**
 * Creates the `tfjs-cpu` or `tfjs-wasm` golden backend.
 *
 * `ready()` activates the tfjs backend (for wasm: loads the .wasm binary that
 * `@tensorflow/tfjs-backend-wasm` ships), so a machine where it cannot start
 * reports the backend as unavailable instead of passing.
 *
 * @param kind - `'cpu'` or `'wasm'`.
 * @param options - Which update path `createOptimizer` uses.
 */
export function createTfjsBackend(kind: TfjsBackendKind, options: TfjsGoldenOptions = {}): GoldenBackend {
  const kernel = options.kernel ?? 'auto';
  return {
    name: kernel === 'auto' ? `tfjs-${kind}` : `tfjs-${kind}-${kernel}`,
    precision: 'float32',
    async ready() {
      await activate(kind);
    },
    async createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun> {
      // Config and parameter selection are checked (ConfigError with its path) before any tensor exists.
      const optimizer = createOptimizer(parseConfig(config), { kernel });
      optimizer.plan(Object.entries(params).map(([name, p]) => ({ name, shape: p.shape })));
      return runOnVariables(kind, optimizer, params);
    },
  };
}

/** An optimizer of this package: steps tf.Variables and reports η_t and the penalty. */
export interface DecayingOptimizer extends tf.Optimizer {
  /** η_t of the next update. */
  readonly learningRate: number;
  /** The coupled penalty over `variables`. */
  penalty(variables?: readonly tf.Variable[]): number;
  /** Reports a metric to a reduce-on-plateau learning rate (`createOptimizer`'s optimizer only). */
  reportMetric?(value: number): void;
  /** Puts the averaged weights in the variables and back (config `average`). */
  swapAveragedWeights(): boolean;
  /** Config 1.1: the global gradient norm of the last update. */
  gradNorm(): number | undefined;
  /** Config 1.1: updates dropped by nonFinite "skip". */
  readonly skippedUpdates: number;
}

/**
 * A golden run of `optimizer` on `tf.Variable`s named exactly as the case's
 * parameters (so selection globs see the same names), on the `kind` backend.
 * The optimizer is disposed with the run, or here when a variable cannot be made.
 */
export async function runOnVariables(
  kind: TfjsBackendKind,
  optimizer: DecayingOptimizer,
  params: Record<string, GoldenParam>,
): Promise<OptimizerRun> {
  await activate(kind);
  const variables: Record<string, tf.Variable> = {};
  try {
    for (const [name, p] of Object.entries(params)) {
      variables[name] = tf.variable(tf.tensor(p.values, p.shape, 'float32'), true, name);
    }
  } catch (error) {
    tf.dispose(Object.values(variables));
    optimizer.dispose();
    throw error;
  }
  const read = async (): Promise<Record<string, Float32Array>> => {
    const values: Record<string, Float32Array> = {};
    for (const [name, variable] of Object.entries(variables)) values[name] = (await variable.data()) as Float32Array;
    return values;
  };
  return {
    async step(grads) {
      const tensors: tf.NamedTensorMap = {};
      for (const [name, values] of Object.entries(grads)) {
        const variable = variables[name];
        tensors[name] = tf.tensor(values, variable === undefined ? [values.length] : variable.shape, 'float32');
      }
      try {
        optimizer.applyGradients(tensors);
      } finally {
        tf.dispose(tensors);
      }
      return read();
    },
    // Read through the swap users call, which puts the live weights back afterwards.
    averagedParams: () => withAveragedWeights(optimizer, read),
    learningRate: () => optimizer.learningRate,
    penalty: () => optimizer.penalty(Object.values(variables)),
    reportMetric: optimizer.reportMetric?.bind(optimizer),
    gradNorm: () => optimizer.gradNorm() ?? Number.NaN,
    skippedUpdates: () => optimizer.skippedUpdates,
    dispose() {
      optimizer.dispose();
      tf.dispose(Object.values(variables));
    },
  };
}
