/**
 * Validation and resolution of learning-rate and decay-rate schedules.
 *
 * @packageDocumentation
 */
import {
  IssueSink,
  checkArray,
  checkBoolean,
  checkIncreasingSteps,
  checkKnownKeys,
  checkNumber,
  checkObject,
  childPath,
  describeRange,
  rangeSchema,
  ranges,
  type JsonSchema,
  type NumberRange,
} from './config-checks.js';
import type { ResolvedScalarOrSchedule, ResolvedSchedule, ScheduleType } from './config-types.js';

/** A checker for one field: returns the resolved value, or undefined after reporting. */
export type FieldCheck = (sink: IssueSink, value: unknown, path: string, depth: number) => unknown;

/** What a field holds: its runtime check and, from the same place, its JSON Schema. */
export interface FieldKind {
  check: FieldCheck;
  schema: JsonSchema;
}

export interface FieldSpec<K extends string = string> extends FieldKind {
  key: K;
  /** Absent means required. */
  fallback?: unknown;
}

/** A field with a default (its type keeps `fallback`, so the type test can tell optional fields from required ones). */
export type OptionalField<K extends string> = FieldSpec<K> & { fallback: unknown };

/** Scalars in schedules are rates: never negative, never infinite. */
const rateValue: NumberRange = ranges.nonNegative;

/** Where the config's JSON Schema keeps the number-or-schedule definition (see config-json-schema.ts). */
export const scalarOrScheduleRef: JsonSchema = { $ref: '#/$defs/scalarOrSchedule' };

/** A number field inside `range`. Internal (shared with resolve-plateau.ts). */
export const number = (range: NumberRange): FieldKind => ({
  check: (sink, value, path) => checkNumber(sink, value, range, path),
  schema: rangeSchema(range),
});
const boolean: FieldKind = { check: (sink, value, path) => checkBoolean(sink, value, path), schema: { type: 'boolean' } };
/** Strictly increasing integers; JSON Schema cannot say "increasing", so that part is checked at run time only. */
const increasing = (range: NumberRange = ranges.nonNegativeInteger): FieldKind => ({
  check: (sink, value, path) => checkIncreasingSteps(sink, value, path, range),
  schema: { type: 'array', items: rangeSchema(range) },
});
const nested: FieldKind = {
  check: (sink, value, path, depth) => resolveWithSink(sink, value, path, depth + 1),
  schema: scalarOrScheduleRef,
};

/** A required field. Internal (shared with resolve-plateau.ts). */
export const required = <K extends string>(key: K, kind: FieldKind): FieldSpec<K> => ({ key, ...kind });
/** A field with a default. Internal (shared with resolve-plateau.ts). */
export const optional = <K extends string>(key: K, kind: FieldKind, fallback: unknown): OptionalField<K> => ({ key, ...kind, fallback });

/**
 * Every schedule's fields, in the order they are written out, with their defaults
 * (docs/guides/config-reference.md). Internal (exported for the type test that ties it to the documented config types).
 */
