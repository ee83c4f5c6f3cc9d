import type { ResolvedConfig } from './config-types.js';
import { isReduceOnPlateau } from './resolve-plateau.js';

/** The config versions a reader accepts; 1.1 only adds fields (docs/guides/config-1.1.md). */
export const configVersions = [1, 1.1] as const;

/** A config version. */
export type ConfigVersion = (typeof configVersions)[number];

/** Optimizer types that config 1.1 added. */
const optimizerTypesSince11: readonly string[] = ['adamax', 'nadam', 'radam', 'adadelta', 'lion'];

/**
 * The version a resolved config writes: 1.1 only when it uses something 1.1
 * added, so a version-1 config still resolves to a document every 1.0 reader
 * accepts.
 *
 * @param config - the resolved config without its version.
 */
export function versionNeeded(config: Omit<ResolvedConfig, 'version'>): ConfigVersion {
  if (optimizerTypesSince11.includes(config.optimizer.type)) return 1.1;
  if (config.groups !== undefined) return 1.1;
  if (isReduceOnPlateau(config.optimizer.learningRate)) return 1.1;
  if (config.decay.some((term) => 'scaling' in term && term.scaling === 'corrected')) return 1.1;
  if (config.average !== undefined) return 1.1;
  if (config.gradient !== undefined) return 1.1;
  return 1;
}
