import { ConfigError, ParameterError } from '../config/index.js';
import type { ResolvedConfig, ResolvedDecayTerm, ResolvedParameterGroup, ResolvedParameterSelection } from '../config/index.js';
import { matchGlob } from './match-glob.js';

/** A trainable parameter as the updater sees it: its backend name and its shape. */
export interface ParameterSpec {
  /** The backend's parameter name, e.g. `dense/kernel`. */
  name: string;
  /** Tensor shape; the rank is `shape.length`. */
  shape: readonly number[];
}

/** Which parameters one decay term touches. */
export interface TermPlan {
  /** Position of the term in `config.decay`. */
  index: number;
  /** The resolved term. */
  term: ResolvedDecayTerm;
  /** Names of the parameters the term touches, in the order of the given specs. */
  parameters: string[];
  /** Include patterns, exclude patterns and explicit names that matched no parameter. */
  unmatched: string[];
}

/** Which parameters belong to one entry of `groups` (config 1.1). */
export interface GroupPlan {
  /** Position of the group in `config.groups`. */
  index: number;
  /** The resolved group. */
  group: ResolvedParameterGroup;
  /** Names of the parameters in this group (the first group that selects a parameter wins), in the order of the given specs. */
  parameters: string[];
  /** Include patterns, exclude patterns and explicit names that matched no parameter. */
  unmatched: string[];
}

/** Which parameters every decay term touches, computed before any update. */
export interface DecayPlan {
  /** One entry per term, in config order. */
  terms: TermPlan[];
  /** One entry per group, in config order, when the config has `groups`; a parameter in none runs the top-level optimizer. */
  groups?: GroupPlan[];
  /** With `groups`: the parameters no group selects, which run the top-level optimizer. */
  ungrouped?: string[];
  /** Human-readable notes about patterns that matched nothing (never silence, docs/guides/decay-contract.md). */
  warnings: string[];
}

/** Options of {@link planDecay}. */
export interface PlanDecayOptions {
  /**
   * What an include pattern or explicit name that matches nothing does:
   * `'error'` (default) throws a ConfigError naming it; `'warn'` adds a warning.
   * Exclude patterns that match nothing always only warn: excluding something
   * absent cannot change what is decayed.
   */
  unmatched?: 'error' | 'warn';
}

/**
 * Decides which parameters each decay term touches and, for a config with
 * `groups`, which group each parameter belongs to (the first whose selection
 * matches it; docs/guides/config-1.1.md).
 *
 * A term selects the parameters that match any `include` pattern, have rank
 * ≥ `minRank`, and match no `exclude` pattern; then every name in `names` is
 * added as given (explicit names bypass `exclude` and `minRank`: naming a
 * parameter is the strongest statement of intent). An include pattern counts
 * as matched when it matches a name, even if `minRank` or `exclude` then drop it.
 *
 * @param config - A resolved config, or just its resolved decay terms.
 * @param params - The model's trainable parameters.
 * @param options - How to treat patterns and names that match nothing.
 * @returns The plan: per term the names it touches, per group its parameters, plus warnings.
 * @throws ConfigError with path `decay[i].params.include[j]` or `decay[i].params.names[j]`
 *   (`groups[i].params…` for a group)
 *   for an unmatched include pattern or name (in `'error'` mode).
 * @throws ParameterError for a duplicate parameter name.
 */
export function planDecay(
  config: ResolvedConfig | ResolvedDecayTerm[],
  params: readonly ParameterSpec[],
  options: PlanDecayOptions = {},
): DecayPlan {
  const terms = Array.isArray(config) ? config : config.decay;
  const strict = (options.unmatched ?? 'error') === 'error';
  const known = new Set<string>();
  for (const spec of params) {
    if (known.has(spec.name)) throw new ParameterError(spec.name, 'appears twice in the parameter list');
    known.add(spec.name);
  }
  const warnings: string[] = [];
  const planned = terms.map((term, index): TermPlan => {
    const { parameters, unmatched } = selectParameters(term.params, `decay[${index}]`, params, known, strict, warnings);
    return { index, term, parameters, unmatched };
  });
  if (Array.isArray(config) || config.groups === undefined) return { terms: planned, warnings };
  const groups = planGroups(config.groups, params, known, strict, warnings);
  const grouped = new Set(groups.flatMap((group) => group.parameters));
  const ungrouped = params.filter((spec) => !grouped.has(spec.name)).map((spec) => spec.name);
  return { terms: planned, groups, ungrouped, warnings };
}

