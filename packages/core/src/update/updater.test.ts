import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError, ParameterError } from '../config/index.js';
import type { Precision } from './float-array.js';
import { stepScalars } from './step-scalars.js';
import { createUpdater } from './updater.js';
import type { Updater } from './updater.js';
import { expectBitIdentical, expectClose, type makeParams, precisions, randomValues, runUpdater } from './__fixtures__/run-updater.js';

// Three steps on θ₀ = [0.5, −1.5, 0, 2, −0.25] with the gradients below, computed by
// PyTorch 1.13 in float64 with __fixtures__/torch-optimizer-steps.py (numbers pasted from its output).
const torchTheta0 = [0.5, -1.5, 0.0, 2.0, -0.25];
const torchGrads = [
  [0.1, -0.2, 0.3, 0.0, -0.5],
  [-0.3, 0.4, 0.1, 0.2, 0.6],
  [0.05, 0.05, -0.7, -0.1, 0.0],
];
const torchCases: [string, unknown, number[]][] = [
  ['sgd', { optimizer: { type: 'sgd', learningRate: 0.1 } }, [0.515, -1.525, 0.03, 1.99, -0.26]],
  [
    'sgd-momentum-dampening',
    { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, dampening: 0.3 } },
    [0.5093, -1.5025, -0.04560000000000001, 1.9804, -0.1943],
  ],
  [
    'sgd-nesterov-l2',
    { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, decay: [{ type: 'l2', rate: 0.01 }] },
    [0.5333870619804999, -1.5371287745314999, 0.0030748342299999815, 1.948802002282, -0.23893918233525],
  ],
  [
    'adam',
    { optimizer: { type: 'adam', learningRate: 0.1 } },
    [0.4771688089923065, -1.4718369601785837, -0.15657938911460237, 1.9027222870985034, -0.17534414367085766],
  ],
  [
    'adam-l2',
    { optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 0.1 }] },
    [0.43493815194201124, -1.3707037295380153, -0.1534096999313754, 1.718104573547468, -0.16757928723493648],
  ],
  [
    'adamw',
    { optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.1 }] },
    [0.46381411898210584, -1.4289093565636233, -0.15371832526917434, 1.844064423869465, -0.16976594890299196],
  ],
  [
    'adam-amsgrad',
    { optimizer: { type: 'adam', learningRate: 0.1, amsgrad: true, beta1: 0.8, beta2: 0.9 } },
    [0.48056149172318474, -1.4783925814689451, -0.1481265250623469, 1.9045478189071674, -0.18413782549323376],
  ],
  [
    'rmsprop',
    { optimizer: { type: 'rmsprop', learningRate: 0.01 } },
    [0.47921409457527175, -1.5007097578006918, -0.040487382417817006, 1.9449013553453873, -0.22698004601540417],
  ],
  [
    'rmsprop-centered-momentum',
    { optimizer: { type: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5, alpha: 0.9 } },
    [0.4826554455320642, -1.4888671603098038, -0.04577118349954831, 1.964847852901659, -0.22894885497122583],
  ],
  [
    'adagrad-l2',
    { optimizer: { type: 'adagrad', learningRate: 0.1, lrDecay: 0.5, initialAccumulator: 0.2 }, decay: [{ type: 'l2', rate: 0.1 }] },
    [0.49054984907206584, -1.4581209077506412, -0.02767574935974914, 1.9100659541935758, -0.21569641956226018],
  ],
];

describe('matches PyTorch 1.13 (three steps)', () => {
  it.each(torchCases)('%s in float64 (rtol 1e-12)', (_name, config, expected) => {
    const { params } = runUpdater(
      config,
      { w: torchTheta0 },
      torchGrads.map((w) => ({ w })),
      'float64',
    );
    expectClose(params.w, expected, 1e-12);
  });
  it.each(torchCases)('%s in float32 (rtol 1e-5)', (_name, config, expected) => {
    const { params } = runUpdater(
      config,
      { w: torchTheta0 },
      torchGrads.map((w) => ({ w })),
      'float32',
    );
    expectClose(params.w, expected, 1e-5, 1e-7);
  });
});

