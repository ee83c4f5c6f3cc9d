import { parseArgs } from 'node:util';

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

const optionSpecs = {
  fixtures: { type: 'string' },
  backend: { type: 'string' },
  'tfjs-backend': { type: 'string' },
  skip: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type ArgToken = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * Throws the usage error of the first bad token. parseArgs runs non-strict so
 * that these checks, not its own messages, name the argument; a value that
 * starts with `--`, or an empty one, is a forgotten value.
 */
function checkTokens(tokens: readonly ArgToken[]): void {
  for (const token of tokens) {
    if (token.kind === 'positional') throw new CliUsageError(`unknown argument ${JSON.stringify(token.value)}`);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(optionSpecs, token.name) ? optionSpecs[token.name as keyof typeof optionSpecs] : undefined;
    if (spec === undefined) {
      throw new CliUsageError(`unknown argument ${JSON.stringify(token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName)}`);
    }
    if (
      spec.type === 'string' &&
      (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('--')))
    ) {
      throw new CliUsageError(`${token.rawName} needs a value`);
    }
    if (spec.type === 'boolean' && token.value !== undefined) throw new CliUsageError(`${token.rawName} takes no value`);
  }
}

/**
 * Parses `pnpm golden` arguments (`--name value` or `--name=value`; a bare `--` is ignored).
 *
 * @param argv - the arguments after the script name.
 * @throws CliUsageError naming the bad argument.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values, tokens } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: optionSpecs,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  checkTokens(tokens);
  const options: CliOptions = {
    fixtures: values.fixtures as string | undefined,
    backend: (values.backend as string | undefined) ?? 'reference',
    backendOptions: {},
    skips: (values.skip as string[] | undefined) ?? [],
    help: values.help === true,
  };
  const kind = values['tfjs-backend'] as string | undefined;
  if (kind !== undefined) {
    if (!(tfjsKinds as readonly string[]).includes(kind)) {
      throw new CliUsageError(`--tfjs-backend: expected one of ${tfjsKinds.join(', ')}, received ${JSON.stringify(kind)}`);
    }
    options.backendOptions.tfjsBackend = kind as (typeof tfjsKinds)[number];
  }
  return options;
}
