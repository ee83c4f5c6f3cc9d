/**
 * The config entry points: {@link resolveConfig}, {@link validateConfig}, {@link isResolvedConfig}.
 *
 * @packageDocumentation
 */
import { schedulePeak } from '../schedules/schedule-peak.js';
import { IssueSink, checkKnownKeys, checkObject, childPath, indexPath, isPlainObject } from './config-checks.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import type { ResolvedConfig, ResolvedDecayTerm, WeightDecayConfig } from './config-types.js';
import { configVersions, versionNeeded } from './config-version.js';
import { decayTermTypes, resolveTermsWithSink } from './resolve-decay-terms.js';
import { resolveGroupsWithSink } from './resolve-groups.js';
import { resolveGradientWithSink } from './resolve-gradient.js';
import { optimizerTypes, resolveOptimizerWithSink } from './resolve-optimizer.js';
import { averageTypes, resolveAverageWithSink } from './resolve-average.js';

/** The config's top-level keys. `$schema` points an editor at config.schema.json; the resolver ignores it. Internal (exported for the type test). */
export const configKeys = ['$schema', 'version', 'optimizer', 'decay', 'groups', 'average', 'gradient'] as const;

function resolveConfigWithSink(sink: IssueSink, input: unknown): ResolvedConfig | undefined {
  const object = checkObject(sink, input, '', 'a config object');
  if (object === undefined) return undefined;
  const before = sink.issues.length;
  checkKnownKeys(sink, object, configKeys, '');
  if (object.version !== undefined && !(configVersions as readonly unknown[]).includes(object.version)) {
    sink.report('version', configVersions.join(' or '), object.version);
  }
  if (object.$schema !== undefined && typeof object.$schema !== 'string')
    sink.report('$schema', 'a string (the schema URL or path)', object.$schema);
  const optimizer = resolveOptimizerWithSink(sink, object.optimizer, 'optimizer');
  // A timescale resolves against η_peak; NaN when the optimizer was already reported invalid.
  const peak = optimizer === undefined ? Number.NaN : schedulePeak(optimizer.learningRate);
  const decay =
    object.decay === undefined
      ? []
      : resolveTermsWithSink(sink, object.decay, 'decay', {
          peakLearningRate: peak,
          version: object.version,
        });
  const groups = object.groups === undefined ? undefined : resolveGroupsWithSink(sink, object.groups, 'groups', optimizer);
  const average = object.average === undefined ? undefined : resolveAverageWithSink(sink, object.average, 'average');
  const gradient = object.gradient === undefined ? undefined : resolveGradientWithSink(sink, object.gradient, 'gradient');
  if (sink.issues.length !== before || optimizer === undefined || decay === undefined) return undefined;
  if (object.groups !== undefined && groups === undefined) return undefined;
  checkRelativeScaling(sink, optimizer.learningRate, decay);
  if (sink.issues.length !== before) return undefined;
  const resolved: Omit<ResolvedConfig, 'version'> = {
    optimizer,
    decay,
    ...(groups === undefined ? {} : { groups }),
    ...(average === undefined ? {} : { average }),
    ...(gradient === undefined ? {} : { gradient }),
  };
  return { version: versionNeeded(resolved), ...resolved };
}

/** `relative` and `corrected` scaling divide by η_peak, which must then be finite and > 0. */
function checkRelativeScaling(
  sink: IssueSink,
  learningRate: ResolvedConfig['optimizer']['learningRate'],
  decay: readonly ResolvedDecayTerm[],
): void {
  const uses = decay.findIndex((term) => 'scaling' in term && (term.scaling === 'relative' || term.scaling === 'corrected'));
  if (uses < 0) return;
  const peak = schedulePeak(learningRate);
  if (Number.isFinite(peak) && peak > 0) return;
  const scaling = (decay[uses] as { scaling: string }).scaling;
  sink.report(
    childPath(indexPath('decay', uses), 'scaling'),
    `"learning-rate" or "none": "${scaling}" divides by the learning rate's peak, which is ${peak}`,
    scaling,
  );
}

/**
 * Validates a config and writes out every default (docs/guides/decay-contract.md), so a saved
 * config never depends on a library's defaults. A bare-number learning rate or
 * rate stays a number. Idempotent: `resolveConfig(resolveConfig(x))` deep-equals
 * `resolveConfig(x)`, and the result survives a JSON round trip unchanged.
 *
 * @param input - a config as parsed from JSON (docs/guides/config-reference.md).
 * @returns a fresh object; `input` is never modified.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `decay[1].rate`) and how many other problems there are.
 */
export function resolveConfig(input: WeightDecayConfig): ResolvedConfig {
  try {
    return resolveConfigWithSink(new IssueSink(true), input) as ResolvedConfig;
  } catch (error) {
    // Only on failure: count the rest, so the message says whether fixing this field is enough.
    if (error instanceof ConfigError) {
      const others = validateConfig(input).length - 1;
      if (others > 0) throw new ConfigError(error.path, error.expected, error.received, others);
    }
    throw error;
  }
}

/**
 * Lists every problem of a config, without throwing.
 *
 * @param input - a config as parsed from JSON (docs/guides/config-reference.md).
 * @returns every issue found (`[]` when the config is valid). Checks that need
 *   several fields (e.g. nesterov with momentum) run only once those fields are valid.
 */
export function validateConfig(input: unknown): ConfigIssue[] {
  const sink = new IssueSink(false);
  resolveConfigWithSink(sink, input);
  return sink.issues;
}

/**
 * A cheap structural check that `x` looks like the output of
 * {@link resolveConfig} (version, optimizer type, every term's params written
 * out). It does not re-validate ranges; call {@link resolveConfig} for that.
 *
 * @param x - any value.
 */
export function isResolvedConfig(x: unknown): x is ResolvedConfig {
  if (!isPlainObject(x) || !(configVersions as readonly unknown[]).includes(x.version) || !Array.isArray(x.decay)) return false;
  if (x.groups !== undefined && !Array.isArray(x.groups)) return false;
  const optimizer = x.optimizer;
  if (!isPlainObject(optimizer) || !(optimizerTypes as readonly unknown[]).includes(optimizer.type)) return false;
  if (optimizer.learningRate === undefined) return false;
  if (x.average !== undefined && !(isPlainObject(x.average) && (averageTypes as readonly unknown[]).includes(x.average.type))) return false;
  return x.decay.every((term: unknown) => {
    if (!isPlainObject(term) || !(decayTermTypes as readonly unknown[]).includes(term.type)) return false;
    if (term.rate === undefined || !isPlainObject(term.params)) return false;
    const params = term.params;
    if (!Array.isArray(params.include) || !Array.isArray(params.exclude) || typeof params.minRank !== 'number') return false;
    if (term.type === 'l1' && term.method !== 'subgradient' && term.method !== 'proximal') return false;
    if ((term.type === 'decoupled' || term.type === 'anchor') && typeof term.cautious !== 'boolean') return false;
    if ((term.type === 'decoupled' || term.type === 'anchor' || term.method === 'proximal') && typeof term.scaling !== 'string') {
      return false;
    }
    return true;
  });
}