// Contract table: every term goes through the same checks, on every optimizer
// (optax's _adding_test style).
const optimizers = [
  { type: 'sgd', learningRate: 0.05 },
  { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
  { type: 'adam', learningRate: 0.01 },
  { type: 'adam', learningRate: 0.01, amsgrad: true },
  { type: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5 },
  { type: 'adagrad', learningRate: 0.1, initialAccumulator: 0.1, lrDecay: 0.01 },
];
const termKinds: Record<string, unknown>[] = [
  { type: 'l2' },
  { type: 'l1' },
  { type: 'l1', method: 'proximal' },
  { type: 'l1', method: 'proximal', scaling: 'relative' },
  { type: 'decoupled' },
  { type: 'decoupled', scaling: 'relative' },
  { type: 'decoupled', scaling: 'none' },
  { type: 'decoupled', cautious: true },
  { type: 'anchor' },
  { type: 'anchor', scaling: 'none' },
  { type: 'anchor', cautious: true },
];
const names = ['a/kernel', 'b/kernel'];
const size = 8;
const start = { 'a/kernel': randomValues(1, size), 'b/kernel': randomValues(2, size) };
const gradSteps = [3, 4, 5, 6, 7].map((seed) => ({
  'a/kernel': randomValues(seed * 10, size),
  'b/kernel': randomValues(seed * 10 + 1, size),
}));

function run(
  optimizer: unknown,
  decay: unknown[],
  precision: Precision,
  steps = gradSteps,
): { updater: Updater; params: ReturnType<typeof makeParams> } {
  return runUpdater({ optimizer, decay }, start, steps, precision);
}

function expectSameState(a: Updater, b: Updater): void {
  for (const name of names) {
    const sa = a.slots(name);
    const sb = b.slots(name);
    expect(Object.keys(sa)).toEqual(Object.keys(sb));
    for (const slot of Object.keys(sa)) expectBitIdentical(sa[slot], sb[slot]);
  }
}

describe.each(termKinds.map((k) => [JSON.stringify(k), k] as const))('contract: term %s', (_label, kind) => {
  describe.each(optimizers.map((o) => [JSON.stringify(o), o] as const))('with %s', (_o, optimizer) => {
    it.each(precisions)('zero rate (number or schedule) is bit-for-bit the identity (%s)', (precision) => {
      const base = run(optimizer, [], precision);
      for (const rate of [0, { type: 'constant', value: 0 }]) {
        const zero = run(optimizer, [{ ...kind, rate }], precision);
        for (const name of names) expectBitIdentical(zero.params[name], base.params[name]);
        expectSameState(zero.updater, base.updater);
      }
    });

    it.each(precisions)('a constant schedule equals the same number, and a positive rate changes θ (%s)', (precision) => {
      const number = run(optimizer, [{ ...kind, rate: 0.3 }], precision);
      const schedule = run(optimizer, [{ ...kind, rate: { type: 'constant', value: 0.3 } }], precision);
      for (const name of names) expectBitIdentical(schedule.params[name], number.params[name]);
      const base = run(optimizer, [], precision);
      expect(Array.from(number.params['a/kernel'])).not.toEqual(Array.from(base.params['a/kernel']));
    });

    it.each(precisions)('touches only its planned parameters (%s)', (precision) => {
      const base = run(optimizer, [], precision);
      const only = run(optimizer, [{ ...kind, rate: 0.3, params: { include: ['a/*'] } }], precision);
      expectBitIdentical(only.params['b/kernel'], base.params['b/kernel']);
      expectBitIdentical(
        only.updater.slots('b/kernel')[Object.keys(base.updater.slots('b/kernel'))[0]] ?? new Float64Array(0),
        base.updater.slots('b/kernel')[Object.keys(base.updater.slots('b/kernel'))[0]] ?? new Float64Array(0),
      );
    });

    it('float32 agrees with float64 over five steps (rel ~1e-5)', () => {
      const f64 = run(optimizer, [{ ...kind, rate: 0.3 }], 'float64');
      const f32 = run(optimizer, [{ ...kind, rate: 0.3 }], 'float32');
      for (const name of names) {
        expect(f32.params[name]).toBeInstanceOf(Float32Array);
        expect(f64.params[name]).toBeInstanceOf(Float64Array);
        // Elements crossing zero or thresholded to it make a pure rtol meaningless; 1e-6 absolute covers them.
        expectClose(f32.params[name], f64.params[name], 1e-5, 1e-6);
      }
    });
  });
});

describe('update checks everything before touching anything', () => {
  const config = {
    optimizer: { type: 'adam', learningRate: 0.01 },
    decay: [
      { type: 'decoupled', rate: 0.1 },
      { type: 'anchor', rate: 0.1 },
    ],
  };
  const specs = [
    { name: 'first', shape: [2, 2] },
    { name: 'second', shape: [3] },
  ];
  const good = () => ({ first: new Float32Array([1, 2, 3, 4]), second: new Float32Array([5, 6, 7]) });
  const goodGrads = () => ({ first: [0.1, 0.2, 0.3, 0.4], second: new Float32Array([0.5, 0.6, 0.7]) });

  const cases: [string, string, (p: Record<string, Float32Array>, g: Record<string, unknown>) => void][] = [
    ['an unknown name in params', 'ghost', (p) => ((p as Record<string, unknown>).ghost = new Float32Array(1))],
    ['an unknown name in grads', 'ghost', (_p, g) => (g.ghost = [1])],
    ['a missing gradient', 'second', (_p, g) => delete g.second],
    ['a missing parameter', 'second', (p) => delete (p as Record<string, unknown>).second],
    ['a parameter of the wrong length', 'second', (p) => (p.second = new Float32Array(4))],
    ['a gradient of the wrong length', 'second', (_p, g) => (g.second = [1, 2])],
    ['a parameter of the wrong array type', 'second', (p) => ((p as Record<string, unknown>).second = new Float64Array(3))],
    ['a parameter given as a plain array', 'second', (p) => ((p as Record<string, unknown>).second = [1, 2, 3])],
    ['a gradient that is not an array', 'second', (_p, g) => (g.second = { length: 3 })],
    ['a gradient given as a DataView', 'second', (_p, g) => (g.second = new DataView(new ArrayBuffer(12)))],
    ['a gradient given as a string', 'second', (_p, g) => (g.second = 'abc')],
    ['a plain-array gradient holding a string', 'second', (_p, g) => (g.second = [0.5, '0.6', 0.7])],
    ['a plain-array gradient holding null', 'second', (_p, g) => (g.second = [0.5, 0.6, null])],
  ];

  it.each(cases)('%s → ParameterError naming it; params, state and step unchanged', (_label, parameter, spoil) => {
    const updater = createUpdater(config, specs);
    const params = good();
    updater.update(params, goodGrads());
    const paramsBefore = { first: params.first.slice(), second: params.second.slice() };
    const stateBefore = updater.exportState();

    const badParams: Record<string, Float32Array> = { ...params };
    const badGrads: Record<string, unknown> = goodGrads();
    spoil(badParams, badGrads);
    let error: unknown;
    try {
      updater.update(badParams, badGrads as Record<string, ArrayLike<number>>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).parameter).toBe(parameter);
    expectBitIdentical(params.first, paramsBefore.first);
    expectBitIdentical(params.second, paramsBefore.second);
    expect(updater.exportState()).toEqual(stateBefore);
    expect(updater.step).toBe(1);
  });

  it('a failed first update captures no anchor; the next good one does', () => {
    const updater = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 1 }] }, [
      { name: 'w', shape: [1] },
    ]);
    expect(() => updater.update({ w: new Float32Array([5]) }, {})).toThrow(ParameterError);
    expect(updater.exportState().parameters.w.anchor).toBeUndefined();
    updater.update({ w: new Float32Array([2]) }, { w: [0] });
    expect(updater.exportState().parameters.w.anchor).toEqual([2]);
  });

  it('never modifies the gradients, and accepts arrays and other typed arrays as gradients', () => {
    const grads64 = new Float64Array([0.1, -0.2, 0.3]);
    const gradsArray = [0.1, -0.2, 0.3];
    // A float32 updater copies foreign gradients into float32 first, so the result equals
    // running on the rounded Float32Array.
    const results = [grads64, gradsArray, new Float32Array(gradsArray)].map((g) => {
      const { params } = runUpdater({ optimizer: { type: 'adam', learningRate: 0.1 } }, { w: [1, 2, 3] }, [{ w: g }, { w: g }], 'float32');
      return params.w;
    });
    expectBitIdentical(results[0], results[2]);
    expectBitIdentical(results[1], results[2]);
    expect(Array.from(grads64)).toEqual([0.1, -0.2, 0.3]);
    expect(gradsArray).toEqual([0.1, -0.2, 0.3]);
  });
});

