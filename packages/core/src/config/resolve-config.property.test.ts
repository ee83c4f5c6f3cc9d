/**
 * Property tests over random configs: valid ones resolve stably and evaluate
 * finitely; a valid config with ONE field broken is rejected at exactly that
 * field's path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSchedule } from '../schedules/create-schedule.js';
import { schedulePeak } from '../schedules/schedule-peak.js';
import { compileConfigSchema } from '../__fixtures__/compile-config-schema.js';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse-config.js';
import { resolveConfig, validateConfig } from './resolve-config.js';

/** 200 by default; set WD_PROPERTY_RUNS to search harder locally. */
/** Generous: the machine may be shared; the runs themselves take well under a second. */
const timeout = 60_000;
const numRuns = Number((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.WD_PROPERTY_RUNS ?? 200);

// ---------------------------------------------------------------------------
// Valid configs

/** Rates for decay terms: 0 allowed. */
const rate = fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 10, noNaN: true }));
/** Learning-rate values: > 0, so every learning-rate schedule starts above 0 and its peak is > 0. */
const positive = fc.double({ min: 1e-9, max: 10, noNaN: true });
const steps = fc.integer({ min: 1, max: 40 });
const decaying = fc.double({ min: 0, max: 1, noNaN: true });
const unitOpen = fc.double({ min: 0.01, max: 0.99, noNaN: true });
const increasing = (min: number, length: fc.Arbitrary<number>) =>
  length.chain((n) =>
    fc.uniqueArray(fc.integer({ min, max: 200 }), { minLength: n, maxLength: n }).map((xs) => [...xs].sort((a, b) => a - b)),
  );

/**
 * Schedules whose values stay finite for every t (gamma ≤ 1 where it is an
 * exponent base over unbounded t), nested up to 3 deep.
 */
function scheduleArbitrary(value: fc.Arbitrary<number>, gammaMin: number): fc.Arbitrary<unknown> {
  const decaying = fc.double({ min: gammaMin, max: 1, noNaN: true });
  const leaf = fc.oneof(
    fc.record({ type: fc.constant('constant'), value }),
    fc.record(
      { type: fc.constant('step'), initial: value, stepSize: steps, gamma: decaying },
      { requiredKeys: ['type', 'initial', 'stepSize'] },
    ),
    fc.record(
      {
        type: fc.constant('multistep'),
        initial: value,
        milestones: increasing(0, fc.integer({ min: 0, max: 4 })),
        gamma: fc.double({ min: gammaMin, max: 2, noNaN: true }),
      },
      { requiredKeys: ['type', 'initial', 'milestones'] },
    ),
    fc.record(
      { type: fc.constant('exponential'), initial: value, gamma: decaying, transitionSteps: steps, staircase: fc.boolean(), floor: rate },
      { requiredKeys: ['type', 'initial', 'gamma'] },
    ),
    fc.record(
      { type: fc.constant('cosine'), initial: value, decaySteps: steps, minimum: rate },
      { requiredKeys: ['type', 'initial', 'decaySteps'] },
    ),
    fc.record(
      {
        type: fc.constant('cosine-restarts'),
        initial: value,
        firstPeriod: steps,
        periodMultiplier: fc.integer({ min: 1, max: 4 }),
        minimum: rate,
      },
      { requiredKeys: ['type', 'initial', 'firstPeriod'] },
    ),
    fc.record({ type: fc.constant('linear'), start: value, end: value, steps }),
    fc.record(
      {
        type: fc.constant('polynomial'),
        initial: value,
        end: rate,
        decaySteps: steps,
        power: fc.double({ min: 0.1, max: 5, noNaN: true }),
      },
      { requiredKeys: ['type', 'initial', 'decaySteps'] },
    ),
    fc.record(
      {
        type: fc.constant('inverse-time'),
        initial: value,
        decayRate: fc.double({ min: 0, max: 10, noNaN: true }),
        decaySteps: steps,
        staircase: fc.boolean(),
      },
      { requiredKeys: ['type', 'initial', 'decayRate'] },
    ),
    increasing(0, fc.integer({ min: 0, max: 4 })).chain((boundaries) =>
      fc.record({
        type: fc.constant('piecewise'),
        boundaries: fc.constant(boundaries),
        values: fc.array(value, { minLength: boundaries.length + 1, maxLength: boundaries.length + 1 }),
      }),
    ),
    fc.record(
      {
        type: fc.constant('one-cycle'),
        maximum: value,
        totalSteps: fc.integer({ min: 1, max: 500 }),
        pctStart: unitOpen,
        divFactor: fc.double({ min: 0.5, max: 100, noNaN: true }),
        finalDivFactor: fc.double({ min: 0.5, max: 1e5, noNaN: true }),
      },
      { requiredKeys: ['type', 'maximum', 'totalSteps'] },
    ),
  );
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof({ maxDepth: 3, depthIdentifier: 'schedule' }, fc.oneof(value, leaf), tie('warmup'), tie('sequence')),
    warmup: fc.record({ type: fc.constant('warmup'), steps, start: value, then: tie('node') }, { requiredKeys: ['type', 'steps', 'then'] }),
    sequence: fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        type: fc.constant('sequence'),
        schedules: fc.array(tie('node'), { minLength: n, maxLength: n }),
        boundaries: increasing(1, fc.constant(n - 1)),
      }),
    ),
  }));
  return node;
}

