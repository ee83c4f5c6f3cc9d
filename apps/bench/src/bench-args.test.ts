import { describe, expect, it } from 'vitest';
import { parseBenchArgs, sections } from './bench-args.js';

describe('parseBenchArgs', () => {
  it('runs every section by default, 11 runs after 3 warm-ups', () => {
    const args = parseBenchArgs([]);
    expect([...args.only]).toEqual([...sections]);
    expect(args.runs).toBe(11);
    expect(args.warmup).toBe(3);
  });

  it('takes --only, --runs and --warmup, and skips the -- pnpm passes through', () => {
    const args = parseBenchArgs(['--', '--only', 'kernel,memory', '--runs', '5', '--warmup', '0']);
    expect([...args.only]).toEqual(['kernel', 'memory']);
    expect(args.runs).toBe(5);
    expect(args.warmup).toBe(0);
  });

  it.each([
    [['--only', 'kernels'], /--only: unknown section kernels/],
    [['--runs', '0'], /--runs: expected a whole number, got 0/],
    [['--warmup', '1.5'], /--warmup: expected a whole number, got 1.5/],
    [['--runs'], /unknown or incomplete flag --runs/],
    [['--fast'], /unknown or incomplete flag --fast/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
