import { createUpdater } from '@weight-decay/core';
import type { ResolvedConfig, Updater, UpdaterState } from '@weight-decay/core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { VariableTerms } from './variable-terms.js';

/**
 * A variable's optimizer state held by core's float32 kernel instead of tf
 * tensors: the fast path on the cpu backend, where tfjs's element-wise ops
 * with scalar operands take a slow broadcasting path (AdamW over 10⁶ weights:
 * ≈470 ms per step in tfjs ops vs ≈17 ms through the kernel; method in the
 * README's Backends section). One definition of the math: the kernel is core's `createUpdater`.
 */
export interface KernelForm {
  /** A one-parameter updater (precision float32) whose step count equals the optimizer's. */
  updater: Updater;
  /** θ₀ for anchor terms, kept here so getWeights can save it. */
  anchor?: Float32Array;
}

/**
 * The one-parameter config for a variable: the optimizer as is, and only the
 * terms that select this variable (by the adapter's own selection, which also
 * knows tfjs-layers' renamed weights), each re-targeted at "every parameter".
 */
function variableConfig(config: ResolvedConfig, terms: VariableTerms): ResolvedConfig {
  const applied = [...terms.coupled, ...terms.decoupled, ...terms.proximal].sort((a, b) => a.index - b.index);
  return {
    version: 1,
    optimizer: config.optimizer,
    decay: applied.map(({ term }) => ({ ...term, params: { include: ['**'], exclude: [], minRank: 0 } })),
  };
}

/**
 * Builds the kernel form of one variable, fresh (step 0) or from existing
 * state (`restored`: its step count and slot values).
 */
export function createKernelForm(
  config: ResolvedConfig,
  terms: VariableTerms,
  name: string,
  shape: readonly number[],
  anchor: Float32Array | undefined,
  restored?: { step: number; slots: Record<string, ArrayLike<number>> },
): KernelForm {
  const spec = { name, shape: [...shape] };
  const updater = createUpdater(variableConfig(config, terms), [spec], {
    precision: 'float32',
    anchors: anchor !== undefined && terms.needsAnchor ? { [name]: anchor } : undefined,
  });
  if (restored !== undefined) {
    const slots: Record<string, number[]> = {};
    for (const [slot, values] of Object.entries(restored.slots)) slots[slot] = Array.from(values);
    const state: UpdaterState = {
      format: 'weight-decay-state/1',
      config: updater.config,
      precision: 'float32',
      step: restored.step,
      parameters: { [name]: { shape: [...shape], slots, ...(anchor !== undefined && terms.needsAnchor ? { anchor: Array.from(anchor) } : {}) } },
    };
    updater.importState(state);
  }
  return { updater, anchor: terms.needsAnchor ? anchor : undefined };
}

/**
 * One update of one variable through the kernel. Reads θ and g (a copy of θ:
 * on the cpu backend `dataSync` returns the tensor's own buffer, which other
 * tensors may share), runs the kernel, and returns the new θ values.
 */
export function kernelStep(form: KernelForm, name: string, theta: Variable, gradient: Tensor): Float32Array {
  const values = new Float32Array(theta.dataSync() as Float32Array);
  form.updater.update({ [name]: values }, { [name]: gradient.dataSync() as Float32Array });
  return values;
}
