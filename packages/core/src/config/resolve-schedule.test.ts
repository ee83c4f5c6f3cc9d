import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveScheduleOrScalar } from './resolve-schedule.js';

/** The ConfigError thrown by `run`, or a failed expectation if none was thrown. */
function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.unreachable('no ConfigError was thrown');
}

describe('resolveScheduleOrScalar: defaults written out (docs/guides/config-reference.md)', () => {
  const cases: [string, unknown, unknown][] = [
    ['a number stays a number', 0.001, 0.001],
    ['constant', { type: 'constant', value: 1 }, { type: 'constant', value: 1 }],
    ['step', { type: 'step', initial: 1, stepSize: 5 }, { type: 'step', initial: 1, stepSize: 5, gamma: 0.1 }],
    ['multistep', { type: 'multistep', initial: 1, milestones: [3] }, { type: 'multistep', initial: 1, milestones: [3], gamma: 0.1 }],
    [
      'exponential',
      { type: 'exponential', initial: 1, gamma: 0.5 },
      { type: 'exponential', initial: 1, gamma: 0.5, transitionSteps: 1, staircase: false, floor: 0 },
    ],
    ['cosine', { type: 'cosine', initial: 1, decaySteps: 9 }, { type: 'cosine', initial: 1, decaySteps: 9, minimum: 0 }],
    [
      'cosine-restarts',
      { type: 'cosine-restarts', initial: 1, firstPeriod: 9 },
      { type: 'cosine-restarts', initial: 1, firstPeriod: 9, periodMultiplier: 1, minimum: 0 },
    ],
    ['linear', { type: 'linear', start: 0, end: 1, steps: 3 }, { type: 'linear', start: 0, end: 1, steps: 3 }],
    ['polynomial', { type: 'polynomial', initial: 1, decaySteps: 9 }, { type: 'polynomial', initial: 1, end: 0, decaySteps: 9, power: 1 }],
    [
      'inverse-time',
      { type: 'inverse-time', initial: 1, decayRate: 0.5 },
      { type: 'inverse-time', initial: 1, decayRate: 0.5, decaySteps: 1, staircase: false },
    ],
    ['piecewise', { type: 'piecewise', boundaries: [2], values: [1, 0] }, { type: 'piecewise', boundaries: [2], values: [1, 0] }],
    [
      'one-cycle',
      { type: 'one-cycle', maximum: 1, totalSteps: 100 },
      { type: 'one-cycle', maximum: 1, totalSteps: 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 },
    ],
    [
      'warmup, its inner schedule resolved too',
      { type: 'warmup', steps: 5, then: { type: 'cosine', initial: 1, decaySteps: 9 } },
      { type: 'warmup', steps: 5, start: 0, then: { type: 'cosine', initial: 1, decaySteps: 9, minimum: 0 } },
    ],
    [
      'sequence, every piece resolved',
      { type: 'sequence', boundaries: [4], schedules: [0.5, { type: 'step', initial: 1, stepSize: 2 }] },
      { type: 'sequence', schedules: [0.5, { type: 'step', initial: 1, stepSize: 2, gamma: 0.1 }], boundaries: [4] },
    ],
  ];
  it.each(cases)('%s', (_name, input, resolved) => {
    const result = resolveScheduleOrScalar(input);
    expect(result).toEqual(resolved);
    // Idempotent, and stable through JSON.
    expect(resolveScheduleOrScalar(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
  it('does not modify its input and returns a fresh object', () => {
    const input = Object.freeze({ type: 'warmup', steps: 2, then: Object.freeze({ type: 'constant', value: 1 }) });
    const result = resolveScheduleOrScalar(input);
    expect(result).not.toBe(input);
    expect(input).toEqual({ type: 'warmup', steps: 2, then: { type: 'constant', value: 1 } });
  });
  it('explicit values win over defaults', () => {
    expect(resolveScheduleOrScalar({ type: 'step', initial: 1, stepSize: 5, gamma: 0.5 })).toEqual({
      type: 'step',
      initial: 1,
      stepSize: 5,
      gamma: 0.5,
    });
  });
});

describe('resolveScheduleOrScalar: every rule names its path', () => {
  const warmupCosine = (cosine: Record<string, unknown>) => ({
    type: 'warmup',
    steps: 2,
    then: { type: 'cosine', initial: 1, decaySteps: 4, ...cosine },
  });
  const cases: [string, unknown, string][] = [
    ['negative number', -1, 'schedule'],
    ['NaN', Number.NaN, 'schedule'],
    ['Infinity', Infinity, 'schedule'],
    ['a numeric string', '0.1', 'schedule'],
    ['null', null, 'schedule'],
    ['an array', [1], 'schedule'],
    ['missing type', { initial: 1 }, 'schedule.type'],
    ['unknown type', { type: 'cyclic', initial: 1 }, 'schedule.type'],
    ['unknown key', { type: 'constant', value: 1, vaule: 2 }, 'schedule.vaule'],
    ['odd unknown key', { type: 'constant', value: 1, 'a b': 2 }, 'schedule["a b"]'],
    ['missing required field', { type: 'constant' }, 'schedule.value'],
    ['negative value', { type: 'constant', value: -0.1 }, 'schedule.value'],
    ['stepSize 0', { type: 'step', initial: 1, stepSize: 0 }, 'schedule.stepSize'],
    ['stepSize fractional', { type: 'step', initial: 1, stepSize: 1.5 }, 'schedule.stepSize'],
    ['negative gamma', { type: 'step', initial: 1, stepSize: 1, gamma: -0.1 }, 'schedule.gamma'],
    ['initial Infinity', { type: 'step', initial: Infinity, stepSize: 1 }, 'schedule.initial'],
    ['milestones not an array', { type: 'multistep', initial: 1, milestones: 3 }, 'schedule.milestones'],
    ['milestones decreasing', { type: 'multistep', initial: 1, milestones: [3, 2] }, 'schedule.milestones'],
    ['milestones repeated', { type: 'multistep', initial: 1, milestones: [1, 1] }, 'schedule.milestones'],
    ['negative milestone', { type: 'multistep', initial: 1, milestones: [-1] }, 'schedule.milestones[0]'],
    ['fractional milestone', { type: 'multistep', initial: 1, milestones: [1, 2.5] }, 'schedule.milestones[1]'],
    ['exponential without gamma', { type: 'exponential', initial: 1 }, 'schedule.gamma'],
    ['transitionSteps 0', { type: 'exponential', initial: 1, gamma: 0.5, transitionSteps: 0 }, 'schedule.transitionSteps'],
    ['staircase not boolean', { type: 'exponential', initial: 1, gamma: 0.5, staircase: 'yes' }, 'schedule.staircase'],
    ['negative floor', { type: 'exponential', initial: 1, gamma: 0.5, floor: -1 }, 'schedule.floor'],
    ['decaySteps 0', { type: 'cosine', initial: 1, decaySteps: 0 }, 'schedule.decaySteps'],
    ['decaySteps missing', { type: 'cosine', initial: 1 }, 'schedule.decaySteps'],
    ['minimum NaN', { type: 'cosine', initial: 1, decaySteps: 2, minimum: Number.NaN }, 'schedule.minimum'],
    ['firstPeriod 0', { type: 'cosine-restarts', initial: 1, firstPeriod: 0 }, 'schedule.firstPeriod'],
    ['periodMultiplier 0', { type: 'cosine-restarts', initial: 1, firstPeriod: 2, periodMultiplier: 0 }, 'schedule.periodMultiplier'],
    [
      'periodMultiplier fractional',
      { type: 'cosine-restarts', initial: 1, firstPeriod: 2, periodMultiplier: 1.5 },
      'schedule.periodMultiplier',
    ],
    ['linear steps 0', { type: 'linear', start: 0, end: 1, steps: 0 }, 'schedule.steps'],
    ['linear end missing', { type: 'linear', start: 0, steps: 2 }, 'schedule.end'],
    ['power 0', { type: 'polynomial', initial: 1, decaySteps: 2, power: 0 }, 'schedule.power'],
    ['polynomial decaySteps fractional', { type: 'polynomial', initial: 1, decaySteps: 2.5 }, 'schedule.decaySteps'],
    ['negative decayRate', { type: 'inverse-time', initial: 1, decayRate: -1 }, 'schedule.decayRate'],
    ['inverse-time decaySteps 0', { type: 'inverse-time', initial: 1, decayRate: 1, decaySteps: 0 }, 'schedule.decaySteps'],
    ['values one short', { type: 'piecewise', boundaries: [1, 2], values: [1, 0] }, 'schedule.values'],
    ['values one too many', { type: 'piecewise', boundaries: [1], values: [1, 0, 0] }, 'schedule.values'],
    ['boundaries not increasing', { type: 'piecewise', boundaries: [2, 1], values: [1, 0, 0] }, 'schedule.boundaries'],
    ['a bad value', { type: 'piecewise', boundaries: [1], values: [1, Number.NaN] }, 'schedule.values[1]'],
    ['pctStart 0', { type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 0 }, 'schedule.pctStart'],
    ['pctStart 1', { type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 1 }, 'schedule.pctStart'],
    ['divFactor 0', { type: 'one-cycle', maximum: 1, totalSteps: 10, divFactor: 0 }, 'schedule.divFactor'],
    ['negative finalDivFactor', { type: 'one-cycle', maximum: 1, totalSteps: 10, finalDivFactor: -1 }, 'schedule.finalDivFactor'],
    ['totalSteps 0', { type: 'one-cycle', maximum: 1, totalSteps: 0 }, 'schedule.totalSteps'],
    ['warmup steps 0', { type: 'warmup', steps: 0, then: 1 }, 'schedule.steps'],
    ['warmup without then', { type: 'warmup', steps: 1 }, 'schedule.then'],
    ['negative warmup start', { type: 'warmup', steps: 1, start: -1, then: 1 }, 'schedule.start'],
    ['a bad field inside warmup', warmupCosine({ decaySteps: 0 }), 'schedule.then.decaySteps'],
    ['unknown key inside warmup', warmupCosine({ warm: true }), 'schedule.then.warm'],
    ['no schedules in a sequence', { type: 'sequence', schedules: [], boundaries: [] }, 'schedule.schedules'],
    ['sequence boundaries count', { type: 'sequence', schedules: [1, 2], boundaries: [] }, 'schedule.boundaries'],
    ['sequence boundary 0', { type: 'sequence', schedules: [1, 2], boundaries: [0] }, 'schedule.boundaries[0]'],
    ['sequence boundaries not increasing', { type: 'sequence', schedules: [1, 2, 3], boundaries: [4, 4] }, 'schedule.boundaries'],
    ['a bad piece', { type: 'sequence', schedules: [1, -2], boundaries: [3] }, 'schedule.schedules[1]'],
  ];
  it.each(cases)('%s', (_name, input, path) => {
    expect(configErrorOf(() => resolveScheduleOrScalar(input)).path).toBe(path);
  });
  it('prefixes the path it is given', () => {
    const input = {
      type: 'warmup',
      steps: 2,
      then: { type: 'sequence', boundaries: [3], schedules: [{ type: 'cosine', initial: -1, decaySteps: 3 }, 0] },
    };
    const error = configErrorOf(() => resolveScheduleOrScalar(input, 'optimizer.learningRate'));
    expect(error.path).toBe('optimizer.learningRate.then.schedules[0].initial');
    expect(error.message).toBe('optimizer.learningRate.then.schedules[0].initial: expected a finite number ≥ 0, received -1');
  });
  it('reports the whole array when its order is wrong', () => {
    const error = configErrorOf(() =>
      resolveScheduleOrScalar({ type: 'multistep', initial: 1, milestones: [3, 2] }, 'optimizer.learningRate'),
    );
    expect(error.path).toBe('optimizer.learningRate.milestones');
    expect(error.received).toEqual([3, 2]);
  });
  it('deep or cyclic nesting is an error, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = { type: 'warmup', steps: 1 };
    cyclic.then = cyclic;
    expect(configErrorOf(() => resolveScheduleOrScalar(cyclic)).expected).toMatch(/nested at most/);
  });
});
