/**
 * The portable config: its types, typed errors, validation and resolution.
 *
 * @packageDocumentation
 */
export * from './config-types.js';
export { ConfigError, ParameterError, StateError, WeightDecayError, type ConfigIssue } from './errors.js';
export { resolveConfig, validateConfig, isResolvedConfig } from './resolve-config.js';
export { configVersions, type ConfigVersion } from './config-version.js';
export { parseConfig } from './parse-config.js';
export { resolveDecayTerms, decayTermTypes, decayScalings } from './resolve-decay-terms.js';
export { resolveScheduleOrScalar, scheduleTypes } from './resolve-schedule.js';
export { optimizerTypes } from './resolve-optimizer.js';
export { groupOptimizer, groupLearningRate } from './resolve-groups.js';
export { averageTypes, resolveAverage } from './resolve-average.js';
export { clipTypes, nonFiniteModes, resolveGradient } from './resolve-gradient.js';
export { configJsonSchema, configSchemaId } from './config-json-schema.js';
export type { JsonSchema } from './config-checks.js';
