/**
 * Validation and resolution of the `decay` terms and their parameter selections.
 *
 * @packageDocumentation
 */
import {
  IssueSink,
  checkArray,
  checkBoolean,
  checkKnownKeys,
  checkNumber,
  checkObject,
  checkOneOf,
  childPath,
  oneOfSchema,
  rangeSchema,
  ranges,
  type JsonSchema,
} from './config-checks.js';
import type { DecayScaling, ResolvedDecayTerm, ResolvedParameterSelection, ResolvedScalarOrSchedule } from './config-types.js';
import { objectSchema, resolveWithSink, scalarOrScheduleRef } from './resolve-schedule.js';

/** The `type` names of every decay term. */
export const decayTermTypes = ['l2', 'l1', 'decoupled', 'anchor'] as const;

/** The scaling names (docs/guides/decay-contract.md). */
export const decayScalings: readonly DecayScaling[] = ['learning-rate', 'relative', 'none', 'corrected'];

const l1Methods = ['subgradient', 'proximal'] as const;

/** The keys of a parameter selection. Internal (exported for the type test). */
export const selectionKeys = ['include', 'exclude', 'minRank', 'names'] as const;

function checkNames(sink: IssueSink, value: unknown, path: string, what: string): string[] | undefined {
  return checkArray(sink, value, path, `an array of ${what}`, (item, itemPath) =>
    typeof item === 'string' && item.length > 0 ? item : sink.report(itemPath, 'a non-empty string', item),
  );
}

/**
 * Resolves a parameter selection. `include` defaults to `["**"]` (every
 * parameter), except when `names` is given: then it defaults to `[]`, so
 * `{ names: ["a"] }` means exactly "a" rather than "everything, and also a".
 * Internal (shared with the `groups` resolver).
 */
export function resolveSelection(sink: IssueSink, input: unknown, path: string): ResolvedParameterSelection | undefined {
  if (input === undefined) return { include: ['**'], exclude: [], minRank: 0 };
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  const keysBefore = sink.issues.length;
  checkKnownKeys(sink, object, selectionKeys, path);
  let ok = sink.issues.length === keysBefore;
  const names = object.names === undefined ? undefined : checkNames(sink, object.names, childPath(path, 'names'), 'parameter names');
  if (object.names !== undefined && names === undefined) ok = false;
  const include =
    object.include === undefined
      ? object.names === undefined
        ? ['**']
        : []
      : checkNames(sink, object.include, childPath(path, 'include'), 'glob patterns');
  const exclude = object.exclude === undefined ? [] : checkNames(sink, object.exclude, childPath(path, 'exclude'), 'glob patterns');
  const minRank =
    object.minRank === undefined ? 0 : checkNumber(sink, object.minRank, ranges.nonNegativeInteger, childPath(path, 'minRank'));
  if (include === undefined || exclude === undefined || minRank === undefined || !ok) {
    return undefined;
  }
  // A selection that can match nothing would silently disable the term.
  if (include.length === 0 && (names === undefined || names.length === 0)) {
    return names === undefined
      ? sink.report(childPath(path, 'include'), 'at least one glob pattern (or give names)', object.include)
      : sink.report(childPath(path, 'names'), 'at least one parameter name (or give include patterns)', object.names);
  }
  const resolved: ResolvedParameterSelection = { include, exclude, minRank };
  if (names !== undefined) resolved.names = names;
  return resolved;
}

/** The keys each term type allows besides `type`, in the order they are written out. Internal (exported for the type test). */
export const termKeys = {
  l2: ['rate', 'params'],
  // l1 allows `scaling` here so that a subgradient term's scaling is reported with its reason.
  l1: ['method', 'rate', 'scaling', 'params'],
  decoupled: ['rate', 'timescale', 'scaling', 'cautious', 'params'],
  anchor: ['rate', 'timescale', 'scaling', 'cautious', 'params'],
} as const satisfies Record<(typeof decayTermTypes)[number], readonly string[]>;

function explainTermKey(type: string, key: string): string | undefined {
  if (key === 'timescale') return `no "timescale" on an "${type}" term (only decoupled and anchor terms have it; give a rate)`;
  if (key === 'cautious') return `no "cautious" on an "${type}" term (only decoupled and anchor terms have it)`;
  if (key === 'scaling' && type === 'l2') return 'no "scaling" on an l2 term (it is coupled: λ·θ is added to the gradient)';
  if (key === 'method' && type !== 'l1') return `no "method" on a "${type}" term (only l1 has it)`;
  return undefined;
}

