import { describe, expect, it } from 'vitest';
import {
  IssueSink,
  checkIncreasingSteps,
  checkKnownKeys,
  checkNumber,
  childPath,
  describeRange,
  isPlainObject,
  ranges,
} from './config-checks.js';
import { ConfigError } from './errors.js';

describe('config checks', () => {
  it('paths: dotted identifiers, bracketed odd keys', () => {
    expect(childPath('', 'optimizer')).toBe('optimizer');
    expect(childPath('decay[0]', 'rate')).toBe('decay[0].rate');
    expect(childPath('params', 'dense/kernel')).toBe('params["dense/kernel"]');
  });
  it('ranges read as the reader would say them', () => {
    expect(describeRange(ranges.nonNegative)).toBe('a finite number ≥ 0');
    expect(describeRange(ranges.positive)).toBe('a finite number > 0');
    expect(describeRange(ranges.positiveInteger)).toBe('an integer ≥ 1');
    expect(describeRange(ranges.unitHalfOpen)).toBe('a number in [0, 1)');
    expect(describeRange(ranges.unitOpen)).toBe('a number in (0, 1)');
  });
  it('checkNumber: bounds, integers, NaN, −0', () => {
    const sink = new IssueSink(false);
    expect(checkNumber(sink, 0, ranges.unitHalfOpen, 'a')).toBe(0);
    expect(checkNumber(sink, 1, ranges.unitHalfOpen, 'b')).toBeUndefined();
    expect(checkNumber(sink, 0, ranges.positive, 'c')).toBeUndefined();
    expect(checkNumber(sink, 2 ** 53, ranges.positiveInteger, 'd')).toBeUndefined();
    expect(checkNumber(sink, Number.NaN, {}, 'e')).toBeUndefined();
    expect(Object.is(checkNumber(sink, -0, ranges.nonNegative, 'f'), 0)).toBe(true);
    expect(sink.issues.map((issue) => issue.path)).toEqual(['b', 'c', 'd', 'e']);
  });
  it('a throwing sink throws the first issue', () => {
    expect(() => checkNumber(new IssueSink(true), -1, ranges.nonNegative, 'x.y')).toThrow(ConfigError);
  });
  it('checkIncreasingSteps: element problems at the element, order problems at the array', () => {
    const sink = new IssueSink(false);
    expect(checkIncreasingSteps(sink, [0, 3, 7], 'm')).toEqual([0, 3, 7]);
    checkIncreasingSteps(sink, [1, -2], 'n');
    checkIncreasingSteps(sink, [4, 4], 'o');
    expect(sink.issues.map((issue) => issue.path)).toEqual(['n[1]', 'o']);
  });
  it('checkKnownKeys reports each unknown key at its own path', () => {
    const sink = new IssueSink(false);
    checkKnownKeys(sink, { a: 1, b: 2, 'c d': 3 }, ['a'], 'root');
    expect(sink.issues.map((issue) => issue.path)).toEqual(['root.b', 'root["c d"]']);
  });
  it('plain objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, [], new Date(0), 1, 'x']) expect(isPlainObject(value)).toBe(false);
  });
});
