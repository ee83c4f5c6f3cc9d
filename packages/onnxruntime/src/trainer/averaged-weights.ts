import { ConfigError, StateError } from '@weight-decay/core';
import type { ParameterStore } from './parameter-store.js';

/** Which weights `evaluate` and `exportModel` use: the live ones (default) or the averaged ones (config `average`). */
export type WeightsChoice = 'live' | 'averaged';

/** The option of `Trainer.evaluate` and `Trainer.exportModel` that picks the weights. */
export interface WeightsOptions {
  /**
   * `'live'` (default): the parameters training updates. `'averaged'`: the
   * weights the config's `average` keeps (docs/guides/weight-averaging.md),
   * as PyTorch users evaluate an `AveragedModel`; the live parameters are not
   * touched, so nothing needs swapping back.
   */
  weights?: WeightsChoice;
}

/**
 * The parameters `options` picks: undefined for the live ones, else the
 * store's averaged arrays (its own, not copies). Checked before anything runs.
 *
 * @throws ConfigError at `options.weights` for an unknown choice; StateError
 *   when the averaged weights are asked for and there are none yet.
 */
export function chosenWeights(
  store: ParameterStore,
  options: WeightsOptions | undefined,
): Readonly<Record<string, Float32Array>> | undefined {
  const weights = options?.weights ?? 'live';
  if (weights === 'live') return undefined;
  if (weights !== 'averaged') throw new ConfigError('options.weights', '"live" or "averaged"', weights);
  const averaged = store.averaged();
  if (averaged === undefined) {
    const why = store.config.average === undefined ? 'the config has no `average`' : 'no update has been averaged yet';
    throw new StateError('options.weights', `no averaged weights: ${why}`);
  }
  return averaged;
}
