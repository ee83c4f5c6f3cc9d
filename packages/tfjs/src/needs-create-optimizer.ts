import { ConfigError } from '@weight-decay/core';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `withWeightDecay` adds decay terms around a tfjs optimizer, which runs the
 * step itself: per-parameter optimizer settings (`groups`) and optimizer types
 * tfjs does not have can only run where the step is core's, in
 * `createOptimizer`. Says so, rather than a bare "expected an array".
 *
 * @param decay - What was passed as the decay terms.
 * @param options - The wrapper's options.
 * @throws ConfigError at `groups` (given in the options or in a whole config), or at `optimizer` for a whole config.
 */
export function rejectCreateOptimizerOnly(decay: unknown, options: unknown): void {
  const groups = isObject(options) && options.groups !== undefined ? options.groups : isObject(decay) ? decay.groups : undefined;
  if (groups !== undefined) {
    throw new ConfigError(
      'groups',
      'no groups with withWeightDecay (the wrapped tfjs optimizer runs one setting for every variable): per-parameter optimizer settings need createOptimizer(config)',
      groups,
    );
  }
  if (isObject(decay) && decay.optimizer !== undefined) {
    throw new ConfigError(
      'optimizer',
      'decay terms only: withWeightDecay wraps the tfjs optimizer it is given; a whole config, with its own optimizer, goes to createOptimizer(config)',
      decay.optimizer,
    );
  }
}
