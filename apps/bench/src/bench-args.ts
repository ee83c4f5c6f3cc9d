/** The bench's sections, in the order they run. */
export const sections = ['kernel', 'tfjs', 'webgl', 'onnxruntime', 'memory'] as const;
export type Section = (typeof sections)[number];

export interface BenchArgs {
  only: Set<Section>;
  runs: number;
  warmup: number;
}

/** Parses `--only a,b`, `--runs N`, `--warmup N`; anything else is an error. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { only: new Set(sections), runs: 11, warmup: 3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--') continue;
    if (flag === '--only' && value !== undefined) {
      const chosen = value.split(',');
      const unknown = chosen.filter((s) => !(sections as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${sections.join(', ')})`);
      args.only = new Set(chosen as Section[]);
      i++;
    } else if ((flag === '--runs' || flag === '--warmup') && value !== undefined) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (flag === '--runs' ? 1 : 0)) throw new Error(`${flag}: expected a whole number, got ${value}`);
      args[flag === '--runs' ? 'runs' : 'warmup'] = n;
      i++;
    } else {
      throw new Error(`unknown or incomplete flag ${flag} (flags: --only ${sections.join(',')} --runs N --warmup N)`);
    }
  }
  return args;
}
