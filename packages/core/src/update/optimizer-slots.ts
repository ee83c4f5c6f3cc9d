import type { ResolvedOptimizerConfig } from '../config/index.js';

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
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum > 0 ? ['momentum'] : [];
    case 'adam':
      return optimizer.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
    case 'rmsprop':
      return [
        'squareAverage',
        ...(optimizer.centered ? ['gradAverage'] : []),
        ...(optimizer.momentum > 0 ? ['momentum'] : []),
      ];
    case 'adagrad':
      return ['sum'];
  }
}