export const scheduleFields = {
  constant: [required('value', number(rateValue))],
  step: [
    required('initial', number(rateValue)),
    required('stepSize', number(ranges.positiveInteger)),
    optional('gamma', number(ranges.nonNegative), 0.1),
  ],
  multistep: [
    required('initial', number(rateValue)),
    required('milestones', increasing()),
    optional('gamma', number(ranges.nonNegative), 0.1),
  ],
  exponential: [
    required('initial', number(rateValue)),
    required('gamma', number(ranges.nonNegative)),
    optional('transitionSteps', number(ranges.positiveInteger), 1),
    optional('staircase', boolean, false),
    optional('floor', number(rateValue), 0),
  ],
  cosine: [
    required('initial', number(rateValue)),
    required('decaySteps', number(ranges.positiveInteger)),
    optional('minimum', number(rateValue), 0),
  ],
  'cosine-restarts': [
    required('initial', number(rateValue)),
    required('firstPeriod', number(ranges.positiveInteger)),
    optional('periodMultiplier', number(ranges.positiveInteger), 1),
    optional('minimum', number(rateValue), 0),
  ],
  linear: [required('start', number(rateValue)), required('end', number(rateValue)), required('steps', number(ranges.positiveInteger))],
  polynomial: [
    required('initial', number(rateValue)),
    optional('end', number(rateValue), 0),
    required('decaySteps', number(ranges.positiveInteger)),
    // power > 0 keeps the value at decaySteps equal to `end` (0^0 would be 1).
    optional('power', number(ranges.positive), 1),
  ],
  'inverse-time': [
    required('initial', number(rateValue)),
    required('decayRate', number(ranges.nonNegative)),
    optional('decaySteps', number(ranges.positiveInteger), 1),
    optional('staircase', boolean, false),
  ],
  piecewise: [
    required('boundaries', increasing()),
    required('values', {
      check: (sink, value, path) =>
        checkArray(sink, value, path, 'an array of finite numbers ≥ 0', (item, itemPath) => checkNumber(sink, item, rateValue, itemPath)),
      schema: { type: 'array', items: rangeSchema(rateValue) },
    }),
  ],
  'one-cycle': [
    required('maximum', number(rateValue)),
    required('totalSteps', number(ranges.positiveInteger)),
    optional('pctStart', number(ranges.unitOpen), 0.3),
    optional('divFactor', number(ranges.positive), 25),
    optional('finalDivFactor', number(ranges.positive), 1e4),
  ],
  warmup: [required('steps', number(ranges.positiveInteger)), optional('start', number(rateValue), 0), required('then', nested)],
  sequence: [
    required('schedules', {
      check: (sink, value, path, depth) => {
        if (Array.isArray(value) && value.length === 0) {
          return sink.report(path, 'an array of at least one number or schedule', value);
        }
        return checkArray(sink, value, path, 'an array of numbers or schedules', (item, itemPath) =>
          nested.check(sink, item, itemPath, depth),
        );
      },
      schema: { type: 'array', items: scalarOrScheduleRef, minItems: 1 },
    }),
    // A piece must run for at least one step, so boundaries start at 1.
    required('boundaries', increasing(ranges.positiveInteger)),
  ],
};

/** The `type` names of every schedule, in the order of docs/guides/config-reference.md. */
export const scheduleTypes: readonly ScheduleType[] = Object.keys(scheduleFields) as ScheduleType[];

/**
 * The JSON Schema of a number (a rate: finite, ≥ 0) or a schedule, with one
 * definition per schedule type, built from the same field table the resolver
 * checks with. Internal: assembled into the config's schema by config-json-schema.ts.
 */
export function scheduleSchemaDefs(): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {
    scalarOrSchedule: { anyOf: [rangeSchema(rateValue), { $ref: '#/$defs/schedule' }] },
    schedule: { oneOf: scheduleTypes.map((type) => ({ $ref: `#/$defs/schedule-${type}` })) },
  };
  for (const type of scheduleTypes) {
    defs[`schedule-${type}`] = objectSchema({ type: { const: type } }, ['type'], scheduleFields[type]);
  }
  return defs;
}

/** An object schema with no other keys, its fields' schemas and defaults from a field table. */
export function objectSchema(
  fixed: Record<string, JsonSchema>,
  fixedRequired: readonly string[],
  fields: readonly { key: string; schema?: JsonSchema; fallback?: unknown }[],
): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...fixed };
  const requiredKeys = [...fixedRequired];
  for (const field of fields) {
    properties[field.key] = field.fallback === undefined ? { ...field.schema } : { ...field.schema, default: field.fallback };
    if (!('fallback' in field)) requiredKeys.push(field.key);
  }
  return { type: 'object', properties, required: requiredKeys, additionalProperties: false };
}

const maxNesting = 32;

