/**
 * Every optimizer, by config type. Adding one is its file plus one line here
 * (its config type and validation live in `config/`).
 *
 * @packageDocumentation
 */
import type { ResolvedOptimizerConfig } from '../../config/index.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adadelta } from './adadelta.js';
import { adamax } from './adamax.js';
import { lion } from './lion.js';
import { nadam } from './nadam.js';
import type { OptimizerDefinition, OptimizerVariant } from './optimizer-definition.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

/** The definitions, by `optimizer.type`. */
export const optimizers: {
  readonly [K in ResolvedOptimizerConfig['type']]: OptimizerDefinition<Extract<ResolvedOptimizerConfig, { type: K }>>;
} = {
  sgd,
  adam,
  rmsprop,
  adagrad,
  adamax,
  nadam,
  radam,
  adadelta,
  lion,
} as never;

/** The definition of a config's optimizer, with the config's variant. */
export function optimizerOf(config: ResolvedOptimizerConfig): { definition: OptimizerDefinition; variant: OptimizerVariant } {
  const definition = optimizers[config.type] as unknown as OptimizerDefinition;
  return { definition, variant: definition.variantOf(config) };
}
