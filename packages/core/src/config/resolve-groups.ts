/**
 * Validation and resolution of config 1.1 `groups`: per-parameter optimizer
 * settings (docs/guides/config-1.1.md).
 *
 * @packageDocumentation
 */
import {
  type IssueSink,
  checkArray,
  checkKnownKeys,
  checkNumber,
  checkObject,
  childPath,
  rangeSchema,
  ranges,
  type JsonSchema,
} from './config-checks.js';
import type {
  ResolvedConfig,
  ResolvedOptimizerConfig,
  ResolvedOptimizerOverrides,
  ResolvedParameterGroup,
  ResolvedLearningRate,
} from './config-types.js';
import { resolveSelection } from './resolve-decay-terms.js';
import { optimizerOptions, optimizerTypes, resolveOptimizerWithSink } from './resolve-optimizer.js';
import { objectSchema, scalarOrScheduleRef } from './resolve-schedule.js';

/** The keys of a group, in the order they are written out. Internal (exported for the type test). */
export const groupKeys = ['params', 'learningRateScale', 'optimizer'] as const;

/**
 * A group's `optimizer`: with `type`, a whole optimizer (resolved as the
 * top-level one); without, overrides checked by resolving the top-level
 * optimizer with them laid over it, so each override meets its field's range
 * and a field the top-level type does not have is reported at its own path.
 * Only the overridden fields are written out, so the group keeps following
 * the top-level optimizer (its learning rate above all) where it says nothing.
 */
function resolveGroupOptimizer(
  sink: IssueSink,
  input: unknown,
  path: string,
  top: ResolvedOptimizerConfig | undefined,
): ResolvedParameterGroup['optimizer'] | undefined {
  if (input === undefined) return {};
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  if ('type' in object) return resolveOptimizerWithSink(sink, object, path);
  // The top level's own problem is reported there; overrides of an invalid optimizer cannot be checked.
  if (top === undefined) return undefined;
  const merged = resolveOptimizerWithSink(sink, { ...top, ...object }, path) as Record<string, unknown> | undefined;
  if (merged === undefined) return undefined;
  const overrides: Record<string, unknown> = {};
  for (const key of Object.keys(merged)) if (key !== 'type' && key in object) overrides[key] = merged[key];
  return overrides as ResolvedOptimizerOverrides;
}

function resolveGroup(
  sink: IssueSink,
  input: unknown,
  path: string,
  top: ResolvedOptimizerConfig | undefined,
): ResolvedParameterGroup | undefined {
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  const before = sink.issues.length;
  checkKnownKeys(sink, object, groupKeys, path);
  // Unlike a decay term's, a group's selection has no "every parameter" default: a group of everything is the top level.
  const params =
    object.params === undefined
      ? sink.report(childPath(path, 'params'), 'a parameter selection (the group needs one)', undefined)
      : resolveSelection(sink, object.params, childPath(path, 'params'));
  const learningRateScale =
    object.learningRateScale === undefined
      ? 1
      : checkNumber(sink, object.learningRateScale, ranges.nonNegative, childPath(path, 'learningRateScale'));
  const optimizer = resolveGroupOptimizer(sink, object.optimizer, childPath(path, 'optimizer'), top);
  if (sink.issues.length !== before || params === undefined || learningRateScale === undefined || optimizer === undefined) {
    return undefined;
  }
  return { params, learningRateScale, optimizer };
}

/** Resolves `groups` with a given sink (shared with the config resolver). Internal. */
export function resolveGroupsWithSink(
  sink: IssueSink,
  input: unknown,
  path: string,
  top: ResolvedOptimizerConfig | undefined,
): ResolvedParameterGroup[] | undefined {
  return checkArray(sink, input, path, 'an array of parameter groups', (item, itemPath) => resolveGroup(sink, item, itemPath, top));
}

/** Whether a group's `optimizer` is one of its own (it has a `type`) rather than overrides. */
export function hasOwnOptimizer(group: ResolvedParameterGroup): group is ResolvedParameterGroup & { optimizer: ResolvedOptimizerConfig } {
  return 'type' in group.optimizer;
}

/**
 * The optimizer a group's parameters run: its own, or the top-level one with
 * the group's overrides laid over it.
 *
 * @param config - A resolved config.
 * @param group - A group of `config.groups`.
 */
export function groupOptimizer(config: ResolvedConfig, group: ResolvedParameterGroup): ResolvedOptimizerConfig {
  return hasOwnOptimizer(group) ? group.optimizer : ({ ...config.optimizer, ...group.optimizer } as ResolvedOptimizerConfig);
}

/** The group's own learning rate (own optimizer, or an overridden `learningRate`); undefined when it follows the top level's. */
export function groupLearningRate(group: ResolvedParameterGroup): ResolvedLearningRate | undefined {
  return (group.optimizer as { learningRate?: ResolvedLearningRate }).learningRate;
}

/**
 * The JSON Schema definitions of a group and of the overrides: every field of
 * every optimizer type, each with its range (the check that a field belongs to
 * the top-level type needs both objects, so it runs at resolve time).
 * Internal: assembled by config-json-schema.ts.
 */
export function groupSchemaDefs(): Record<string, JsonSchema> {
  const overrideFields: Record<string, JsonSchema[]> = {};
  for (const type of optimizerTypes) {
    for (const option of optimizerOptions[type]) {
      const schema = option.range === undefined ? { type: 'boolean' } : rangeSchema(option.range);
      const known = overrideFields[option.key] ?? [];
      overrideFields[option.key] = known;
      if (!known.some((k) => JSON.stringify(k) === JSON.stringify(schema))) known.push(schema);
    }
  }
  const properties: Record<string, JsonSchema> = { learningRate: scalarOrScheduleRef };
  for (const [key, schemas] of Object.entries(overrideFields)) properties[key] = schemas.length === 1 ? schemas[0] : { anyOf: schemas };
  return {
    optimizerOverrides: { type: 'object', properties, additionalProperties: false },
    parameterGroup: objectSchema(
      { params: { $ref: '#/$defs/parameterSelection' } },
      ['params'],
      [
        { key: 'learningRateScale', schema: rangeSchema(ranges.nonNegative), fallback: 1 },
        { key: 'optimizer', schema: { oneOf: [{ $ref: '#/$defs/optimizerOverrides' }, { $ref: '#/$defs/optimizer' }] }, fallback: {} },
      ],
    ),
  };
}
