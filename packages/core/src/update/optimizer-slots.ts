import type { ResolvedOptimizerConfig } from '../config/index.js';
import { optimizerOf } from './optimizers/index.js';

/**
 * The names of the per-parameter state arrays ("slots") an optimizer keeps,
 * in a fixed order. Each slot has one element per parameter element.
 *
 * - sgd: `momentum` when momentum > 0 (PyTorch's `momentum_buffer`).
 * - adam: `m`, `v`, plus `vMax` with amsgrad.
 * - rmsprop: `squareAverage`, plus `gradAverage` when centered, plus `momentum` when momentum > 0.
 * - adagrad: `sum`.
 *
 * @param optimizer - A resolved optimizer config.
 * @returns Slot names.
 */
export function optimizerSlotNames(optimizer: ResolvedOptimizerConfig): string[] {
  const { definition, variant } = optimizerOf(optimizer);
  return [...definition.slotNames(variant)];
}