function isScheduleType(value: unknown): value is ScheduleType {
  return typeof value === 'string' && Object.hasOwn(scheduleFields, value);
}

/** Cross-field rules, run only when every field is valid. */
function checkScheduleConsistency(sink: IssueSink, s: Record<string, unknown>, path: string): boolean {
  if (s.type === 'piecewise') {
    const boundaries = s.boundaries as number[];
    const values = s.values as number[];
    if (values.length !== boundaries.length + 1) {
      sink.report(childPath(path, 'values'), `an array of ${boundaries.length + 1} numbers (one more than boundaries)`, values);
      return false;
    }
  }
  if (s.type === 'sequence') {
    const boundaries = s.boundaries as number[];
    const schedules = s.schedules as unknown[];
    if (boundaries.length !== schedules.length - 1) {
      sink.report(childPath(path, 'boundaries'), `an array of ${schedules.length - 1} integers (one fewer than schedules)`, boundaries);
      return false;
    }
  }
  return true;
}

/** Resolves with a given sink (shared with the config resolver). Internal. */
export function resolveWithSink(sink: IssueSink, input: unknown, path: string, depth = 0): ResolvedScalarOrSchedule | undefined {
  if (typeof input === 'number') return checkNumber(sink, input, rateValue, path);
  if (depth > maxNesting) return sink.report(path, `schedules nested at most ${maxNesting} deep`, input);
  const object = checkObject(sink, input, path, `${describeRange(rateValue)} or a schedule object`);
  if (object === undefined) return undefined;
  const type = object.type;
  if (type === 'reduce-on-plateau') {
    // Not a function of t: it cannot be a decay rate (resolve-plateau.ts allows it as a whole learning rate).
    return sink.report(
      path,
      `${describeRange(rateValue)} or a schedule of t (reduce-on-plateau is only allowed as a learning rate)`,
      input,
    );
  }
  if (!isScheduleType(type)) {
    return sink.report(childPath(path, 'type'), `a schedule type (one of ${scheduleTypes.map((t) => JSON.stringify(t)).join(', ')})`, type);
  }
  const resolved = resolveFields(sink, object, type, scheduleFields[type], path, depth);
  if (resolved === undefined) return undefined;
  if (!checkScheduleConsistency(sink, resolved, path)) return undefined;
  return resolved as unknown as ResolvedSchedule;
}

/**
 * Checks an object with a `type` against its field table, defaults written
 * out; undefined after reporting. Internal (shared with resolve-plateau.ts).
 */
export function resolveFields(
  sink: IssueSink,
  object: Record<string, unknown>,
  type: string,
  fields: readonly FieldSpec[],
  path: string,
  depth: number,
): Record<string, unknown> | undefined {
  const resolved: Record<string, unknown> = { type };
  const before = sink.issues.length;
  checkKnownKeys(sink, object, ['type', ...fields.map((f) => f.key)], path);
  let ok = sink.issues.length === before;
  for (const field of fields) {
    const fieldPath = childPath(path, field.key);
    const raw = object[field.key];
    if (raw === undefined && 'fallback' in field) {
      resolved[field.key] = field.fallback;
      continue;
    }
    const value = field.check(sink, raw, fieldPath, depth);
    if (value === undefined) ok = false;
    else resolved[field.key] = value;
  }
  return ok ? resolved : undefined;
}

/**
 * Validates a number-or-schedule and writes out every default, nested
 * schedules included. A bare number stays a number. Idempotent.
 *
 * @param input - a number (finite, ≥ 0) or a schedule object (docs/guides/config-reference.md).
 * @param path - where `input` sits, for error paths; default `'schedule'`.
 * @throws {@link ConfigError} at the first problem, naming its path.
 */
export function resolveScheduleOrScalar(input: unknown, path = 'schedule'): ResolvedScalarOrSchedule {
  return resolveWithSink(new IssueSink(true), input, path) as ResolvedScalarOrSchedule;
}
