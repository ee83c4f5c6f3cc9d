/**
 * Validation and resolution of the config 1.1 `gradient` section:
 * accumulation, clipping and non-finite handling (docs/guides/config-1.1.md).
 *
 * @packageDocumentation
 */
import {
  IssueSink,
  type JsonSchema,
  checkKnownKeys,
  checkNumber,
  checkObject,
  checkOneOf,
  childPath,
  oneOfSchema,
  rangeSchema,
  ranges,
} from './config-checks.js';
import type { GradientClip, NonFiniteGradient, ResolvedGradientConfig } from './config-types.js';
import { objectSchema } from './resolve-schedule.js';

/** The keys of the `gradient` section. Internal (exported for the type test). */
export const gradientKeys = ['accumulate', 'clip', 'nonFinite'] as const;

/** What a non-finite gradient may do. */
export const nonFiniteModes: readonly NonFiniteGradient[] = ['propagate', 'error', 'skip'];

/** Each clip type's one bound, finite and > 0. Internal (exported for the type test). */
export const clipFields = {
  'global-norm': [{ key: 'maxNorm', range: ranges.positive }],
  norm: [{ key: 'maxNorm', range: ranges.positive }],
  value: [{ key: 'maxValue', range: ranges.positive }],
} as const;

/** The clip `type` names. */
export const clipTypes = Object.keys(clipFields) as GradientClip['type'][];

const accumulateDefault = 1;
const nonFiniteDefault: NonFiniteGradient = 'propagate';

function resolveClip(sink: IssueSink, input: unknown, path: string): GradientClip | undefined {
  const object = checkObject(sink, input, path, `an object { type: ${clipTypes.map((t) => JSON.stringify(t)).join(' | ')}, … }`);
  if (object === undefined) return undefined;
  const type = checkOneOf(sink, object.type, clipTypes, childPath(path, 'type'));
  if (type === undefined) return undefined;
  const fields = clipFields[type];
  const before = sink.issues.length;
  checkKnownKeys(sink, object, ['type', ...fields.map((f) => f.key)], path, (key) =>
    clipTypes.some((other) => clipFields[other].some((f) => f.key === key))
      ? `no ${JSON.stringify(key)} on a "${type}" clip (it takes ${fields.map((f) => f.key).join(', ')})`
      : undefined,
  );
  const resolved: Record<string, unknown> = { type };
  for (const field of fields) resolved[field.key] = checkNumber(sink, object[field.key], field.range, childPath(path, field.key));
  if (sink.issues.length !== before || Object.values(resolved).some((v) => v === undefined)) return undefined;
  return resolved as unknown as GradientClip;
}

/**
 * Resolves the `gradient` section with a given sink (shared with the config
 * resolver). Internal. Writes `accumulate` and `nonFinite` out; `clip` only when set.
 */
export function resolveGradientWithSink(sink: IssueSink, input: unknown, path: string): ResolvedGradientConfig | undefined {
  const object = checkObject(sink, input, path, 'an object { accumulate?, clip?, nonFinite? }');
  if (object === undefined) return undefined;
  const before = sink.issues.length;
  checkKnownKeys(sink, object, gradientKeys, path);
  const accumulate =
    object.accumulate === undefined
      ? accumulateDefault
      : checkNumber(sink, object.accumulate, ranges.positiveInteger, childPath(path, 'accumulate'));
  const clip = object.clip === undefined ? undefined : resolveClip(sink, object.clip, childPath(path, 'clip'));
  const nonFinite =
    object.nonFinite === undefined ? nonFiniteDefault : checkOneOf(sink, object.nonFinite, nonFiniteModes, childPath(path, 'nonFinite'));
  if (sink.issues.length !== before || accumulate === undefined || nonFinite === undefined) return undefined;
  return clip === undefined ? { accumulate, nonFinite } : { accumulate, clip, nonFinite };
}

/** The JSON Schema definitions of the `gradient` section, from the same tables. Internal: assembled by config-json-schema.ts. */
export function gradientSchemaDefs(): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {
    gradientClip: { oneOf: clipTypes.map((type) => ({ $ref: `#/$defs/gradientClip-${type}` })) },
    gradient: objectSchema(
      { clip: { $ref: '#/$defs/gradientClip' } },
      [],
      [
        { key: 'accumulate', schema: rangeSchema(ranges.positiveInteger), fallback: accumulateDefault },
        { key: 'nonFinite', schema: oneOfSchema(nonFiniteModes), fallback: nonFiniteDefault },
      ],
    ),
  };
  for (const type of clipTypes) {
    defs[`gradientClip-${type}`] = objectSchema(
      { type: { const: type } },
      ['type'],
      clipFields[type].map((f) => ({ key: f.key, schema: rangeSchema(f.range) })),
    );
  }
  return defs;
}

/**
 * Validates and resolves a `gradient` section on its own (for adapters that
 * take it apart from a whole config, such as tfjs's `withWeightDecay`).
 *
 * @param input - The section as parsed from JSON.
 * @param path - Its path in error messages. Default `gradient`.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `gradient.clip.maxNorm`).
 */
export function resolveGradient(input: unknown, path = 'gradient'): ResolvedGradientConfig {
  return resolveGradientWithSink(new IssueSink(true), input, path) as ResolvedGradientConfig;
}
