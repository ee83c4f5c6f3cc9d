/**
 * Validation of an optimizer's learning rate, which besides a number or a
 * schedule of t may be `reduce-on-plateau` (config 1.1, PyTorch ReduceLROnPlateau).
 *
 * @packageDocumentation
 */
import { type IssueSink, type JsonSchema, checkObject, checkOneOf, isPlainObject, oneOfSchema, ranges } from './config-checks.js';
import type { ResolvedLearningRate, ResolvedReduceOnPlateau, ResolvedScalarOrSchedule } from './config-types.js';
import {
  type FieldKind,
  number,
  objectSchema,
  optional,
  required,
  resolveFields,
  resolveWithSink,
  scalarOrScheduleRef,
} from './resolve-schedule.js';

const oneOf = (options: readonly string[]): FieldKind => ({
  check: (sink, value, path) => checkOneOf(sink, value, options, path),
  schema: oneOfSchema(options),
});

/**
 * The fields of `reduce-on-plateau` with PyTorch 1.13's defaults and the
 * contract's ranges (docs/guides/config-1.1.md). Internal (exported for the type test).
 */
export const plateauFields = [
  required('initial', number(ranges.nonNegative)),
  optional('factor', number(ranges.unitHalfOpen), 0.1),
  optional('patience', number(ranges.nonNegativeInteger), 10),
  optional('threshold', number(ranges.nonNegative), 1e-4),
  optional('thresholdMode', oneOf(['rel', 'abs']), 'rel'),
  optional('mode', oneOf(['min', 'max']), 'min'),
  optional('cooldown', number(ranges.nonNegativeInteger), 0),
  optional('minimum', number(ranges.nonNegative), 0),
];

/** Whether a learning rate is reduce-on-plateau (resolved or not). */
export function isReduceOnPlateau(learningRate: unknown): learningRate is ResolvedReduceOnPlateau {
  return isPlainObject(learningRate) && learningRate.type === 'reduce-on-plateau';
}

/**
 * Whether a number-or-schedule holds reduce-on-plateau below its top (inside
 * warmup or sequence). Bounded like the resolver's nesting, so a cyclic
 * object is left to the resolver to report.
 */
function nestsPlateau(value: unknown, depth = 0): boolean {
  if (!isPlainObject(value) || depth > 32) return false;
  const inside = (piece: unknown): boolean => isReduceOnPlateau(piece) || nestsPlateau(piece, depth + 1);
  if (value.type === 'warmup') return inside(value.then);
  if (value.type === 'sequence' && Array.isArray(value.schedules)) return value.schedules.some(inside);
  return false;
}

/**
 * Resolves an optimizer's learning rate: a number, a schedule of t, or
 * reduce-on-plateau. A plateau nested in a schedule is reported at `path`
 * itself (the learning rate that encloses it). Internal.
 */
export function resolveLearningRateWithSink(sink: IssueSink, input: unknown, path: string): ResolvedLearningRate | undefined {
  if (!isReduceOnPlateau(input)) {
    if (nestsPlateau(input)) {
      return sink.report(
        path,
        'reduce-on-plateau as the whole learning rate (it follows reported metrics, not t, so it cannot sit inside warmup or sequence)',
        input,
      );
    }
    return resolveWithSink(sink, input, path) as ResolvedScalarOrSchedule | undefined;
  }
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  return resolveFields(sink, object, 'reduce-on-plateau', plateauFields, path, 0) as ResolvedReduceOnPlateau | undefined;
}

/** Where the config's JSON Schema keeps the learning-rate definition. */
export const learningRateRef: JsonSchema = { $ref: '#/$defs/learningRate' };

/** The JSON Schema of a learning rate and of `reduce-on-plateau`. Internal: assembled by config-json-schema.ts. */
export function learningRateSchemaDefs(): Record<string, JsonSchema> {
  return {
    learningRate: { anyOf: [scalarOrScheduleRef, { $ref: '#/$defs/schedule-reduce-on-plateau' }] },
    'schedule-reduce-on-plateau': objectSchema({ type: { const: 'reduce-on-plateau' } }, ['type'], plateauFields),
  };
}
