import type { ResolvedOptimizerConfig } from '@weight-decay/core';
import type { FusedKernel, FusedUpdate } from './fused-kernel.js';
import { wasmFusedKernel } from './wasm.js';
import { webglFusedKernel } from './webgl.js';

/** The fused kernels by tfjs backend name; `createOptimizer` with `kernel: 'auto'` uses the current backend's. */
const fusedKernels = new Map<string, FusedKernel>([
  ['wasm', wasmFusedKernel],
  ['webgl', webglFusedKernel],
]);

// Built once per optimizer config and backend (a webgl kernel compiles shaders); a new config (setLearningRate) builds anew.
const built = new WeakMap<ResolvedOptimizerConfig, Map<string, FusedUpdate | undefined>>();

/**
 * The fused update for `optimizer` on the backend `backendName`, or undefined
 * when that backend has no fused kernel (or none for this config), in which
 * case the update runs op by op.
 */
export function fusedUpdateFor(backendName: string, optimizer: ResolvedOptimizerConfig): FusedUpdate | undefined {
  let byBackend = built.get(optimizer);
  if (byBackend === undefined) {
    byBackend = new Map();
    built.set(optimizer, byBackend);
  }
  if (!byBackend.has(backendName)) byBackend.set(backendName, fusedKernels.get(backendName)?.(optimizer));
  return byBackend.get(backendName);
}
