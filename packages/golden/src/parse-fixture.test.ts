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
    const schedule = {
      format: 'weight-decay-golden/1',
      kind: 'schedule',
      name: 's',
      schedule: 0.1,
      values: [0.1],
      tolerance: { rtol: 0, atol: 0 },
    };
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

  describe('config 1.1 additions', () => {
    type Step = Record<string, unknown>;
    const withSteps = (...steps: Step[]) => ({ ...optimizerCase(), steps });
    const still = { 'dense/kernel': [1, 0], s: [2] };

    it('turns "NaN", "Infinity" and "-Infinity" in grads into numbers', () => {
      const parsed = parseFixture(
        withSteps({ grads: { 'dense/kernel': ['NaN', 'Infinity'], s: ['-Infinity'] }, expected: still, skipped: true }),
        'a.json',
      );
      if (parsed.kind !== 'optimizer') throw new Error('expected an optimizer case');
      expect(parsed.steps[0].grads).toEqual({ 'dense/kernel': [Number.NaN, Infinity], s: [-Infinity] });
      expect(parsed.steps[0].skipped).toBe(true);
    });

    it('accepts metric, gradNorm, a partial expectedAverage, and micro-batch steps with expected alone', () => {
      const update = { grads: still, expected: still, learningRate: 0.1, metric: 0.5, gradNorm: 0, expectedAverage: { s: [2] } };
      const parsed = parseFixture(
        withSteps({ grads: still, expected: still }, update, { grads: still, expected: still, skipped: false }),
        'a.json',
      );
      if (parsed.kind !== 'optimizer') throw new Error('expected an optimizer case');
      expect(parsed.steps[1]).toEqual(update);
      expect(parsed.steps[0]).toEqual({ grads: still, expected: still });
    });

    it.each([
      ['a lower-case "nan" in grads', { grads: { ...still, s: ['nan'] }, expected: still }, 'steps[0].grads.s[0]'],
      ['a null in grads', { grads: { ...still, s: [null] }, expected: still }, 'steps[0].grads.s[0]'],
      ['"NaN" in expected', { grads: still, expected: { ...still, s: ['NaN'] } }, 'steps[0].expected.s[0]'],
      ['a string metric', { grads: still, expected: still, metric: '0.5' }, 'steps[0].metric'],
      ['a "NaN" gradNorm', { grads: still, expected: still, gradNorm: 'NaN' }, 'steps[0].gradNorm'],
      ['a negative gradNorm', { grads: still, expected: still, gradNorm: -1 }, 'steps[0].gradNorm'],
      [
        'an expectedAverage of an unknown parameter',
        { grads: still, expected: still, expectedAverage: { t: [1] } },
        'steps[0].expectedAverage.t',
      ],
      [
        'an expectedAverage of the wrong length',
        { grads: still, expected: still, expectedAverage: { s: [1, 2] } },
        'steps[0].expectedAverage.s',
      ],
      ['a non-object expectedAverage', { grads: still, expected: still, expectedAverage: [1] }, 'steps[0].expectedAverage'],
      ['skipped as a string', { grads: still, expected: still, skipped: 'true' }, 'steps[0].skipped'],
      ['a skipped step with a learning rate', { grads: still, expected: still, learningRate: 0.1, skipped: true }, 'steps[0].learningRate'],
      ['a skipped step with a metric', { grads: still, expected: still, skipped: true, metric: 1 }, 'steps[0].metric'],
      ['an unknown step key', { grads: still, expected: still, gradnorm: 1 }, 'steps[0].gradnorm'],
    ])('rejects %s, naming the path', (_what, step, path) => {
      expect(errorOf(withSteps(step)).path).toBe(path);
    });
  });

  it('requires errorPath on invalid-config cases', () => {
    expect(errorOf({ format: 'weight-decay-golden/1', kind: 'invalid-config', name: 'i', config: {} }).path).toBe('errorPath');
  });
});