describe('createUpdater validates its inputs', () => {
  const sgdAnchor = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 1 }] };

  it('rejects an invalid config with the ConfigError of its path', () => {
    const error = catchError(() => createUpdater({ optimizer: { type: 'adam', learningRate: -1 } }, []));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('optimizer.learningRate');
  });

  it('rejects relative scaling against an unbounded learning rate', () => {
    const error = catchError(() =>
      createUpdater(
        {
          optimizer: { type: 'sgd', learningRate: { type: 'exponential', initial: 0.1, gamma: 1.1 } },
          decay: [
            { type: 'l2', rate: 1 },
            { type: 'decoupled', rate: 1, scaling: 'relative' },
          ],
        },
        [{ name: 'w', shape: [1] }],
      ),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[1].scaling');
  });

  it.each([
    ['unknown name', { ghost: [1] }, 'ghost'],
    ['wrong length', { w: [1, 2] }, 'w'],
    ['non-finite value', { w: [Number.NaN] }, 'w'],
    ['not an array', { w: 'x' }, 'w'],
  ])('rejects anchors with a %s (ParameterError)', (_label, anchors, parameter) => {
    const error = catchError(() => createUpdater(sgdAnchor, [{ name: 'w', shape: [1] }], { anchors: anchors as Record<string, number[]> }));
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).parameter).toBe(parameter);
  });

  it('rejects bad parameter specs and options', () => {
    expect((catchError(() => createUpdater(sgdAnchor, [{ name: 'w', shape: [-1] }])) as ParameterError).parameter).toBe('w');
    expect(
      (
        catchError(() =>
          createUpdater(sgdAnchor, [
            { name: 'w', shape: [1] },
            { name: 'w', shape: [1] },
          ]),
        ) as ParameterError
      ).parameter,
    ).toBe('w');
    expect((catchError(() => createUpdater(sgdAnchor, [], { precision: 'float16' as Precision })) as ConfigError).path).toBe(
      'options.precision',
    );
  });

  it("passes 'warn' to planDecay", () => {
    const config = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 1, params: { include: ['nothing/*'] } }] };
    expect((catchError(() => createUpdater(config, [{ name: 'w', shape: [1] }])) as ConfigError).path).toBe('decay[0].params.include[0]');
    const updater = createUpdater(config, [{ name: 'w', shape: [1] }], { unmatched: 'warn' });
    expect(updater.plan.warnings).toHaveLength(1);
    expect(updater.plan.terms[0].parameters).toEqual([]);
  });
});

