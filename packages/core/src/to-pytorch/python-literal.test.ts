import { describe, expect, it } from 'vitest';
import { pythonLiteral } from './python-literal.js';

describe('pythonLiteral', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [0.1, '0.1'],
    [1e-8, '1e-8'],
    [3, '3'],
    [Infinity, 'math.inf'],
    [-Infinity, '-math.inf'],
    [-0, '-0.0'],
    ['a"b', '"a\\"b"'],
    [[1, 'x', null], '[1, "x", None]'],
    [{}, '{}'],
  ])('%j → %s', (value, source) => {
    expect(pythonLiteral(value)).toBe(source);
  });

  it('writes nested objects one entry per line, dropping undefined fields', () => {
    expect(pythonLiteral({ a: [{ b: 1 }], c: undefined })).toBe('{\n    "a": [\n        {\n            "b": 1,\n        },\n    ],\n}');
  });

  it('refuses NaN and non-data values', () => {
    expect(() => pythonLiteral(NaN)).toThrow(TypeError);
    expect(() => pythonLiteral(() => 1)).toThrow(TypeError);
  });
});
