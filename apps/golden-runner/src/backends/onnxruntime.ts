/**
 * The ONNX Runtime bridge as a golden backend: the fixtures' gradients go
 * through the same {@link createParameterStore} update path the trainer of
 * `@weight-decay/onnxruntime` uses after each onnxruntime-node backward pass
 * (float32 parameters updated in place by core's float32 kernels).
 */
import type { GoldenBackend, GoldenParam, OptimizerRun } from '@weight-decay/golden';
import { createParameterStore } from '@weight-decay/onnxruntime';

/**
 * Creates the `onnxruntime` golden backend.
 *
 * `ready()` loads onnxruntime-node's native binding, so a machine where it
 * cannot load reports the backend as unavailable instead of passing.
 */
export function createOnnxruntimeBackend(): GoldenBackend {
  return {
    name: 'onnxruntime',
    precision: 'float32',
    async ready() {
      const ort = await import('onnxruntime-node');
      if (typeof ort.InferenceSession?.create !== 'function') {
        throw new Error('onnxruntime-node loaded without InferenceSession');
      }
    },
    async createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun> {
      // Throws ConfigError (with its path) before any array is allocated.
      const store = createParameterStore(config, params);
      return {
        async step(grads) {
          store.applyGradients(grads);
          return store.snapshot();
        },
        learningRate: () => store.learningRate(),
        penalty: () => store.penalty(),
        reportMetric: (value) => store.reportMetric(value),
        averagedParams: () => store.averaged() ?? {},
        gradNorm: () => store.lastResult?.gradNorm ?? Number.NaN,
        skippedUpdates: () => store.skippedUpdates,
      };
    },
  };
}