/**
 * The rate of a decoupled or anchor term: its `rate`, or the one its
 * `timescale` τ resolves to (config 1.1): λ = 1/(η_peak·τ) when s_t carries
 * η_t (`learning-rate`, `corrected`), 1/τ otherwise (docs/guides/config-1.1.md).
 */
function rateOrTimescale(
  sink: IssueSink,
  object: Record<string, unknown>,
  path: string,
  scaling: DecayScaling | undefined,
  context: TermContext,
): ResolvedScalarOrSchedule | undefined {
  const { peakLearningRate } = context;
  if ((object.rate === undefined) === (object.timescale === undefined)) {
    // A version-1 document has no timescale: there the missing field is simply `rate`.
    if (object.rate === undefined && context.version === 1) return sink.report(childPath(path, 'rate'), 'a rate', undefined);
    const which = object.rate === undefined ? 'a "rate" or a "timescale"' : 'a "rate" or a "timescale", not both';
    return sink.report(path, `a decay term with ${which}`, object);
  }
  if (object.timescale === undefined) return resolveWithSink(sink, object.rate, childPath(path, 'rate'));
  const timescalePath = childPath(path, 'timescale');
  const tau = checkNumber(sink, object.timescale, ranges.positive, timescalePath);
  if (tau === undefined || scaling === undefined || Number.isNaN(peakLearningRate)) return undefined;
  const carriesLearningRate = scaling === 'learning-rate' || scaling === 'corrected';
  if (carriesLearningRate && peakLearningRate === undefined) {
    return sink.report(timescalePath, 'a "rate" here (a timescale resolves against the top-level learning rate, unknown here)', tau);
  }
  const rate = carriesLearningRate ? 1 / ((peakLearningRate as number) * tau) : 1 / tau;
  if (!Number.isFinite(rate)) {
    return sink.report(timescalePath, `a timescale whose rate is finite (the learning rate's peak is ${peakLearningRate})`, tau);
  }
  return rate;
}

/** What resolving a term needs from the rest of the config. Internal. */
export interface TermContext {
  /** η_peak of the top-level learning rate, for `timescale`; NaN when the learning rate was already reported invalid. */
  peakLearningRate?: number;
  /** The document's declared `version`, if any. */
  version?: unknown;
}

function resolveTerm(sink: IssueSink, input: unknown, path: string, context: TermContext): ResolvedDecayTerm | undefined {
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  const type = checkOneOf(sink, object.type, decayTermTypes, childPath(path, 'type'));
  if (type === undefined) return undefined;
  const before = sink.issues.length;
  const allowed = ['type', ...termKeys[type]];
  checkKnownKeys(sink, object, allowed, path, (key) => explainTermKey(type, key));
  const scalingOf = (): DecayScaling | undefined =>
    object.scaling === undefined ? 'learning-rate' : checkOneOf(sink, object.scaling, decayScalings, childPath(path, 'scaling'));
  const decoupledScaling = type === 'decoupled' || type === 'anchor' ? scalingOf() : undefined;
  const rate: ResolvedScalarOrSchedule | undefined =
    type === 'decoupled' || type === 'anchor'
      ? rateOrTimescale(sink, object, path, decoupledScaling, context)
      : resolveWithSink(sink, object.rate, childPath(path, 'rate'));
  const cautiousOf = (): boolean | undefined =>
    object.cautious === undefined ? false : checkBoolean(sink, object.cautious, childPath(path, 'cautious'));

  let term: Record<string, unknown> | undefined;
  switch (type) {
    case 'l2':
      term = { type, rate };
      break;
    case 'l1': {
      const method = object.method === undefined ? 'subgradient' : checkOneOf(sink, object.method, l1Methods, childPath(path, 'method'));
      if (method === 'proximal') {
        term = { type, method, rate, scaling: scalingOf() };
      } else {
        term = { type, method, rate };
        if (method === 'subgradient' && object.scaling !== undefined) {
          sink.report(
            childPath(path, 'scaling'),
            'no "scaling" on a subgradient l1 term (it is coupled: λ·sign(θ) is added to the gradient; use method "proximal")',
            object.scaling,
          );
        }
      }
      break;
    }
    case 'decoupled':
    case 'anchor':
      term = { type, rate, scaling: decoupledScaling, cautious: cautiousOf() };
      break;
  }
  term.params = resolveSelection(sink, object.params, childPath(path, 'params'));
  if (sink.issues.length !== before || Object.values(term).some((v) => v === undefined)) return undefined;
  return term as unknown as ResolvedDecayTerm;
}

