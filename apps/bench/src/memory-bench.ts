import { createUpdater, type WeightDecayConfig } from '@weight-decay/core';
import { printValue } from './measure.js';

const optimizers: Record<string, WeightDecayConfig['optimizer']> = {
  sgd: { type: 'sgd', learningRate: 0.1 },
  'sgd-momentum': { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
  adam: { type: 'adam', learningRate: 1e-3 },
  'adam-amsgrad': { type: 'adam', learningRate: 1e-3, amsgrad: true },
  rmsprop: { type: 'rmsprop', learningRate: 1e-3 },
  'rmsprop-centered-momentum': { type: 'rmsprop', learningRate: 1e-3, centered: true, momentum: 0.9 },
  adagrad: { type: 'adagrad', learningRate: 1e-2 },
};

/**
 * Figure 4a: bytes of optimizer state per parameter, read from the live slots
 * (float32 kernels), with and without an anchor term (which keeps θ₀).
 */
export function benchStateBytes(): void {
  for (const [name, optimizer] of Object.entries(optimizers)) {
    for (const anchored of [false, true]) {
      printValue(`memory.state.${name}${anchored ? '+anchor' : ''}`, stateBytesPerParameter(optimizer, anchored), 'bytes/param');
    }
  }
}

/** Bytes of float32 state per parameter after one update, read from the updater's exported slots (and anchor). */
export function stateBytesPerParameter(optimizer: WeightDecayConfig['optimizer'], anchored = false): number {
  const size = 1000;
  const decay: WeightDecayConfig['decay'] = anchored ? [{ type: 'anchor', rate: 0.01 }] : [];
  const updater = createUpdater({ optimizer, decay }, [{ name: 'w', shape: [size] }]);
  const params = { w: new Float32Array(size).fill(1) };
  updater.update(params, { w: new Float32Array(size).fill(0.1) });
  const state = updater.exportState().parameters.w;
  const floats = Object.values(state.slots).reduce((n, s) => n + s.length, 0) + (state.anchor?.length ?? 0);
  return (floats * 4) / size;
}
