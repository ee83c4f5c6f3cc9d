import { FixtureFormatError } from './fixture-format-error.js';
import {
  GOLDEN_FORMAT,
  type GoldenFixture,
  type GoldenParam,
  type GoldenStep,
  type GoldenTolerance,
  type InvalidConfigFixture,
  type OptimizerFixture,
  type ScheduleFixture,
} from './fixture-types.js';

type Json = Record<string, unknown>;

const kinds = ['optimizer', 'schedule', 'invalid-config'] as const;

const stepKeys = ['grads', 'expected', 'learningRate', 'penalty', 'metric', 'gradNorm', 'expectedAverage', 'skipped'];
/** Keys the config 1.1 format allows only on steps that are updates, never on a skipped one. */
const updateOnlyKeys = ['learningRate', 'penalty', 'metric', 'gradNorm', 'expectedAverage'];
/** How a gradient file writes the numbers JSON lacks (config 1.1). */
const nonFiniteGrads: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

const allowedKeys: Record<(typeof kinds)[number], readonly string[]> = {
  optimizer: ['format', 'kind', 'name', 'source', 'config', 'params', 'steps', 'tolerance', 'referenceTolerance'],
  schedule: ['format', 'kind', 'name', 'source', 'schedule', 'values', 'tolerance'],
  'invalid-config': ['format', 'kind', 'name', 'source', 'config', 'errorPath', 'params'],
};