describe('updater accessors', () => {
  it('reports η_t, the step scalars and the step count', () => {
    // lr piecewise 0.1 then 0.05 from t = 1 (peak 0.1); decoupled relative λ = 0.5; l2 λ = 0.2.
    const updater = createUpdater(
      {
        optimizer: { type: 'sgd', learningRate: { type: 'piecewise', boundaries: [1], values: [0.1, 0.05] } },
        decay: [
          { type: 'decoupled', rate: 0.5, scaling: 'relative' },
          { type: 'l2', rate: 0.2 },
        ],
      },
      [{ name: 'w', shape: [1] }],
      { precision: 'float64' },
    );
    expect(updater.step).toBe(0);
    expect(updater.learningRate()).toBe(0.1);
    expect(updater.scalars()).toEqual({
      step: 0,
      learningRate: 0.1,
      peakLearningRate: 0.1,
      terms: [
        { rate: 0.5, scale: 1, coefficient: 0.5 },
        { rate: 0.2, scale: 1, coefficient: 0.2 },
      ],
    });
    updater.update({ w: new Float64Array([1]) }, { w: [0] });
    expect(updater.step).toBe(1);
    expect(updater.learningRate()).toBe(0.05);
    // s = 0.05/0.1 = 0.5 → coefficient 0.25.
    expect(updater.scalars().terms[0]).toEqual({ rate: 0.5, scale: 0.5, coefficient: 0.25 });
  });

  it('scalars() equals the pure stepScalars at every step', () => {
    const updater = createUpdater(
      {
        optimizer: { type: 'adam', learningRate: { type: 'warmup', steps: 2, then: { type: 'cosine', initial: 0.1, decaySteps: 4 } } },
        decay: [
          { type: 'decoupled', rate: 0.1, scaling: 'relative' },
          { type: 'l1', method: 'proximal', rate: { type: 'linear', start: 0, end: 0.01, steps: 3 } },
          { type: 'anchor', rate: 0.5, scaling: 'none' },
          { type: 'l2', rate: 0.02 },
        ],
      },
      [{ name: 'w', shape: [2] }],
    );
    const w = new Float32Array([1, -1]);
    for (let t = 0; t < 7; t++) {
      expect(updater.scalars()).toEqual(stepScalars(updater.config, t));
      expect(updater.learningRate()).toBe(stepScalars(updater.config, t).learningRate);
      updater.update({ w }, { w: [0.1, 0.2] });
    }
  });

  it('ignores given anchors of parameters no anchor term touches', () => {
    const updater = createUpdater(
      { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 1, params: { include: ['a'] } }] },
      [
        { name: 'a', shape: [1] },
        { name: 'b', shape: [1] },
      ],
      { anchors: { a: [0], b: [0] } },
    );
    expect(updater.exportState().parameters.a.anchor).toEqual([0]);
    expect(updater.exportState().parameters.b.anchor).toBeUndefined();
  });

  it('penalty is the coupled penalty at the current step', () => {
    // l2 λ = 0.5 on [1, 2]: 0.25·5 = 1.25; decoupled adds nothing.
    const updater = createUpdater(
      {
        optimizer: { type: 'sgd', learningRate: 0.1 },
        decay: [
          { type: 'l2', rate: 0.5 },
          { type: 'decoupled', rate: 3 },
        ],
      },
      [{ name: 'w', shape: [2] }],
    );
    expect(updater.penalty({ w: [1, 2] })).toBe(1.25);
  });

  it('slots are live views of the state and unknown names are refused', () => {
    const updater = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } }, [{ name: 'w', shape: [2] }], {
      precision: 'float64',
    });
    const slots = updater.slots('w');
    updater.update({ w: new Float64Array([1, 1]) }, { w: [0.5, -0.5] });
    expect(Array.from(slots.momentum)).toEqual([0.5, -0.5]);
    expect((catchError(() => updater.slots('v')) as ParameterError).parameter).toBe('v');
  });

  it('handles rank-0 parameters (shape [], one element)', () => {
    // SGD η = 0.1, decoupled λ = 1 (c = 0.1): 3·0.9 − 0.1·1 = 2.6.
    const updater = createUpdater(
      { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 1, params: { minRank: 0 } }] },
      [{ name: 'scale', shape: [] }],
      { precision: 'float64' },
    );
    const scale = new Float64Array([3]);
    updater.update({ scale }, { scale: [1] });
    expect(scale[0]).toBeCloseTo(2.6, 12);
    expect(updater.exportState().parameters.scale.shape).toEqual([]);
  });

  it('handles parameters with no elements', () => {
    const { params, updater } = runUpdater(
      { optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 1 }] },
      { e: [] },
      [{ e: [] }],
      'float32',
    );
    expect(params.e.length).toBe(0);
    expect(updater.step).toBe(1);
  });
});