/**
 * Assigns each parameter to the first group whose selection matches it;
 * a group's unmatched patterns and names are reported as a term's are.
 */
function planGroups(
  groups: readonly ResolvedParameterGroup[],
  params: readonly ParameterSpec[],
  known: ReadonlySet<string>,
  strict: boolean,
  warnings: string[],
): GroupPlan[] {
  const taken = new Set<string>();
  return groups.map((group, index): GroupPlan => {
    const { parameters, unmatched } = selectParameters(group.params, `groups[${index}]`, params, known, strict, warnings);
    const own = parameters.filter((name) => !taken.has(name));
    for (const name of own) taken.add(name);
    if (own.length === 0 && parameters.length > 0) {
      warnings.push(`groups[${index}]: every parameter it selects belongs to an earlier group, so the group changes nothing`);
    }
    return { index, group, parameters: own, unmatched };
  });
}

/** The parameters one selection (a decay term's or a group's, at `owner`) picks, warning or throwing on what matches nothing. */
function selectParameters(
  selection: ResolvedParameterSelection,
  owner: string,
  params: readonly ParameterSpec[],
  known: ReadonlySet<string>,
  strict: boolean,
  warnings: string[],
): { parameters: string[]; unmatched: string[] } {
  const base = `${owner}.params`;
  const unmatched: string[] = [];
  const chosen = new Set<string>();
  const included = matching(selection.include, params, (pattern, j) => {
    unmatched.push(pattern);
    const path = `${base}.include[${j}]`;
    if (strict) throw new ConfigError(path, 'a pattern matching at least one parameter', pattern);
    warnings.push(`${path}: include pattern ${JSON.stringify(pattern)} matched no parameter`);
  });
  const excluded = matching(selection.exclude, params, (pattern, j) => {
    unmatched.push(pattern);
    warnings.push(`${base}.exclude[${j}]: exclude pattern ${JSON.stringify(pattern)} matched no parameter`);
  });
  for (const spec of params) {
    if (included.has(spec.name) && !excluded.has(spec.name) && spec.shape.length >= selection.minRank) {
      chosen.add(spec.name);
    }
  }
  (selection.names ?? []).forEach((name, j) => {
    if (known.has(name)) {
      chosen.add(name);
      return;
    }
    unmatched.push(name);
    const path = `${base}.names[${j}]`;
    if (strict) throw new ConfigError(path, 'the name of a parameter of the model', name);
    warnings.push(`${path}: name ${JSON.stringify(name)} is not a parameter of the model`);
  });
  // Patterns that each match something can still leave a selection with nothing (e.g. minRank 2 on
  // a model of biases): say so, since a selection of nothing is as silent as a missed pattern.
  if (chosen.size === 0 && unmatched.length === 0 && params.length > 0) {
    warnings.push(`${owner}: selects no parameter (every match was dropped by exclude or minRank ${selection.minRank})`);
  }
  return { parameters: params.filter((spec) => chosen.has(spec.name)).map((spec) => spec.name), unmatched };
}

/** The names some pattern matches; `onMiss` hears each pattern that matches none. */
function matching(
  patterns: readonly string[],
  params: readonly ParameterSpec[],
  onMiss: (pattern: string, index: number) => void,
): Set<string> {
  const names = new Set<string>();
  patterns.forEach((pattern, j) => {
    let hit = false;
    for (const spec of params) {
      if (matchGlob(pattern, spec.name)) {
        hit = true;
        names.add(spec.name);
      }
    }
    if (!hit) onMiss(pattern, j);
  });
  return names;
}