function key(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path === '' ? '' : `${path}.`}${name}` : `${path}[${JSON.stringify(name)}]`;
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * Checks that `data` (one parsed JSON file) is a golden-format v1 case and
 * returns it typed. Every problem is a {@link FixtureFormatError} naming the
 * file and the field; unknown top-level keys are errors too, so a typo such as
 * `"tolerence"` cannot silently fall back to a default.
 *
 * Accepts the optional additions of config 1.1: `"NaN"`,
 * `"Infinity"`, `"-Infinity"` in grads (returned as those numbers), and on a
 * step `metric`, `gradNorm`, `expectedAverage` (any subset of the parameters)
 * and `skipped` (a skipped step carries none of the update-only fields).
 *
 * @param data - the parsed JSON.
 * @param file - the file it came from, for error messages.
 */
export function parseFixture(data: unknown, file: string): GoldenFixture {
  const fail = (path: string, message: string): never => {
    throw new FixtureFormatError(file, path, message);
  };
  const object = (value: unknown, path: string): Json => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `expected an object, received ${brief(value)}`);
    return value as Json;
  };
  const finite = (value: unknown, path: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a finite number, received ${brief(value)}`);
    return value as number;
  };
  const gradElement = (value: unknown, path: string): number => {
    if (typeof value === 'string' && Object.hasOwn(nonFiniteGrads, value)) return nonFiniteGrads[value];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(path, `expected a finite number or "NaN", "Infinity", "-Infinity", received ${brief(value)}`);
    }
    return value as number;
  };
  const numbers = (value: unknown, path: string, length?: number, element = finite): number[] => {
    if (!Array.isArray(value)) fail(path, `expected an array of numbers, received ${brief(value)}`);
    const array = (value as unknown[]).map((x, i) => element(x, `${path}[${i}]`));
    if (length !== undefined && array.length !== length) fail(path, `expected ${length} numbers, received ${array.length}`);
    return array;
  };
  const tolerance = (value: unknown, path: string): GoldenTolerance => {
    const t = object(value, path);
    for (const k of Object.keys(t)) if (k !== 'rtol' && k !== 'atol') fail(key(path, k), 'unknown key');
    const rtol = finite(t.rtol, `${path}.rtol`);
    const atol = finite(t.atol, `${path}.atol`);
    if (rtol < 0) fail(`${path}.rtol`, `expected ≥ 0, received ${rtol}`);
    if (atol < 0) fail(`${path}.atol`, `expected ≥ 0, received ${atol}`);
    return { rtol, atol };
  };
  const params = (value: unknown, path: string): Record<string, GoldenParam> => {
    const p = object(value, path);
    const out: Record<string, GoldenParam> = {};
    for (const [name, entry] of Object.entries(p)) {
      const at = key(path, name);
      const e = object(entry, at);
      for (const k of Object.keys(e)) if (k !== 'shape' && k !== 'values') fail(key(at, k), 'unknown key');
      if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        fail(`${at}.shape`, `expected an array of non-negative integers, received ${brief(e.shape)}`);
      }
      const shape = e.shape as number[];
      out[name] = {
        shape,
        values: numbers(
          e.values,
          `${at}.values`,
          shape.reduce((a, b) => a * b, 1),
        ),
      };
    }
    return out;
  };
  /** Values by parameter name: every parameter, or with `subset` those listed. */
  const byParam = (
    value: unknown,
    path: string,
    ps: Record<string, GoldenParam>,
    { element = finite, subset = false } = {},
  ): Record<string, number[]> => {
    const o = object(value, path);
    for (const name of Object.keys(o)) if (!Object.hasOwn(ps, name)) fail(key(path, name), 'not a parameter of this case');
    const out: Record<string, number[]> = {};
    for (const [name, p] of Object.entries(ps)) {
      if (!Object.hasOwn(o, name)) {
        if (subset) continue;
        fail(key(path, name), 'missing');
      }
      out[name] = numbers(o[name], key(path, name), p.values.length, element);
    }
    return out;
  };

  const f = object(data, '');
  if (f.format !== GOLDEN_FORMAT) fail('format', `expected ${JSON.stringify(GOLDEN_FORMAT)}, received ${brief(f.format)}`);
  if (!kinds.includes(f.kind as (typeof kinds)[number])) fail('kind', `expected one of ${kinds.join(', ')}, received ${brief(f.kind)}`);
  const kind = f.kind as (typeof kinds)[number];
  for (const k of Object.keys(f)) if (!allowedKeys[kind].includes(k)) fail(key('', k), `unknown key for a ${kind} case`);
  if (typeof f.name !== 'string' || f.name === '') fail('name', `expected a non-empty string, received ${brief(f.name)}`);
  if (f.source !== undefined && typeof f.source !== 'string') fail('source', `expected a string, received ${brief(f.source)}`);
  const base = { format: GOLDEN_FORMAT, name: f.name as string, ...(f.source === undefined ? {} : { source: f.source as string }) };

  if (kind === 'optimizer') {
    if (!('config' in f)) fail('config', 'missing');
    const ps = params(f.params, 'params');
    if (!Array.isArray(f.steps) || f.steps.length === 0) fail('steps', `expected a non-empty array, received ${brief(f.steps)}`);
    const steps = (f.steps as unknown[]).map((raw, i): GoldenStep => {
      const at = `steps[${i}]`;
      const s = object(raw, at);
      for (const k of Object.keys(s)) if (!stepKeys.includes(k)) fail(key(at, k), 'unknown key');
      const step: GoldenStep = {
        grads: byParam(s.grads, `${at}.grads`, ps, { element: gradElement }),
        expected: byParam(s.expected, `${at}.expected`, ps),
      };
      if (s.learningRate !== undefined) step.learningRate = finite(s.learningRate, `${at}.learningRate`);
      if (s.penalty !== undefined) step.penalty = finite(s.penalty, `${at}.penalty`);
      if (s.metric !== undefined) step.metric = finite(s.metric, `${at}.metric`);
      if (s.gradNorm !== undefined) {
        step.gradNorm = finite(s.gradNorm, `${at}.gradNorm`);
        if (step.gradNorm < 0) fail(`${at}.gradNorm`, `expected ≥ 0, received ${step.gradNorm}`);
      }
      if (s.expectedAverage !== undefined) step.expectedAverage = byParam(s.expectedAverage, `${at}.expectedAverage`, ps, { subset: true });
      if (s.skipped !== undefined) {
        if (typeof s.skipped !== 'boolean') fail(`${at}.skipped`, `expected true or false, received ${brief(s.skipped)}`);
        step.skipped = s.skipped as boolean;
        const onUpdate = step.skipped ? updateOnlyKeys.find((k) => k in s) : undefined;
        if (onUpdate !== undefined) fail(key(at, onUpdate), 'only an update carries it, and this step is skipped');
      }
      return step;
    });
    const fixture: OptimizerFixture = {
      ...base,
      kind,
      config: f.config,
      params: ps,
      steps,
      tolerance: tolerance(f.tolerance, 'tolerance'),
    };
    if (f.referenceTolerance !== undefined) fixture.referenceTolerance = tolerance(f.referenceTolerance, 'referenceTolerance');
    return fixture;
  }
  if (kind === 'schedule') {
    if (!('schedule' in f)) fail('schedule', 'missing');
    const values = numbers(f.values, 'values');
    if (values.length === 0) fail('values', 'expected at least one value');
    const fixture: ScheduleFixture = { ...base, kind, schedule: f.schedule, values, tolerance: tolerance(f.tolerance, 'tolerance') };
    return fixture;
  }
  if (!('config' in f)) fail('config', 'missing');
  if (typeof f.errorPath !== 'string') fail('errorPath', `expected a string, received ${brief(f.errorPath)}`);
  const fixture: InvalidConfigFixture = { ...base, kind, config: f.config, errorPath: f.errorPath as string };
  if (f.params !== undefined) fixture.params = params(f.params, 'params');
  return fixture;
}
