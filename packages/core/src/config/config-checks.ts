/**
 * Field checks shared by every resolver. Internal: not exported from the package.
 *
 * Each resolver takes an {@link IssueSink}. `resolveConfig` uses a sink that
 * throws the first issue; `validateConfig` uses one that collects them all and
 * lets the resolvers carry on with the remaining fields. A check that fails
 * returns `undefined`, so callers skip the cross-field checks that need it.
 */
import { ConfigError, type ConfigIssue } from './errors.js';

/** Receives config issues: throws the first, or collects them all. */
export class IssueSink {
  /** Every issue reported so far (only ever filled when `throwFirst` is false). */
  readonly issues: ConfigIssue[] = [];

  /** @param throwFirst - throw a {@link ConfigError} at the first issue instead of collecting. */
  constructor(readonly throwFirst: boolean) {}

  /** Reports one issue; always returns `undefined` so checks can `return sink.report(...)`. */
  report(path: string, expected: string, received: unknown): undefined {
    if (this.throwFirst) throw new ConfigError(path, expected, received);
    this.issues.push({ path, expected, received });
    return undefined;
  }
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `base.key`, or `base["odd key"]` when the key is not an identifier. */
export function childPath(base: string, key: string): string {
  if (identifier.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `base[index]`. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** A plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks that `value` is a plain object; reports and returns undefined otherwise. */
export function checkObject(sink: IssueSink, value: unknown, path: string, expected = 'an object'): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : sink.report(path, expected, value);
}

/** Keys compared without case, `_`, `-` or spaces: `learning_rate` and `learningrate` both mean `learningRate`. */
function keyShape(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Reports every key of `object` not in `allowed` (at the key's own path). A
 * key that differs from an allowed one only in case, `_` or `-` (a typo, or
 * PyTorch's snake_case) is reported with "did you mean". Resolvers call this
 * before checking fields, so a misspelled required key is reported as itself
 * rather than as the required key missing.
 */
export function checkKnownKeys(
  sink: IssueSink,
  object: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  explain?: (key: string) => string | undefined,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const meant = allowed.find((candidate) => keyShape(candidate) === keyShape(key));
    const expected =
      meant !== undefined
        ? `no key ${JSON.stringify(key)} (did you mean ${JSON.stringify(meant)}?)`
        : (explain?.(key) ?? `no key ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
    sink.report(childPath(path, key), expected, object[key]);
  }
}

/** Checks one of a fixed set of strings. */
export function checkOneOf<T extends string>(sink: IssueSink, value: unknown, options: readonly T[], path: string): T | undefined {
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
  return sink.report(path, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, value);
}

/** Checks a boolean. */
export function checkBoolean(sink: IssueSink, value: unknown, path: string): boolean | undefined {
  return typeof value === 'boolean' ? value : sink.report(path, 'a boolean', value);
}

/** A numeric range; bounds are inclusive unless marked open. */
export interface NumberRange {
  /** Lower bound (default: none). */
  min?: number;
  /** Exclude `min` itself. */
  minOpen?: boolean;
  /** Upper bound (default: none). */
  max?: number;
  /** Exclude `max` itself. */
  maxOpen?: boolean;
  /** Require an integer. */
  integer?: boolean;
}

/** The phrase a check reports for a range, e.g. `a finite number ≥ 0`, `a number in [0, 1)`. */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a finite number';
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    const kindInRange = range.integer ? 'an integer' : 'a number';
    return `${kindInRange} in ${range.minOpen ? '(' : '['}${min}, ${max}${range.maxOpen ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${range.minOpen ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${kind} ${range.maxOpen ? '<' : '≤'} ${max}`;
  return kind;
}

/** True when `value` is a finite number inside `range`. */
export function inRange(value: unknown, range: NumberRange): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isSafeInteger(value)) return false;
  if (range.min !== undefined && (range.minOpen ? value <= range.min : value < range.min)) return false;
  if (range.max !== undefined && (range.maxOpen ? value >= range.max : value > range.max)) return false;
  return true;
}

/** Checks a finite number inside `range`. −0 becomes 0, which JSON would do anyway. */
export function checkNumber(sink: IssueSink, value: unknown, range: NumberRange, path: string): number | undefined {
  if (!inRange(value, range)) return sink.report(path, describeRange(range), value);
  return value === 0 ? 0 : value;
}

/**
 * A JSON Schema (draft 2020-12) fragment. The config's JSON Schema is built
 * from the same field tables the resolvers check with (see config-json-schema.ts),
 * so the published schema and the runtime validation cannot drift apart.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The JSON Schema of a finite number (or integer) inside `range`. */
export function rangeSchema(range: NumberRange): JsonSchema {
  const schema: Record<string, unknown> = { type: range.integer ? 'integer' : 'number' };
  if (range.min !== undefined) schema[range.minOpen ? 'exclusiveMinimum' : 'minimum'] = range.min;
  if (range.max !== undefined) schema[range.maxOpen ? 'exclusiveMaximum' : 'maximum'] = range.max;
  return schema;
}

/** The JSON Schema of one of a fixed set of strings. */
export function oneOfSchema(options: readonly string[]): JsonSchema {
  return { enum: [...options] };
}

/** Common ranges, named for what they mean. */
export const ranges = {
  nonNegative: { min: 0 },
  positive: { min: 0, minOpen: true },
  positiveInteger: { min: 1, integer: true },
  nonNegativeInteger: { min: 0, integer: true },
  unitHalfOpen: { min: 0, max: 1, maxOpen: true },
  unitClosed: { min: 0, max: 1 },
  unitOpen: { min: 0, minOpen: true, max: 1, maxOpen: true },
} as const satisfies Record<string, NumberRange>;

/**
 * Checks an array of elements, each checked by `element` at `path[i]`.
 * Returns undefined if the array or any element is invalid.
 */
export function checkArray<T>(
  sink: IssueSink,
  value: unknown,
  path: string,
  expected: string,
  element: (item: unknown, itemPath: string) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) return sink.report(path, expected, value);
  const out: T[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const checked = element(item, indexPath(path, i));
    if (checked === undefined) ok = false;
    else out.push(checked);
  });
  return ok ? out : undefined;
}

/** Checks an array of integers ≥ 0 in strictly increasing order (milestones, boundaries). */
export function checkIncreasingSteps(
  sink: IssueSink,
  value: unknown,
  path: string,
  range: NumberRange = ranges.nonNegativeInteger,
): number[] | undefined {
  const plural = describeRange(range)
    .replace(/^an integer/, 'integers')
    .replace(/^a finite number/, 'finite numbers');
  const steps = checkArray(sink, value, path, `an array of strictly increasing ${plural}`, (item, itemPath) =>
    checkNumber(sink, item, range, itemPath),
  );
  if (steps === undefined) return undefined;
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]! <= steps[i - 1]!) {
      return sink.report(path, `strictly increasing steps (entry ${i} is not above entry ${i - 1})`, value);
    }
  }
  return steps;
}
