import { describe, expect, it } from 'vitest';
import { defaultOptions, parseFlags } from './cli-flags.js';
import { FlagError } from './lab-errors.js';

function flagError(argv: string[]): FlagError {
  try {
    parseFlags(argv, '/work');
  } catch (error) {
    if (error instanceof FlagError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to fail`);
}

describe('parseFlags', () => {
  it('returns the defaults for no flags', () => {
    expect(parseFlags([], '/work')).toEqual(defaultOptions);
  });

  it('reads both --flag value and --flag=value, ignoring a bare --', () => {
    const options = parseFlags(
      ['--', '--backend', 'tfjs', '--tfjs-backend=cpu', '--epochs', '3', '--seed=7', '--out', 'rep', '--config', 'c.json', '--train-size', '200', '--rates', '0,0.1,1'],
      '/work',
    );
    expect(options).toMatchObject({
      backend: 'tfjs',
      tfjsBackend: 'cpu',
      epochs: 3,
      seed: 7,
      out: '/work/rep',
      config: '/work/c.json',
      trainSize: 200,
      rates: [0, 0.1, 1],
    });
  });

  it('recognises --help and -h', () => {
    expect(parseFlags(['--help']).help).toBe(true);
    expect(parseFlags(['-h']).help).toBe(true);
  });

  it.each([
    [['--bogus'], '--bogus', /unknown flag/],
    [['--epochs'], '--epochs', /missing its value/],
    [['--epochs', '--seed', '1'], '--epochs', /missing its value/],
    [['--epochs', '0'], '--epochs', /integer from 1 to 1000, received "0"/],
    [['--epochs', '2.5'], '--epochs', /integer/],
    [['--seed', '-1'], '--seed', /integer/],
    [['--backend', 'pytorch'], '--backend', /one of tfjs, onnxruntime, received "pytorch"/],
    [['--experiment', 'everything'], '--experiment', /one of default, compare, sweep, all/],
    [['--tfjs-backend', 'wasm'], '--tfjs-backend', /only applies with --backend tfjs/],
    [['--rates', '0.1'], '--rates', /at least two/],
    [['--rates', '0,-1'], '--rates', /≥ 0/],
    [['--rates', '0,,1'], '--rates', /rates/],
    [['--batch-size', '500', '--train-size', '100'], '--batch-size', /larger than --train-size/],
    [['stray'], 'stray', /unexpected argument/],
    [['--out='], '--out', /folder path/],
  ])('rejects %j naming %s', (argv, flag, message) => {
    const error = flagError(argv);
    expect(error.flag).toBe(flag);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${flag}: `)).toBe(true);
    expect(error.message).not.toContain('\n');
  });
});
