/**
 * Reading portable configs from JSON files, writing them back, and deriving
 * the configs of a rate sweep.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '@weight-decay/core';
import { ConfigError, parseConfig } from '@weight-decay/core';
import { LabInputError } from './lab-errors.js';
import type { RunSpec } from './run-experiment.js';

/** The folder of committed configs (`apps/lab/configs`), found from this module's location (src/ or dist/). */
export const configsFolder = fileURLToPath(new URL('../configs/', import.meta.url));

/** Where the committed configs point editors for validation, relative to {@link configsFolder}. */
export const configSchemaReference = '../../../packages/core/config.schema.json';

/**
 * A config error raised while reading a file: the message names the file and
 * the config path (`configs/l2.json: decay[0].rate: expected …`).
 */
export class ConfigFileError extends ConfigError {
  /** The file that holds the bad config. */
  readonly file: string;

  /**
   * @param file - the config file.
   * @param cause - core's error, whose path/expected/received are kept.
   */
  constructor(file: string, cause: ConfigError) {
    super(cause.path, cause.expected, cause.received);
    this.message = `${file}: ${cause.message}`;
    this.name = 'ConfigError';
    this.file = file;
  }
}

/** Reads and resolves one config file; the label is the file name without `.json`. */
export function loadConfigFile(file: string): RunSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabInputError(file, code === 'ENOENT' ? 'no such config file' : `cannot read it (${code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LabInputError(file, `not valid JSON (${(error as Error).message})`);
  }
  let config: ResolvedConfig;
  try {
    config = parseConfig(json);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigFileError(file, error);
    throw error;
  }
  return { label: basename(file).replace(/\.json$/i, ''), config, source: file };
}

/** Loads a config by file name from {@link configsFolder}. */
export function loadBuiltInConfig(name: string): RunSpec {
  const spec = loadConfigFile(join(configsFolder, name));
  return { ...spec, source: `configs/${name}` };
}

/** A config as the JSON text of a file, with a `$schema` line pointing at `schema` (relative to the file). */
export function configFileText(config: ResolvedConfig, schema: string): string {
  return `${JSON.stringify({ $schema: schema, ...config }, null, 2)}\n`;
}

/** A copy of `config` whose decay term `termIndex` has the constant rate `rate` (validated again by core). */
export function withDecayRate(config: ResolvedConfig, termIndex: number, rate: number): ResolvedConfig {
  if (!(termIndex >= 0 && termIndex < config.decay.length)) {
    throw new ConfigError(`decay[${termIndex}]`, 'a decay term whose rate the sweep can vary', undefined);
  }
  const copy = JSON.parse(JSON.stringify(config)) as { decay: { rate: unknown }[] };
  copy.decay[termIndex].rate = rate;
  return parseConfig(copy);
}
