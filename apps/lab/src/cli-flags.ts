/**
 * Command-line flags of the lab, parsed strictly by `node:util` parseArgs:
 * an unknown flag, a missing value or a bad value is a {@link FlagError}
 * naming the flag, never a guess. Every flag is declared once, in
 * {@link flagTable}: its parseArgs type, its value check, its help line.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FlagError } from './lab-errors.js';

/** Everything the flags decide. */
export interface LabOptions {
  /** `tfjs` or `onnxruntime`. */
  backend: 'tfjs' | 'onnxruntime';
  /** tfjs backend when `backend` is `tfjs`. */
  tfjsBackend: 'cpu' | 'wasm';
  /** Run only this config file (absolute path) over the seeds, instead of the study. */
  config?: string;
  /** With `config`: inverted dropout on hidden activations. */
  dropout?: number;
  /** With `config`: batch normalisation after each hidden layer. */
  batchNorm: boolean;
  /** The complete study: more seeds, epochs and rates. */
  full: boolean;
  /** Seeds 1..seeds (initial weights, batch order, dropout masks); undefined: 3, or 10 with --full. */
  seeds?: number;
  /** Epochs per run; undefined: 8, or 20 with --full. */
  epochs?: number;
  /** Seed of the train / validation / test split. */
  splitSeed: number;
  /** Report folder (absolute path). */
  out: string;
  /** Training split size. */
  trainSize: number;
  /** Validation split size. */
  validationSize: number;
  /** Test split size. */
  testSize: number;
  /** Samples per update. */
  batchSize: number;
  /** Print the usage text and exit. */
  help: boolean;
}

/** The report folder used without `--out`: `apps/lab/report`. */
export const defaultReportFolder = fileURLToPath(new URL('../report/', import.meta.url));

/** Defaults for every flag. */
export const defaultOptions: LabOptions = {
  backend: 'onnxruntime',
  tfjsBackend: 'wasm',
  batchNorm: false,
  full: false,
  splitSeed: 1,
  out: defaultReportFolder,
  trainSize: 1000,
  validationSize: 2000,
  testSize: 2000,
  batchSize: 50,
  help: false,
};

/** The study's size without flags, and with `--full`. */
export const studySizes = {
  default: { seeds: 3, epochs: 8, gridPoints: 4, subgradient: false },
  full: { seeds: 10, epochs: 20, gridPoints: 7, subgradient: true },
} as const;

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new FlagError(flag, `expected an integer from ${min} to ${max}, received ${JSON.stringify(text)}`);
  }
  return value;
}

function oneOf<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new FlagError(flag, `expected one of ${choices.join(', ')}, received ${JSON.stringify(text)}`);
  }
  return text as T;
}

function path(flag: string, text: string, what: string, cwd: string): string {
  if (text.trim() === '') throw new FlagError(flag, `expected a ${what} path, received ""`);
  return resolve(cwd, text);
}

/** One flag: how its value is checked and stored (absent for a switch), and its help line. */
interface FlagSpec {
  /** `<value>` in the usage text; absent for a switch. */
  value?: string;
  /** What the flag does (with its default). */
  help: string;
  /** Checks the text and stores it; a switch gets "true". */
  apply(options: LabOptions, text: string, flag: string, cwd: string): void;
}

