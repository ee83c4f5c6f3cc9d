import { WeightDecayError } from '@weight-decay/core';

import { tfjsKinds, type BackendOptions } from './backends/backend-registry.js';

/** What `pnpm golden` was asked to do. */
export interface CliOptions {
  /** Folder of fixtures; undefined means the committed ones. */
  fixtures?: string;
  /** Backend name (validated by the registry). Default `reference`. */
  backend: string;
  /** Options passed to the backend. */
  backendOptions: BackendOptions;
  /** Case names or `*` patterns not to run (reported as SKIP). */
  skips: string[];
  /** Print the usage and exit. */
  help: boolean;
}

/** A command-line argument is missing, unknown or malformed. */
export class CliUsageError extends WeightDecayError {
  /** @param message - what is wrong with the arguments. */
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The usage text. */
export const usage = `Usage: pnpm golden [--fixtures DIR] [--backend reference|core-float32|tfjs|tfjs-wrapper|onnxruntime]
                   [--tfjs-backend cpu|wasm] [--skip NAME_OR_PATTERN]...

Replays every *.json golden case under DIR (default: the committed fixtures of
@weight-decay/golden) on one backend, prints one line per case and ends with
"N passed, N failed". A relative DIR is resolved against the folder pnpm was
started from (INIT_CWD; the workspace root for "pnpm golden"). Exits 1 when a
case fails; 2 on a usage error, an unknown or unavailable backend, or a folder
with no case. tfjs-wrapper runs withWeightDecay around tf.train.sgd, momentum
or adam and reports cases those cannot express as SKIP, with the reason.`;

/**
 * Parses `pnpm golden` arguments (`--name value` or `--name=value`; a bare `--` is ignored).
 *
 * @param argv - the arguments after the script name.
 * @throws CliUsageError naming the bad argument.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { backend: 'reference', backendOptions: {}, skips: [], help: false };
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--fixtures':
        options.fixtures = takeValue();
        break;
      case '--backend':
        options.backend = takeValue();
        break;
      case '--tfjs-backend': {
        const kind = takeValue();
        if (!(tfjsKinds as readonly string[]).includes(kind)) {
          throw new CliUsageError(`--tfjs-backend: expected one of ${tfjsKinds.join(', ')}, received ${JSON.stringify(kind)}`);
        }
        options.backendOptions.tfjsBackend = kind as (typeof tfjsKinds)[number];
        break;
      }
      case '--skip':
        options.skips.push(takeValue());
        break;
      default:
        throw new CliUsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return options;
}
