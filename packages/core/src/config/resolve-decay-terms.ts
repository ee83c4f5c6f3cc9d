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
  ranges,
} from './config-checks.js';
import type {
  DecayScaling,
  ResolvedDecayTerm,
  ResolvedParameterSelection,
  ResolvedScalarOrSchedule,
} from './config-types.js';
import { resolveWithSink } from './resolve-schedule.js';

/** The `type` names of every decay term. */
export const decayTermTypes = ['l2', 'l1', 'decoupled', 'anchor'] as const;

/** The scaling names (semantics.md). */
export const decayScalings: readonly DecayScaling[] = ['learning-rate', 'relative', 'none'];

const l1Methods = ['subgradient', 'proximal'] as const;

const selectionKeys = ['include', 'exclude', 'minRank', 'names'] as const;

function checkNames(sink: IssueSink, value: unknown, path: string, what: string): string[] | undefined {
  return checkArray(sink, value, path, `an array of ${what}`, (item, itemPath) =>
    typeof item === 'string' && item.length > 0 ? item : sink.report(itemPath, 'a non-empty string', item),
  );
}

/**
 * Resolves a parameter selection. `include` defaults to `["**"]` (every
 * parameter), except when `names` is given: then it defaults to `[]`, so
 * `{ names: ["a"] }` means exactly "a" rather than "everything, and also a".
 */
function resolveSelection(sink: IssueSink, input: unknown, path: string): ResolvedParameterSelection | undefined {
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
  const exclude =
    object.exclude === undefined ? [] : checkNames(sink, object.exclude, childPath(path, 'exclude'), 'glob patterns');
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
  // l1 allows `scaling` here so that a subgradient term's scaling is reported below with its reason.
  const allowed = type === 'l2' ? ['type', 'rate', 'params'] : type === 'l1' ? ['type', 'method', 'rate', 'scaling', 'params'] : ['type', 'rate', 'scaling', 'cautious', 'params'];
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
 * @param input - an array of decay terms (config.md).
 * @param path - where `input` sits, for error paths; default `'decay'`.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `decay[1].rate`).
 */
export function resolveDecayTerms(input: unknown, path = 'decay'): ResolvedDecayTerm[] {
  return resolveTermsWithSink(new IssueSink(true), input, path) as ResolvedDecayTerm[];
}