describe('reduce-on-plateau in the updater (config 1.1)', () => {
  const config = {
    optimizer: { type: 'sgd', learningRate: { type: 'reduce-on-plateau', initial: 0.1, patience: 0, factor: 0.5, cooldown: 1 } },
  };
  const grad = { w: [1, -1] };

  it('a report changes the rate from the next update on', () => {
    const updater = createUpdater(config, [{ name: 'w', shape: [2] }], { precision: 'float64' });
    const w = new Float64Array([0, 0]);
    updater.update({ w }, grad);
    expect(Array.from(w)).toEqual([-0.1, 0.1]);
    updater.reportMetric(1); // the first report is an improvement on +∞
    updater.reportMetric(1); // not better: patience 0 → halve
    expect(updater.learningRate()).toBe(0.05);
    updater.update({ w }, grad);
    expect(Array.from(w)).toEqual([-0.1 - 0.05, 0.1 + 0.05]);
  });

  it('exportState carries the counters; a JSON round trip resumes bit-identically', () => {
    const straight = createUpdater(config, [{ name: 'w', shape: [2] }]);
    const w = new Float32Array([0.5, -0.5]);
    const metrics = [1, 0.5, 0.6, 0.7, 0.8, 0.9];
    const run = (updater: Updater, params: Float32Array, from: number, to: number): number[] => {
      const rates: number[] = [];
      for (let t = from; t < to; t++) {
        rates.push(updater.learningRate());
        updater.update({ w: params }, grad);
        updater.reportMetric(metrics[t]);
      }
      return rates;
    };
    run(straight, w, 0, 3);
    const saved = JSON.parse(JSON.stringify(straight.exportState()));
    // After 1, 0.5, 0.6: best 0.5; 0.6 is bad → halve to 0.05, cooldown 1 left.
    expect(saved.plateau).toEqual({ rate: 0.05, best: 0.5, badReports: 0, cooldownLeft: 1, reports: 3 });
    const savedW = Float32Array.from(w);
    const rest = run(straight, w, 3, 6);
    // 0.7 in cooldown; 0.8 bad → 0.025 (cooldown 1); 0.9 in cooldown.
    expect(rest).toEqual([0.05, 0.05, 0.025]);

    const resumed = createUpdater(config, [{ name: 'w', shape: [2] }]);
    resumed.reportMetric(5);
    resumed.importState(saved);
    expect(run(resumed, savedW, 3, 6)).toEqual(rest);
    expect(Array.from(savedW)).toEqual(Array.from(w));
    expect(resumed.exportState()).toEqual(straight.exportState());
  });

  it('a bad saved plateau is refused before anything changes; reportMetric needs a plateau learning rate', () => {
    const updater = createUpdater(config, [{ name: 'w', shape: [2] }]);
    const state = updater.exportState();
    updater.reportMetric(1);
    const before = updater.exportState();
    expect(() => updater.importState({ ...state, step: 3, plateau: { ...state.plateau!, badReports: -1 } })).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'plateau.badReports' }),
    );
    expect(updater.exportState()).toEqual(before);
    const fixed = createUpdater({ optimizer: { type: 'sgd', learningRate: 0.1 } }, [{ name: 'w', shape: [2] }]);
    expect(catchError(() => fixed.reportMetric(1))).toMatchObject({ name: 'ConfigError', path: 'optimizer.learningRate' });
    expect(fixed.exportState()).not.toHaveProperty('plateau');
  });

  it("a group's own reduce-on-plateau rate keeps its own counters; the same reports drive it and the top level's", () => {
    // Top level: constant 0.01 for b. Group (a): its own plateau, initial 0.1, patience 0, halving, scaled by 2.
    const grouped = {
      optimizer: { type: 'sgd', learningRate: 0.01 },
      groups: [
        {
          params: { names: ['a'] },
          learningRateScale: 2,
          optimizer: { learningRate: { type: 'reduce-on-plateau', initial: 0.1, patience: 0, factor: 0.5 } },
        },
      ],
    };
    const specs = [
      { name: 'a', shape: [1] },
      { name: 'b', shape: [1] },
    ];
    const updater = createUpdater(grouped, specs, { precision: 'float64' });
    const a = new Float64Array([0]);
    const b = new Float64Array([0]);
    updater.update({ a, b }, { a: [1], b: [1] }); // a: −2·0.1, b: −0.01
    expect([a[0], b[0]]).toEqual([-0.2, -0.01]);
    updater.reportMetric(1); // improvement on +∞
    updater.reportMetric(1); // not better, patience 0: the group's rate halves to 0.05
    updater.update({ a, b }, { a: [1], b: [1] }); // a: −2·0.05, b: −0.01 again (the top level has no plateau)
    expect([a[0], b[0]]).toEqual([-0.2 - 0.1, -0.02]);
    expect(updater.learningRate()).toBe(0.01);
    const saved = JSON.parse(JSON.stringify(updater.exportState()));
    expect(saved).not.toHaveProperty('plateau');
    expect(saved.groupPlateaus).toEqual([{ rate: 0.05, best: 1, badReports: 0, cooldownLeft: 0, reports: 2 }]);
    const resumed = createUpdater(grouped, specs, { precision: 'float64' });
    resumed.importState(saved);
    expect(resumed.exportState()).toEqual(updater.exportState());
    expect(() => resumed.importState({ ...saved, groupPlateaus: [{ ...saved.groupPlateaus[0], rate: -1 }] })).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'groupPlateaus[0].rate' }),
    );
    expect(() => resumed.importState({ ...saved, groupPlateaus: [] })).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'groupPlateaus' }),
    );
    expect(resumed.exportState()).toEqual(updater.exportState());
  });
});
