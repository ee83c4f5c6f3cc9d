/**
 * The config's JSON Schema (draft 2020-12), published with the package as
 * `@weight-decay/core/config.schema.json` so editors validate and complete
 * config files (`"$schema": ".../config.schema.json"`).
 *
 * It is assembled from the very field tables the resolvers check with (each
 * resolver exports its part), so a field, range or default cannot be added to
 * one and not the other. What JSON Schema cannot say (strictly increasing
 * milestones, nesterov needs momentum, `relative` scaling needs a bounded
 * learning rate, a selection must be able to match something) is checked by
 * {@link resolveConfig} only; every config the schema accepts is then either
 * valid or refused at run time with the path of the problem.
 *
 * @packageDocumentation
 */
import type { JsonSchema } from './config-checks.js';
import { averageSchemaDefs } from './resolve-average.js';
import { decayTermSchemaDefs } from './resolve-decay-terms.js';
import { groupSchemaDefs } from './resolve-groups.js';
import { gradientSchemaDefs } from './resolve-gradient.js';
import { optimizerSchemaDefs } from './resolve-optimizer.js';
import { learningRateSchemaDefs } from './resolve-plateau.js';
import { scheduleSchemaDefs } from './resolve-schedule.js';

/** Where the published schema lives; the `$id` of {@link configJsonSchema}. */
export const configSchemaId = 'https://unpkg.com/@weight-decay/core/config.schema.json';

/**
 * Builds the config's JSON Schema document.
 *
 * @returns A fresh JSON-safe object (draft 2020-12).
 */
export function configJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: configSchemaId,
    title: 'weight-decay portable config',
    description:
      'The optimizer, its decay terms, their schedules and the parameters each term touches; see docs/guides/config-reference.md.',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'Where this schema lives (ignored by the resolver).' },
      version: { enum: [1, 1.1], default: 1 },
      optimizer: { $ref: '#/$defs/optimizer' },
      decay: { type: 'array', items: { $ref: '#/$defs/decayTerm' }, default: [] },
      groups: { type: 'array', items: { $ref: '#/$defs/parameterGroup' } },
      average: { $ref: '#/$defs/average' },
      gradient: { $ref: '#/$defs/gradient' },
    },
    required: ['optimizer'],
    additionalProperties: false,
    $defs: {
      ...optimizerSchemaDefs(),
      ...decayTermSchemaDefs(),
      ...groupSchemaDefs(),
      ...scheduleSchemaDefs(),
      ...learningRateSchemaDefs(),
      ...averageSchemaDefs(),
      ...gradientSchemaDefs(),
    },
  };
}
