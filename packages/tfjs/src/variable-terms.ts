import { ConfigError, ParameterError, planDecay } from '@weight-decay/core';
import type { DecayPlan, ParameterSpec, ResolvedConfig, ResolvedDecayTerm } from '@weight-decay/core';
import { needsAnchor } from '@weight-decay/core/adapter';
import type { AppliedTerm } from '@weight-decay/core/adapter';

/** The decay terms that touch one variable. */
export interface VariableTerms {
  /** Every term touching it, in config order. */
  applied: AppliedTerm[];
  /** Whether an `anchor` term needs θ₀ for this variable. */
  needsAnchor: boolean;
  /** Its entry of the config's `groups` (the first that selects it), or -1 for the top-level optimizer. */
  group: number;
}

/**
 * Selects, per variable, the decay terms that touch it (core's `planDecay`),
 * cached by name and shape. tfjs meets variables one update at a time, so a
 * pattern that misses one variable says nothing: selection here runs in
 * 'warn' mode, and `plan(model.trainableWeights)` is the strict check.
 *
 * tfjs-layers appends `_<n>` to a weight name that already exists in the
 * process (a model loaded next to the one that saved it: `dense_Dense1/bias`
 * becomes `dense_Dense1/bias_1`). A term that does not select the name as is
 * is also tried on the name without that suffix, so `**\/bias` keeps
 * selecting the reloaded bias.
 */
export class TermSelector {
  private readonly cache = new Map<string, VariableTerms>();

  private reported = false;

  /** @param source - The resolved decay terms, or a resolved config (its terms and groups). */
  constructor(private readonly source: ResolvedConfig | readonly ResolvedDecayTerm[]) {}

  /**
   * At the first call with at least one variable, passes each of
   * {@link unmatchedWarnings} for those variables to `onWarning`; later calls do nothing.
   */
  reportUnmatchedOnce(variables: readonly { name: string; variable: { shape: number[] } }[], onWarning: (message: string) => void): void {
    if (this.reported || variables.length === 0) return;
    this.reported = true;
    const specs = variables.map((v) => ({ name: v.name, shape: v.variable.shape }));
    for (const warning of unmatchedWarnings(this.source, specs)) onWarning(warning);
  }

  /** The terms touching the variable `name` of shape `shape`. */
  select(name: string, shape: readonly number[]): VariableTerms {
    const key = `${name}\u0000${shape.join(',')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const plan = planOf(this.source, [{ name, shape: [...shape] }]);
    const base = withoutUniqueSuffix(name);
    const basePlan = base !== name ? planOf(this.source, [{ name: base, shape: [...shape] }]) : plan;
    const applied = plan.terms
      .filter((t, i) => t.parameters.length > 0 || basePlan.terms[i].parameters.length > 0)
      .map((t) => ({ index: t.index, term: t.term }));
    const group = (plan.groups ?? []).findIndex((g, i) => g.parameters.length > 0 || basePlan.groups![i].parameters.length > 0);
    const selected: VariableTerms = { applied, needsAnchor: needsAnchor(applied), group };
    this.cache.set(key, selected);
    return selected;
  }
}

/**
 * The plan's warnings (patterns or names matching nothing, terms selecting
 * nothing) over the variables of one update, each name also tried without
 * tfjs-layers' `_<n>` suffix; both optimizers report them at their first update.
 * The first update of `fit` sees every trainable weight, so a misspelled
 * pattern (`**\/bais`) is reported there instead of silently decaying the
 * wrong weights; `plan(model.trainableWeights)` remains the strict check.
 */
function planOf(source: ResolvedConfig | readonly ResolvedDecayTerm[], specs: ParameterSpec[]): DecayPlan {
  return planDecay(Array.isArray(source) ? [...source] : (source as ResolvedConfig), specs, { unmatched: 'warn' });
}

function unmatchedWarnings(source: ResolvedConfig | readonly ResolvedDecayTerm[], variables: readonly ParameterSpec[]): string[] {
  const specs = new Map<string, ParameterSpec>();
  for (const v of variables) {
    specs.set(v.name, v);
    const base = withoutUniqueSuffix(v.name);
    if (!specs.has(base)) specs.set(base, { name: base, shape: v.shape });
  }
  const { warnings } = planOf(source, [...specs.values()]);
  const count = `${variables.length} variable${variables.length === 1 ? '' : 's'}`;
  return warnings.map(
    (w) => `@weight-decay/tfjs: ${w} (among the ${count} of the first update; check with optimizer.plan(model.trainableWeights))`,
  );
}

/**
 * The `onWarning` option of either optimizer, checked; `console.warn` by default.
 *
 * @throws ConfigError with path `options.onWarning` when it is given and not a function.
 */
export function readOnWarning(onWarning: unknown): (message: string) => void {
  if (onWarning !== undefined && typeof onWarning !== 'function') {
    throw new ConfigError('options.onWarning', 'a function receiving a message', onWarning);
  }
  return (onWarning as ((message: string) => void) | undefined) ?? warnOnConsole;
}

/** The default `onWarning`: `console.warn` where there is a console (browsers, Node). */
function warnOnConsole(message: string): void {
  (globalThis as { console?: { warn(message: string): void } }).console?.warn(message);
}

/** A weight name without tfjs-layers' de-duplication suffix `_<n>`. */
export function withoutUniqueSuffix(name: string): string {
  return name.replace(/_\d+$/, '');
}

/** A parameter to plan for: a tf.Variable, a tfjs-layers LayerVariable (whose shape type allows null), or `{ name, shape }`. */
export interface PlannedParameter {
  /** The variable's name. */
  name: string;
  /** Its shape; every dimension must be known. */
  shape: readonly (number | null)[];
}

/** Copies `{ name, shape }` out of variables for core's planDecay. */
export function toParameterSpecs(parameters: readonly PlannedParameter[]): ParameterSpec[] {
  return parameters.map((p) => {
    if (p.shape.some((d) => d === null)) throw new ParameterError(p.name, `shape [${p.shape.join(', ')}] has an unknown dimension`);
    return { name: p.name, shape: p.shape as number[] };
  });
}
