import { parseArgs } from 'node:util';

/** The bench's sections, in the order they run. */
export const sections = ['kernel', 'gradient', 'average', 'tfjs', 'webgl', 'onnxruntime', 'memory'] as const;
export type Section = (typeof sections)[number];

export interface BenchArgs {
  only: Set<Section>;
  runs: number;
  warmup: number;
}

const usage = `flags: --only ${sections.join(',')} --runs N --warmup N`;

function wholeNumber(flag: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < minimum) throw new Error(`${flag}: expected a whole number, got ${value}`);
  return n;
}

/** Parses `--only a,b`, `--runs N`, `--warmup N` (node:util parseArgs); anything else is an error. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values: { only?: string; runs?: string; warmup?: string };
  try {
    // pnpm passes a `--` through; parseArgs would read everything after it as positionals.
    ({ values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: { only: { type: 'string' }, runs: { type: 'string' }, warmup: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const flag = /'(-[^' ]*)/.exec(error instanceof Error ? error.message : '')?.[1] ?? String(error);
    throw new Error(`unknown or incomplete flag ${flag} (${usage})`);
  }
  let only = new Set<Section>(sections);
  if (values.only !== undefined) {
    const chosen = values.only.split(',');
    const unknown = chosen.filter((s) => !(sections as readonly string[]).includes(s));
    if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${sections.join(', ')})`);
    only = new Set(chosen as Section[]);
  }
  return { only, runs: wholeNumber('--runs', values.runs, 11, 1), warmup: wholeNumber('--warmup', values.warmup, 3, 0) };
}
