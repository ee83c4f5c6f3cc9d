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
export const decayScalings: readonly DecayScaling[] = ['learning-rate', 'relative', 'none'];

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
  decoupled: ['rate', 'scaling', 'cautious', 'params'],
  anchor: ['rate', 'scaling', 'cautious', 'params'],
} as const satisfies Record<(typeof decayTermTypes)[number], readonly string[]>;

function explainTermKey(type: string, key: string): string | undefined {
  if (key === 'cautious') return `no "cautious" on an "${type}" term (only decoupled and anchor terms have it)`;
  if (key === 'scaling' && type === 'l2') return 'no "scaling" on an l2 term (it is coupled: λ·θ is added to the gradient)';
  if (key === 'method' && type !== 'l1') return `no "method" on a "${type}" term (only l1 has it)`;
  return undefined;
}

function resolveTerm(sink: IssueSink, input: unknown, path: string): ResolvedDecayTerm | undefined {
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  const type = checkOneOf(sink, object.type, decayTermTypes, childPath(path, 'type'));
  if (type === undefined) return undefined;
  const before = sink.issues.length;
  const allowed = ['type', ...termKeys[type]];
  checkKnownKeys(sink, object, allowed, path, (key) => explainTermKey(type, key));
  const rate: ResolvedScalarOrSchedule | undefined = resolveWithSink(sink, object.rate, childPath(path, 'rate'));
  const scalingOf = (): DecayScaling | undefined =>
    object.scaling === undefined ? 'learning-rate' : checkOneOf(sink, object.scaling, decayScalings, childPath(path, 'scaling'));
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
      term = { type, rate, scaling: scalingOf(), cautious: cautiousOf() };
      break;
  }
  term.params = resolveSelection(sink, object.params, childPath(path, 'params'));
  if (sink.issues.length !== before || Object.values(term).some((v) => v === undefined)) return undefined;
  return term as unknown as ResolvedDecayTerm;
}

/** Resolves with a given sink (shared with the config resolver). Internal. */
export function resolveTermsWithSink(sink: IssueSink, input: unknown, path: string): ResolvedDecayTerm[] | undefined {
  return checkArray(sink, input, path, 'an array of decay terms', (item, itemPath) => resolveTerm(sink, item, itemPath));
}

/**
 * Validates decay terms and writes out every default (method, scaling,
 * cautious, params). Idempotent.
 *
 * @param input - an array of decay terms (docs/guides/config-reference.md).
 * @param path - where `input` sits, for error paths; default `'decay'`.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `decay[1].rate`).
 */
export function resolveDecayTerms(input: unknown, path = 'decay'): ResolvedDecayTerm[] {
  return resolveTermsWithSink(new IssueSink(true), input, path) as ResolvedDecayTerm[];
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
    const fields = termKeys[type].map((key) => ({ key, ...fieldSchemas[key] }));
    defs[`decay-${type}`] = objectSchema({ type: { const: type } }, ['type'], fields);
  }
  return defs;
}