const flagTable: Record<string, FlagSpec> = {
  backend: {
    value: '<tfjs|onnxruntime>',
    help: `framework that trains (default ${defaultOptions.backend})`,
    apply: (o, t, f) => (o.backend = oneOf(f, t, ['tfjs', 'onnxruntime'] as const)),
  },
  'tfjs-backend': {
    value: '<cpu|wasm>',
    help: `tfjs backend, with --backend tfjs (default ${defaultOptions.tfjsBackend})`,
    apply: (o, t, f) => (o.tfjsBackend = oneOf(f, t, ['cpu', 'wasm'] as const)),
  },
  full: {
    help: `the complete study: ${studySizes.full.seeds} seeds, ${studySizes.full.epochs} epochs, ${studySizes.full.gridPoints}-point rate searches, L1 subgradient too`,
    apply: (o) => (o.full = true),
  },
  seeds: {
    value: '<n>',
    help: `seeds 1..n, each fixing initial weights and batch order (default ${studySizes.default.seeds}; ${studySizes.full.seeds} with --full)`,
    apply: (o, t, f) => (o.seeds = integer(f, t, 1, 100)),
  },
  epochs: {
    value: '<n>',
    help: `epochs per run (default ${studySizes.default.epochs}; ${studySizes.full.epochs} with --full)`,
    apply: (o, t, f) => (o.epochs = integer(f, t, 1, 1000)),
  },
  config: {
    value: '<file.json>',
    help: 'run only this portable config over the seeds (e.g. one the report lists)',
    apply: (o, t, f, cwd) => (o.config = path(f, t, 'file', cwd)),
  },
  dropout: {
    value: '<p>',
    help: 'with --config: dropout probability on hidden activations (tfjs only)',
    apply: (o, t, f) => {
      const p = Number(t);
      if (t.trim() === '' || !(p > 0 && p < 1)) throw new FlagError(f, `expected a probability in (0, 1), received ${JSON.stringify(t)}`);
      o.dropout = p;
    },
  },
  'batch-norm': { help: 'with --config: batch normalisation after each hidden layer (tfjs only)', apply: (o) => (o.batchNorm = true) },
  'split-seed': {
    value: '<n>',
    help: `seed of the train / validation / test split (default ${defaultOptions.splitSeed})`,
    apply: (o, t, f) => (o.splitSeed = integer(f, t, 0, 4294967295)),
  },
  'train-size': {
    value: '<n>',
    help: `training samples (default ${defaultOptions.trainSize})`,
    apply: (o, t, f) => (o.trainSize = integer(f, t, 10, 8000)),
  },
  'validation-size': {
    value: '<n>',
    help: `validation samples (default ${defaultOptions.validationSize})`,
    apply: (o, t, f) => (o.validationSize = integer(f, t, 10, 8000)),
  },
  'test-size': {
    value: '<n>',
    help: `test samples (default ${defaultOptions.testSize})`,
    apply: (o, t, f) => (o.testSize = integer(f, t, 10, 8000)),
  },
  'batch-size': {
    value: '<n>',
    help: `samples per update (default ${defaultOptions.batchSize})`,
    apply: (o, t, f) => (o.batchSize = integer(f, t, 1, 1000)),
  },
  out: { value: '<dir>', help: 'report folder (default apps/lab/report)', apply: (o, t, f, cwd) => (o.out = path(f, t, 'folder', cwd)) },
  help: { help: 'this text', apply: (o) => (o.help = true) },
};

/** The usage text for `--help`, from {@link flagTable}. */
export const usage = [
  'Usage: node dist/cli.js [flags]   (from the repo root: pnpm demo -- [flags])',
  '',
  'Checks eleven claims about weight decay on MNIST with a 784-256-256-10 MLP,',
  'over several seeds, and writes report.md, report.html, SVG charts and the',
  'configs of every run.',
  '',
  'Flags:',
  ...Object.entries(flagTable).map(([name, spec]) => `  ${`--${name}${spec.value ? ` ${spec.value}` : ''}`.padEnd(30)} ${spec.help}`),
  '',
].join('\n');

/** Turns parseArgs' own error into a one-line {@link FlagError} naming the flag. */
function flagErrorOf(error: unknown): FlagError {
  const { code, message } = error as { code?: string; message: string };
  const named = /'(-[^' ]+)/.exec(message)?.[1] ?? /'([^']+)'/.exec(message)?.[1] ?? '(flags)';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new FlagError(named, 'unknown flag (see --help)');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new FlagError(named, 'unexpected argument (flags start with --; see --help)');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new FlagError(named, 'takes no value');
      return /ambiguous/.test(message)
        ? new FlagError(named, `missing its value (write ${named}=VALUE for a value that starts with "-")`)
        : new FlagError(named, 'missing its value');
    default:
      return new FlagError(named, message.split('\n')[0]);
  }
}

/**
 * Parses argv (without `node` and the script). `--flag value` and
 * `--flag=value` both work; a bare `--` (as package managers forward it) is
 * ignored. `cwd` resolves relative paths.
 */
export function parseFlags(argv: readonly string[], cwd: string = process.cwd()): LabOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.filter((token) => token !== '--'),
      options: Object.fromEntries(
        Object.entries(flagTable).map(([name, spec]) => [
          name,
          { type: spec.value ? ('string' as const) : ('boolean' as const), ...(name === 'help' ? { short: 'h' } : {}) },
        ]),
      ),
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw flagErrorOf(error);
  }
  const options: LabOptions = { ...defaultOptions };
  const given = Object.entries(parsed.values);
  for (const [name, value] of given) flagTable[name].apply(options, String(value), `--${name}`, cwd);
  const has = (name: string): boolean => parsed.values[name] !== undefined;
  if (has('tfjs-backend') && options.backend !== 'tfjs') throw new FlagError('--tfjs-backend', 'only applies with --backend tfjs');
  for (const flag of ['dropout', 'batch-norm']) {
    if (has(flag) && options.config === undefined) throw new FlagError(`--${flag}`, 'only applies with --config');
  }
  if (options.batchSize > options.trainSize) {
    throw new FlagError('--batch-size', `${options.batchSize} is larger than --train-size ${options.trainSize}`);
  }
  return options;
}
