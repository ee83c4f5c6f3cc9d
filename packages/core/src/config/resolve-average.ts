/**
 * Validation and resolution of the config's `average` (config 1.1): weight
 * averaging after each update, as docs/guides/config-1.1.md defines it.
 *
 * @packageDocumentation
 */
import {
  IssueSink,
  type JsonSchema,
  type NumberRange,
  checkKnownKeys,
  checkNumber,
  checkObject,
  checkOneOf,
  childPath,
  rangeSchema,
  ranges,
} from './config-checks.js';
import type { AverageType, ResolvedAverageConfig } from './config-types.js';
import { objectSchema } from './resolve-schedule.js';

/** The `type` names of weight averaging. */
export const averageTypes: readonly AverageType[] = ['ema', 'uniform'];

interface AverageField<K extends string = string> {
  key: K;
  range: NumberRange;
  fallback?: number;
}

/**
 * Each averaging type's fields; a field without `fallback` is required.
 * Internal (exported for the type test that ties it to the documented config types).
 */
export const averageFields = {
  ema: [{ key: 'decay', range: ranges.unitClosed }],
  uniform: [{ key: 'start', range: ranges.nonNegativeInteger, fallback: 0 }],
} as const satisfies Record<AverageType, readonly AverageField[]>;

/** Resolves `average` with a given sink (shared with the config resolver). Internal. */
export function resolveAverageWithSink(sink: IssueSink, input: unknown, path: string): ResolvedAverageConfig | undefined {
  const object = checkObject(sink, input, path, 'an object: { "type": "ema", "decay": d } or { "type": "uniform", "start": s }');
  if (object === undefined) return undefined;
  const type = checkOneOf(sink, object.type, averageTypes, childPath(path, 'type'));
  if (type === undefined) return undefined;
  const fields: readonly AverageField[] = averageFields[type];
  const allowed = ['type', ...fields.map((f) => f.key)];
  const before = sink.issues.length;
  checkKnownKeys(sink, object, allowed, path, (key) =>
    averageTypes.some((other) => averageFields[other].some((f) => f.key === key))
      ? `no ${JSON.stringify(key)} on an "${type}" average (allowed: ${allowed.join(', ')})`
      : undefined,
  );
  const resolved: Record<string, unknown> = { type };
  for (const field of fields) {
    const raw = object[field.key];
    const fieldPath = childPath(path, field.key);
    if (raw === undefined && field.fallback !== undefined) resolved[field.key] = field.fallback;
    else if (raw === undefined) sink.report(fieldPath, `${field.key} (required on an "${type}" average)`, raw);
    else resolved[field.key] = checkNumber(sink, raw, field.range, fieldPath);
  }
  if (sink.issues.length !== before) return undefined;
  return resolved as unknown as ResolvedAverageConfig;
}

/**
 * Validates and resolves an `average` on its own (as `withWeightDecay`'s
 * option takes it), writing out its defaults.
 *
 * @param input - `{ "type": "ema", "decay": d }` or `{ "type": "uniform", "start": s }`.
 * @param path - Where it sits, for the error (default `average`).
 * @throws ConfigError naming the field, e.g. `average.decay`.
 */
export function resolveAverage(input: unknown, path = 'average'): ResolvedAverageConfig {
  return resolveAverageWithSink(new IssueSink(true), input, path) as ResolvedAverageConfig;
}

/** The JSON Schema definitions of `average`, from the same field table. Internal: assembled by config-json-schema.ts. */
export function averageSchemaDefs(): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {
    average: { oneOf: averageTypes.map((type) => ({ $ref: `#/$defs/average-${type}` })) },
  };
  for (const type of averageTypes) {
    const fields = (averageFields[type] as readonly AverageField[]).map((field) =>
      field.fallback === undefined
        ? { key: field.key, schema: rangeSchema(field.range) }
        : { key: field.key, schema: rangeSchema(field.range), fallback: field.fallback },
    );
    defs[`average-${type}`] = objectSchema({ type: { const: type } }, ['type'], fields);
  }
  return defs;
}
