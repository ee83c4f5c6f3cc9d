import type { ResolvedConfig, WeightDecayConfig } from './config-types.js';
import { resolveConfig } from './resolve-config.js';

/**
 * {@link resolveConfig} for a value whose shape is not known at compile time,
 * e.g. a config read from a JSON file or a checkpoint. Every field is checked
 * at run time either way; only the parameter's compile-time type differs.
 *
 * @example
 * ```ts
 * const config = parseConfig(JSON.parse(readFileSync('adamw.json', 'utf8')));
 * ```
 *
 * @param json - any value, typically a `JSON.parse` result.
 * @returns a fresh object with every default written out.
 * @throws {@link ConfigError} at the first problem, naming its path (e.g. `decay[1].rate`).
 */
export function parseConfig(json: unknown): ResolvedConfig {
  return resolveConfig(json as WeightDecayConfig);
}
