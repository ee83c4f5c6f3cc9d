import { createUpdater, type FloatArray, type Precision } from '@weight-decay/core';

import type { GoldenBackend, OptimizerRun } from './golden-backend.js';
import type { GoldenParam } from './fixture-types.js';

/** Options of {@link createReferenceBackend}. */
export interface ReferenceBackendOptions {
  /**
   * `float64` (default): core's reference, held to rtol 1e-9 against PyTorch.
   * `float32`: core's float32 kernel, held to each case's float32 tolerance —
   * a check that the tolerances are reachable by a correct float32 implementation.
   */
  precision?: Precision;
}

/**
 * A golden backend made of `@weight-decay/core` alone: `createUpdater` on
 * plain typed arrays, with no framework in between.
 *
 * @param options - which precision to run in.
 */
export function createReferenceBackend(options: ReferenceBackendOptions = {}): GoldenBackend {
  const precision = options.precision ?? 'float64';
  const ArrayType = precision === 'float64' ? Float64Array : Float32Array;
  return {
    name: precision === 'float64' ? 'reference' : 'core-float32',
    precision,
    async createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun> {
      // createUpdater validates the config and the parameter selection before any array exists.
      const updater = createUpdater(
        config,
        Object.entries(params).map(([name, p]) => ({ name, shape: p.shape })),
        { precision },
      );
      const arrays: Record<string, FloatArray> = {};
      for (const [name, p] of Object.entries(params)) arrays[name] = ArrayType.from(p.values);
      let gradNorm = Number.NaN;
      return {
        async step(grads) {
          const result = updater.update(arrays, grads);
          if (result.gradNorm !== undefined) gradNorm = result.gradNorm;
          const out: Record<string, Float64Array> = {};
          for (const [name, a] of Object.entries(arrays)) out[name] = Float64Array.from(a);
          return out;
        },
        learningRate: () => updater.learningRate(),
        penalty: () => updater.penalty(arrays),
        reportMetric: (value) => updater.reportMetric(value),
        averagedParams: () => {
          const out: Record<string, Float64Array> = {};
          for (const [name, a] of Object.entries(updater.averagedParameters() ?? {})) out[name] = Float64Array.from(a);
          return out;
        },
        gradNorm: () => gradNorm,
        skippedUpdates: () => updater.skippedUpdates,
      };
    },
  };
}
