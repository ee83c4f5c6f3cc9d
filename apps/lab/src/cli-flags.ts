/**
 * Command-line flags of the lab, parsed strictly: an unknown flag, a missing
 * value or a bad value is a {@link FlagError} naming the flag, never a guess.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlagError } from './lab-errors.js';

/** Which experiments to run. */
export type ExperimentName = 'default' | 'compare' | 'sweep' | 'all';

/** Everything the flags decide. */
export interface LabOptions {
  /** `tfjs` or `onnxruntime`. */
  backend: 'tfjs' | 'onnxruntime';
  /** tfjs backend when `backend` is `tfjs`. */
  tfjsBackend: 'cpu' | 'wasm';
  /** Run only this config file (absolute path), instead of the committed comparison. */
  config?: string;
  /** Which experiments run. */
  experiment: ExperimentName;
  /** Epochs per run. */
  epochs: number;
  /** Seed for the split, initial weights, batch order and random search. */
  seed: number;
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
  /** Sweep search: a log grid or log-uniform random draws. */
  search: 'grid' | 'random';
  /** Explicit sweep rates (overrides the built-in grid). */
  rates?: number[];
  /** Print the usage text and exit. */
  help: boolean;
}

/** The report folder used without `--out`: `apps/lab/report`. */
export const defaultReportFolder = fileURLToPath(new URL('../report/', import.meta.url));

/** Defaults for every flag. */
export const defaultOptions: LabOptions = {
  backend: 'onnxruntime',
  tfjsBackend: 'wasm',
  experiment: 'default',
  epochs: 15,
  seed: 1,
  out: defaultReportFolder,
  trainSize: 1000,
  validationSize: 2000,
  testSize: 2000,
  batchSize: 50,
  search: 'grid',
  help: false,
};

/** The usage text for `--help`. */
export const usage = `Usage: node dist/cli.js [flags]   (from the repo root: pnpm demo -- [flags])

Trains a 784-256-256-10 MLP on a small MNIST split with several weight-decay
configs and writes a report (Markdown + SVG charts).

Flags:
  --backend <tfjs|onnxruntime>   framework that trains (default ${defaultOptions.backend})
  --tfjs-backend <cpu|wasm>      tfjs backend, with --backend tfjs (default ${defaultOptions.tfjsBackend})
  --experiment <name>            default  = method comparison + a short rate sweep
                                 compare  = none / l2 / decoupled / l1 proximal / l1 subgradient
                                 sweep    = decay-rate sweep, chosen by validation accuracy
                                 all      = comparison + a longer sweep
  --config <file.json>           run this portable config instead of the committed ones
                                 (with --experiment sweep: sweep its first decay term's rate)
  --search <grid|random>         sweep search (default grid)
  --rates <r1,r2,...>            sweep these rates instead of the built-in ones
  --epochs <n>                   epochs per run (default ${defaultOptions.epochs})
  --seed <n>                     seed for split, weights, batch order (default ${defaultOptions.seed})
  --train-size <n>               training samples (default ${defaultOptions.trainSize})
  --validation-size <n>          validation samples (default ${defaultOptions.validationSize})
  --test-size <n>                test samples (default ${defaultOptions.testSize})
  --batch-size <n>               samples per update (default ${defaultOptions.batchSize})
  --out <dir>                    report folder (default apps/lab/report)
  --help                         this text
`;

const valueFlags = new Set([
  '--backend',
  '--tfjs-backend',
  '--config',
  '--experiment',
  '--epochs',
  '--seed',
  '--out',
  '--train-size',
  '--validation-size',
  '--test-size',
  '--batch-size',
  '--search',
  '--rates',
]);

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

function rateList(flag: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const rates = parts.map((p) => (p === '' ? Number.NaN : Number(p)));
  const allValid = rates.every((rate) => Number.isFinite(rate) && rate >= 0);
  if (!allValid || parts.length < 2) {
    throw new FlagError(flag, `expected at least two comma-separated rates ≥ 0, received ${JSON.stringify(text)}`);
  }
  return rates;
}

/**
 * Parses argv (without `node` and the script). `--flag value` and
 * `--flag=value` both work; a bare `--` (as package managers forward it) is
 * ignored. `cwd` resolves relative paths.
 */
export function parseFlags(argv: readonly string[], cwd: string = process.cwd()): LabOptions {
  const options: LabOptions = { ...defaultOptions };
  let tfjsBackendGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') continue;
    if (token === '--help' || token === '-h') {
      options.help = true;
      continue;
    }
    if (!token.startsWith('--')) throw new FlagError(token, 'unexpected argument (flags start with --; see --help)');
    const eq = token.indexOf('=');
    const flag = eq === -1 ? token : token.slice(0, eq);
    if (!valueFlags.has(flag)) throw new FlagError(flag, 'unknown flag (see --help)');
    let value: string;
    if (eq !== -1) value = token.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new FlagError(flag, 'missing its value');
      value = next;
      i++;
    }
    switch (flag) {
      case '--backend':
        options.backend = oneOf(flag, value, ['tfjs', 'onnxruntime'] as const);
        break;
      case '--tfjs-backend':
        options.tfjsBackend = oneOf(flag, value, ['cpu', 'wasm'] as const);
        tfjsBackendGiven = true;
        break;
      case '--config':
        if (value.trim() === '') throw new FlagError(flag, 'expected a file path, received ""');
        options.config = resolve(cwd, value);
        break;
      case '--experiment':
        options.experiment = oneOf(flag, value, ['default', 'compare', 'sweep', 'all'] as const);
        break;
      case '--epochs':
        options.epochs = integer(flag, value, 1, 1000);
        break;
      case '--seed':
        options.seed = integer(flag, value, 0, 4294967295);
        break;
      case '--out':
        if (value.trim() === '') throw new FlagError(flag, 'expected a folder path, received ""');
        options.out = resolve(cwd, value);
        break;
      case '--train-size':
        options.trainSize = integer(flag, value, 10, 8000);
        break;
      case '--validation-size':
        options.validationSize = integer(flag, value, 10, 8000);
        break;
      case '--test-size':
        options.testSize = integer(flag, value, 10, 8000);
        break;
      case '--batch-size':
        options.batchSize = integer(flag, value, 1, 1000);
        break;
      case '--search':
        options.search = oneOf(flag, value, ['grid', 'random'] as const);
        break;
      case '--rates':
        options.rates = rateList(flag, value);
        break;
    }
  }
  if (tfjsBackendGiven && options.backend !== 'tfjs') {
    throw new FlagError('--tfjs-backend', 'only applies with --backend tfjs');
  }
  if (options.batchSize > options.trainSize) {
    throw new FlagError('--batch-size', `${options.batchSize} is larger than --train-size ${options.trainSize}`);
  }
  return options;
}