/** Resolves with a given sink (shared with the config resolver). Internal. */
export function resolveTermsWithSink(
  sink: IssueSink,
  input: unknown,
  path: string,
  context: TermContext = {},
): ResolvedDecayTerm[] | undefined {
  return checkArray(sink, input, path, 'an array of decay terms', (item, itemPath) => resolveTerm(sink, item, itemPath, context));
}

/**
 * Validates decay terms and writes out every default (method, scaling,
 * cautious, params). Idempotent.
 *
 * @param input - an array of decay terms (docs/guides/config-reference.md).
 * @param path - where `input` sits, for error paths; default `'decay'`.
 * @param peakLearningRate - η_peak of the learning rate, which a `timescale` resolves against (config 1.1); without it a
 *   timescale with `learning-rate` or `corrected` scaling is refused.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `decay[1].rate`).
 */
export function resolveDecayTerms(input: unknown, path = 'decay', peakLearningRate?: number): ResolvedDecayTerm[] {
  return resolveTermsWithSink(new IssueSink(true), input, path, { peakLearningRate }) as ResolvedDecayTerm[];
}

/**
 * One JSON Schema definition per decay term type and one for the parameter
 * selection, from the same key lists and ranges the resolver checks with.
 * Internal: assembled by config-json-schema.ts. Rules across fields (a
 * subgradient l1 term takes no `scaling`; a selection must be able to match
 * something) are checked at run time only.
 */
export function decayTermSchemaDefs(): Record<string, JsonSchema> {
  const names = (what: string): JsonSchema => ({ type: 'array', items: { type: 'string', minLength: 1 }, description: what });
  const fieldSchemas: Record<string, { schema: JsonSchema; fallback?: unknown }> = {
    rate: { schema: scalarOrScheduleRef },
    timescale: { schema: { ...rangeSchema(ranges.positive), description: 'the EMA timescale τ in updates, instead of rate' } },
    params: { schema: { $ref: '#/$defs/parameterSelection' }, fallback: { include: ['**'], exclude: [], minRank: 0 } },
    method: { schema: oneOfSchema(l1Methods), fallback: 'subgradient' },
    scaling: { schema: oneOfSchema(decayScalings), fallback: 'learning-rate' },
    cautious: { schema: { type: 'boolean' }, fallback: false },
  };
  const defs: Record<string, JsonSchema> = {
    decayTerm: { oneOf: decayTermTypes.map((type) => ({ $ref: `#/$defs/decay-${type}` })) },
    // `fallback: undefined` marks `names` optional with no default (it has none: absent means "by pattern").
    parameterSelection: objectSchema(
      {},
      [],
      [
        { key: 'include', schema: names('glob patterns over parameter names'), fallback: ['**'] },
        { key: 'exclude', schema: names('glob patterns over parameter names'), fallback: [] },
        { key: 'minRank', schema: rangeSchema(ranges.nonNegativeInteger), fallback: 0 },
        { key: 'names', schema: names('explicit parameter names'), fallback: undefined },
      ],
    ),
  };
  for (const type of decayTermTypes) {
    const keys: readonly string[] = termKeys[type];
    if (!keys.includes('timescale')) {
      defs[`decay-${type}`] = objectSchema(
        { type: { const: type } },
        ['type'],
        keys.map((key) => ({ key, ...fieldSchemas[key] })),
      );
      continue;
    }
    // Exactly one of rate and timescale: both optional as fields, the pair required by oneOf.
    const fields = keys.map((key) => ({
      key,
      ...fieldSchemas[key],
      ...(key === 'rate' || key === 'timescale' ? { fallback: undefined } : {}),
    }));
    const schema = objectSchema({ type: { const: type } }, ['type'], fields);
    defs[`decay-${type}`] = { ...schema, oneOf: ['rate', 'timescale'].map((key) => ({ properties: { [key]: true }, required: [key] })) };
  }
  return defs;
}
