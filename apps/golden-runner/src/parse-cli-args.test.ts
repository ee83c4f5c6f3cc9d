import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './parse-cli-args.js';

function usageErrorOf(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return (error as CliUsageError).message;
  }
  return expect.unreachable(`no CliUsageError for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('defaults to the reference backend, the committed fixtures, no skips', () => {
    expect(parseCliArgs([])).toEqual({ backend: 'reference', backendOptions: {}, skips: [], help: false });
  });
  it('reads --name value and --name=value, repeated --skip in order, and ignores a bare --', () => {
    expect(parseCliArgs(['--', '--fixtures', 'cases', '--backend=tfjs', '--tfjs-backend', 'wasm', '--skip', 'a*', '--skip=b'])).toEqual({
      fixtures: 'cases',
      backend: 'tfjs',
      backendOptions: { tfjsBackend: 'wasm' },
      skips: ['a*', 'b'],
      help: false,
    });
  });
  it('reads --help and -h', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-h']).help).toBe(true);
  });
  it.each([
    [['--fixtures'], '--fixtures needs a value'],
    [['--fixtures', '--backend', 'tfjs'], '--fixtures needs a value'],
    [['--backend='], '--backend needs a value'],
    [['--verbose'], 'unknown argument "--verbose"'],
    [['--verbose=1'], 'unknown argument "--verbose=1"'],
    [['-x'], 'unknown argument "-x"'],
    [['cases'], 'unknown argument "cases"'],
    [['--help=yes'], '--help takes no value'],
    [['--tfjs-backend', 'webgl'], '--tfjs-backend: expected one of cpu, wasm, received "webgl"'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(usageErrorOf(argv)).toBe(message);
  });
});
