/**
 * The typed errors of `@weight-decay/core`. Every package's errors extend
 * {@link WeightDecayError}, so callers can catch the whole family at once.
 *
 * @packageDocumentation
 */

/** Base class of every error thrown by weight-decay packages. */
export class WeightDecayError extends Error {
  /** @param message - what went wrong, naming the offending field, parameter or node. */
  constructor(message: string) {
    super(message);
    this.name = 'WeightDecayError';
  }
}

/** One problem found in a config: where, what was expected, and what was there. */
export interface ConfigIssue {
  /** Path of the offending field, e.g. `decay[1].rate` or `optimizer.learningRate.milestones`. */
  path: string;
  /** What the field should have been, e.g. `a finite number ≥ 0`. */
  expected: string;
  /** The value found there (`undefined` when the field is missing). */
  received: unknown;
}

const maxReceivedLength = 80;

/**
 * A short, readable rendering of any value for error messages. Unlike
 * `JSON.stringify` it shows `NaN`, `Infinity` and `undefined` as themselves
 * (JSON would print `null` and hide the very mistake being reported) and
 * never throws (cycles, BigInt, symbols).
 */
export function describeReceived(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'number') text = Object.is(value, -0) ? '-0' : String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'symbol') text = value.toString();
  else if (typeof value === 'function') text = 'a function';
  else {
    try {
      text =
        JSON.stringify(value, (_key, v: unknown) => {
          if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
          if (typeof v === 'bigint') return `${v}n`;
          if (v === undefined) return 'undefined';
          return v;
        }) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > maxReceivedLength ? `${text.slice(0, maxReceivedLength - 1)}…` : text;
}

/** A config field is missing, has the wrong type, or is out of range. */
export class ConfigError extends WeightDecayError {
  /** Path of the offending field, e.g. `decay[1].rate`; `''` for the config itself. */
  readonly path: string;
  /** What the field should have been. */
  readonly expected: string;
  /** The value found there. */
  readonly received: unknown;
  /**
   * How many other problems the same config has (0 when unknown or none);
   * `validateConfig` lists them all, so a user can fix every field in one go.
   */
  readonly otherIssues: number;

  /**
   * @param path - path of the offending field.
   * @param expected - what the field should have been.
   * @param received - the value found there.
   * @param otherIssues - how many other problems the config has, if known.
   */
  constructor(path: string, expected: string, received: unknown, otherIssues = 0) {
    const others =
      otherIssues > 0 ? ` (and ${otherIssues} other problem${otherIssues === 1 ? '' : 's'}: validateConfig lists them all)` : '';
    super(`${path === '' ? '(config)' : path}: expected ${expected}, received ${describeReceived(received)}${others}`);
    this.name = 'ConfigError';
    this.path = path;
    this.expected = expected;
    this.received = received;
    this.otherIssues = otherIssues;
  }

  /** The error as plain data, e.g. to collect several issues. */
  toIssue(): ConfigIssue {
    return { path: this.path, expected: this.expected, received: this.received };
  }
}

/** A model parameter does not fit: unknown name, wrong length, wrong array type. */
export class ParameterError extends WeightDecayError {
  /** The offending parameter name. */
  readonly parameter: string;

  /**
   * @param parameter - the offending parameter name.
   * @param message - what is wrong with it (the quoted parameter name is prefixed, unless it is `''`).
   */
  constructor(parameter: string, message: string) {
    super(parameter === '' ? message : `${JSON.stringify(parameter)}: ${message}`);
    this.name = 'ParameterError';
    this.parameter = parameter;
  }
}

/** Saved optimizer state does not fit the updater it is imported into. */
export class StateError extends WeightDecayError {
  /** Path of the offending entry, e.g. `parameters["dense/kernel"].slots.m`. */
  readonly path: string;

  /**
   * @param path - path of the offending entry.
   * @param message - what is wrong with it (the path is prefixed).
   */
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'StateError';
    this.path = path;
  }
}
