import { describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, StateError, WeightDecayError, describeReceived } from './errors.js';

describe('errors', () => {
  it('ConfigError carries path, expected, received and a readable message', () => {
    const error = new ConfigError('decay[1].rate', 'a finite number ≥ 0', -1);
    expect(error).toBeInstanceOf(WeightDecayError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('decay[1].rate: expected a finite number ≥ 0, received -1');
    expect(error.toIssue()).toEqual({ path: 'decay[1].rate', expected: 'a finite number ≥ 0', received: -1 });
  });
  it('ParameterError and StateError name what they are about', () => {
    const parameter = new ParameterError('dense/kernel', 'expected 6 values, received 5');
    expect(parameter).toBeInstanceOf(WeightDecayError);
    expect([parameter.name, parameter.parameter]).toEqual(['ParameterError', 'dense/kernel']);
    expect(parameter.message).toBe('"dense/kernel": expected 6 values, received 5');
    // No parameter to name (e.g. params is not an object at all): the message stands alone.
    expect(new ParameterError('', 'expected an object of arrays').message).toBe('expected an object of arrays');
    const state = new StateError('parameters["dense/kernel"].slots.m', 'expected 6 values');
    expect(state).toBeInstanceOf(WeightDecayError);
    expect([state.name, state.path]).toEqual(['StateError', 'parameters["dense/kernel"].slots.m']);
  });
  it('describeReceived shows what JSON would hide, and never throws', () => {
    expect(describeReceived(Number.NaN)).toBe('NaN');
    expect(describeReceived(-Infinity)).toBe('-Infinity');
    expect(describeReceived(undefined)).toBe('undefined');
    expect(describeReceived([1, Number.NaN])).toBe('[1,"NaN"]');
    expect(describeReceived({ a: 'x' })).toBe('{"a":"x"}');
    expect(describeReceived(2n)).toBe('2n');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeReceived(cyclic)).toBe('[object Object]');
    expect(describeReceived('x'.repeat(500)).length).toBe(80);
  });
});