// gamma > 0 for learning rates: a milestone at 0 with gamma 0 would make the peak 0.
const learningRate = scheduleArbitrary(positive, 0.01);
const decayRate = scheduleArbitrary(rate, 0);

const optimizer = fc.oneof(
  fc
    .record(
      {
        type: fc.constant('sgd'),
        learningRate,
        momentum: decaying.filter((m) => m < 1),
        dampening: fc.double({ min: 0, max: 1, noNaN: true }),
        nesterov: fc.boolean(),
      },
      { requiredKeys: ['type', 'learningRate'] },
    )
    // PyTorch: nesterov needs momentum > 0 and dampening 0.
    .map((sgd) => (sgd.nesterov ? { ...sgd, momentum: 0.9, dampening: 0 } : sgd)),
  fc.record(
    {
      type: fc.constant('adam'),
      learningRate,
      beta1: decaying.filter((b) => b < 1),
      beta2: decaying.filter((b) => b < 1),
      epsilon: positive,
      amsgrad: fc.boolean(),
    },
    { requiredKeys: ['type', 'learningRate'] },
  ),
  fc.record(
    {
      type: fc.constant('rmsprop'),
      learningRate,
      alpha: decaying.filter((a) => a < 1),
      epsilon: positive,
      momentum: decaying.filter((m) => m < 1),
      centered: fc.boolean(),
    },
    { requiredKeys: ['type', 'learningRate'] },
  ),
  fc.record(
    { type: fc.constant('adagrad'), learningRate, epsilon: positive, initialAccumulator: rate, lrDecay: rate },
    { requiredKeys: ['type', 'learningRate'] },
  ),
);

