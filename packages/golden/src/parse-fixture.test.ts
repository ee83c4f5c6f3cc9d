import { describe, expect, it } from 'vitest';

import { FixtureFormatError } from './fixture-format-error.js';
import { parseFixture } from './parse-fixture.js';

const optimizerCase = () => ({
  format: 'weight-decay-golden/1',
  kind: 'optimizer',
  name: 'tiny',
  config: { optimizer: { type: 'sgd', learningRate: 0.1 } },
  params: { 'dense/kernel': { shape: [2, 1], values: [1, 0] }, s: { shape: [], values: [2] } },
  steps: [{ grads: { 'dense/kernel': [0.5, 0], s: [1] }, expected: { 'dense/kernel': [0.95, 0], s: [1.9] }, learningRate: 0.1 }],
  tolerance: { rtol: 1e-5, atol: 1e-6 },
});

function errorOf(data: unknown): FixtureFormatError {
  try {
    parseFixture(data, 'case.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureFormatError);
    return error as FixtureFormatError;
  }
  throw new Error('expected parseFixture to throw');
}

describe('parseFixture', () => {
  it('accepts the three kinds', () => {
    expect(parseFixture(optimizerCase(), 'a.json').kind).toBe('optimizer');
    const schedule = { format: 'weight-decay-golden/1', kind: 'schedule', name: 's', schedule: 0.1, values: [0.1], tolerance: { rtol: 0, atol: 0 } };
    expect(parseFixture(schedule, 'b.json').kind).toBe('schedule');
    const invalid = { format: 'weight-decay-golden/1', kind: 'invalid-config', name: 'i', config: {}, errorPath: 'optimizer' };
    expect(parseFixture(invalid, 'c.json')).toEqual(invalid);
  });

  it('names the file and the field of every problem', () => {
    const wrongLength = optimizerCase();
    wrongLength.steps[0].expected['dense/kernel'] = [0.95];
    const e = errorOf(wrongLength);
    expect(e.file).toBe('case.json');
    expect(e.path).toBe('steps[0].expected["dense/kernel"]');
    expect(e.message).toMatch(/^case\.json: steps\[0\]\.expected\["dense\/kernel"\]: expected 2 numbers, received 1/);
  });

  it('rejects a wrong format tag, an unknown kind and unknown keys', () => {
    expect(errorOf({ ...optimizerCase(), format: 'weight-decay-golden/2' }).path).toBe('format');
    expect(errorOf({ ...optimizerCase(), kind: 'lr' }).path).toBe('kind');
    expect(errorOf({ ...optimizerCase(), tolerence: { rtol: 1, atol: 1 } }).path).toBe('tolerence');
  });

  it('rejects values that do not fit the shape, missing or extra gradients, and non-finite numbers', () => {
    const shape = optimizerCase();
    shape.params.s.values = [1, 2];
    expect(errorOf(shape).path).toBe('params.s.values');
    const missing = optimizerCase() as { steps: { grads: Record<string, number[]> }[] };
    delete missing.steps[0].grads.s;
    expect(errorOf(missing).path).toBe('steps[0].grads.s');
    const extra = optimizerCase() as { steps: { grads: Record<string, number[]> }[] };
    extra.steps[0].grads.other = [1];
    expect(errorOf(extra).path).toBe('steps[0].grads.other');
    const infinite = optimizerCase();
    infinite.steps[0].learningRate = Infinity;
    expect(errorOf(infinite).path).toBe('steps[0].learningRate');
  });

  it('rejects negative tolerances and an empty step list', () => {
    expect(errorOf({ ...optimizerCase(), tolerance: { rtol: -1, atol: 0 } }).path).toBe('tolerance.rtol');
    expect(errorOf({ ...optimizerCase(), steps: [] }).path).toBe('steps');
  });

  it('requires errorPath on invalid-config cases', () => {
    expect(errorOf({ format: 'weight-decay-golden/1', kind: 'invalid-config', name: 'i', config: {} }).path).toBe('errorPath');
  });
});