const pattern = fc.constantFrom('**', 'dense/*', '**/bias', '**/kernel', 'encoder/**', 'head');
const params = fc.record(
  {
    include: fc.array(pattern, { minLength: 1, maxLength: 3 }),
    exclude: fc.array(pattern, { maxLength: 2 }),
    minRank: fc.integer({ min: 0, max: 4 }),
    names: fc.array(fc.constantFrom('dense/kernel', 'dense/bias', 'head/w'), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const scaling = fc.constantFrom('learning-rate', 'relative', 'none');

const term = fc.oneof(
  fc.record({ type: fc.constant('l2'), rate: decayRate, params }, { requiredKeys: ['type', 'rate'] }),
  fc.record({ type: fc.constant('l1'), rate: decayRate, method: fc.constant('subgradient'), params }, { requiredKeys: ['type', 'rate'] }),
  fc.record(
    { type: fc.constant('l1'), rate: decayRate, method: fc.constant('proximal'), scaling, params },
    { requiredKeys: ['type', 'rate', 'method'] },
  ),
  fc.record(
    { type: fc.constant('decoupled'), rate: decayRate, scaling, cautious: fc.boolean(), params },
    { requiredKeys: ['type', 'rate'] },
  ),
  fc.record({ type: fc.constant('anchor'), rate: decayRate, scaling, cautious: fc.boolean(), params }, { requiredKeys: ['type', 'rate'] }),
);

const validConfig = fc.record(
  { version: fc.constant(1), optimizer, decay: fc.array(term, { maxLength: 4 }) },
  { requiredKeys: ['optimizer'] },
);

const times = fc.array(fc.oneof(fc.nat(60), fc.nat(10_000_000)), { minLength: 1, maxLength: 6 });

function schedulesOf(config: { optimizer: { learningRate: unknown }; decay: { rate: unknown }[] }): unknown[] {
  return [config.optimizer.learningRate, ...config.decay.map((t) => t.rate)];
}

describe('random valid configs', () => {
  it(
    'resolve, idempotently and JSON-stably, and validate with no issues',
    () => {
      fc.assert(
        fc.property(validConfig, (input) => {
          const resolved = parseConfig(input);
          expect(resolveConfig(resolved)).toEqual(resolved);
          expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
          expect(validateConfig(input)).toEqual([]);
        }),
        { numRuns },
      );
    },
    timeout,
  );
  it(
    'every schedule is finite and ≥ 0 at any t, and never above its peak',
    () => {
      fc.assert(
        fc.property(validConfig, times, (input, ts) => {
          for (const s of schedulesOf(parseConfig(input))) {
            const f = createSchedule(s as never);
            const peak = schedulePeak(s as never);
            for (const t of ts) {
              const value = f(t);
              expect(Number.isFinite(value)).toBe(true);
              expect(value).toBeGreaterThanOrEqual(0);
              // A linear warmup may round one ulp past its end points.
              expect(value).toBeLessThanOrEqual(peak * (1 + 1e-12));
            }
          }
        }),
        { numRuns },
      );
    },
    timeout,
  );
  it(
    'the peak is reached: brute force over the first steps finds it (schedules without restarts)',
    () => {
      // All step sizes and boundaries here are ≤ 200 and nesting ≤ 3 deep, so every piece has reached its
      // last change well before t = 2000 — except cosine-restarts, which may only approach its peak.
      fc.assert(
        fc.property(
          learningRate.filter((s) => !JSON.stringify(s).includes('cosine-restarts')),
          (s) => {
            const f = createSchedule(s as never);
            let brute = -Infinity;
            for (let t = 0; t <= 2000; t++) brute = Math.max(brute, f(t));
            const peak = schedulePeak(s as never);
            expect(Math.abs(peak - brute)).toBeLessThanOrEqual(1e-12 * peak);
          },
        ),
        { numRuns: 100 },
      );
    },
    timeout,
  );
  it(
    'growing step and exponential schedules give +∞ or large values, never NaN',
    () => {
      const growing = fc.oneof(
        fc.record({ type: fc.constant('step'), initial: rate, stepSize: steps, gamma: fc.double({ min: 1, max: 1e6, noNaN: true }) }),
        fc.record({ type: fc.constant('exponential'), initial: rate, gamma: fc.double({ min: 1, max: 1e6, noNaN: true }), floor: rate }),
      );
      fc.assert(
        fc.property(growing, times, (s, ts) => {
          const f = createSchedule(s);
          for (const t of ts) expect(Number.isNaN(f(t))).toBe(false);
          expect(Number.isNaN(schedulePeak(s))).toBe(false);
        }),
        { numRuns },
      );
    },
    timeout,
  );
});

// ---------------------------------------------------------------------------
// Invalid configs: one field broken

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A place in the document that a mutation can break, and the bad values that break it. */
interface Site {
  path: string;
  parent: Json[] | { [key: string]: Json };
  key: string | number;
  bad: unknown[];
}

// Not objects: where a number may be a schedule, {} is reported at its missing `.type`.
const badNumbers = [-1, Number.NaN, Infinity, -Infinity, '0.5', null, true, [1]];
const badBooleans = ['true', 1, null];
// Not numbers: a number is a valid replacement for a schedule object.
const badObjects = ['x', null, [], true];
const badArrays = ['x', 3, null, {}];
/** Keys whose string values name a choice; any other string is a glob pattern or a name. */
const choiceKeys = new Set(['type', 'method', 'scaling']);

function collectSites(node: Json, path: string, parent: Site['parent'] | undefined, key: string | number, sites: Site[]): void {
  const site = (bad: unknown[]) => parent !== undefined && sites.push({ path, parent, key, bad });
  if (typeof node === 'number') site(badNumbers);
  else if (typeof node === 'boolean') site(badBooleans);
  else if (typeof node === 'string') site(typeof key === 'string' && choiceKeys.has(key) ? ['bogus', 7, null] : ['', 7, null]);
  else if (Array.isArray(node)) {
    site(badArrays);
    node.forEach((item, i) => collectSites(item, `${path}[${i}]`, node, i, sites));
  } else if (node !== null) {
    site(badObjects);
    for (const [childKey, child] of Object.entries(node)) {
      collectSites(child, path === '' ? childKey : `${path}.${childKey}`, node, childKey, sites);
    }
  }
}

/** Every object of the document, to receive an unknown key. */
function collectObjects(node: Json, path: string, out: { path: string; object: { [key: string]: Json } }[]): void {
  if (Array.isArray(node)) node.forEach((item, i) => collectObjects(item, `${path}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    out.push({ path, object: node });
    for (const [key, child] of Object.entries(node)) collectObjects(child, path === '' ? key : `${path}.${key}`, out);
  }
}

const mutation = fc.tuple(validConfig, fc.nat(), fc.nat(), fc.boolean()).map(([input, siteIndex, badIndex, addKey]) => {
  const document = JSON.parse(JSON.stringify(input)) as Json;
  if (addKey) {
    const objects: { path: string; object: { [key: string]: Json } }[] = [];
    collectObjects(document, '', objects);
    const target = objects[siteIndex % objects.length]!;
    target.object.unknownField = 1;
    return { document, path: target.path === '' ? 'unknownField' : `${target.path}.unknownField`, bad: 1 as unknown };
  }
  const sites: Site[] = [];
  collectSites(document, '', undefined, '', sites);
  const site = sites[siteIndex % sites.length]!;
  const bad = site.bad[badIndex % site.bad.length];
  (site.parent as Record<string | number, unknown>)[site.key] = bad;
  return { document, path: site.path, bad };
});

describe('random invalid configs (one field broken)', () => {
  it(
    'are rejected with a ConfigError at exactly the broken path, and that is the only issue',
    () => {
      fc.assert(
        fc.property(mutation, ({ document, path }) => {
          let thrown: unknown;
          try {
            parseConfig(document);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ConfigError);
          expect((thrown as ConfigError).path).toBe(path);
          expect(validateConfig(document).map((issue) => issue.path)).toEqual([path]);
        }),
        { numRuns },
      );
    },
    timeout,
  );
});

describe('random configs against config.schema.json', () => {
  const validate = compileConfigSchema();

  it(
    'every valid config, and its resolved form, passes the schema',
    () => {
      fc.assert(
        fc.property(validConfig, (input) => validate(input) && validate(parseConfig(input))),
        { numRuns },
      );
    },
    timeout,
  );

  it(
    'every config with one field broken is refused by the schema too (JSON has no NaN or Infinity to break a field with)',
    () => {
      fc.assert(
        fc.property(mutation, ({ document, bad }) => (typeof bad === 'number' && !Number.isFinite(bad)) || !validate(document)),
        { numRuns },
      );
    },
    timeout,
  );
});
