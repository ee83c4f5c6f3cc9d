import { describe, expect, it } from 'vitest';
import { defaultOptions, parseFlags, usage } from './cli-flags.js';
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
      [
        '--',
        '--backend',
        'tfjs',
        '--tfjs-backend=cpu',
        '--epochs',
        '3',
        '--seeds=7',
        '--out',
        'rep',
        '--config',
        'c.json',
        '--train-size',
        '200',
        '--full',
        '--dropout',
        '0.5',
        '--batch-norm',
        '--split-seed',
        '4',
      ],
      '/work',
    );
    expect(options).toMatchObject({
      backend: 'tfjs',
      tfjsBackend: 'cpu',
      epochs: 3,
      seeds: 7,
      out: '/work/rep',
      config: '/work/c.json',
      trainSize: 200,
      full: true,
      dropout: 0.5,
      batchNorm: true,
      splitSeed: 4,
    });
  });

  it('recognises --help and -h', () => {
    expect(parseFlags(['--help']).help).toBe(true);
    expect(parseFlags(['-h']).help).toBe(true);
  });

  it('lists every flag once in the usage text', () => {
    for (const flag of [
      '--backend',
      '--tfjs-backend',
      '--full',
      '--seeds',
      '--epochs',
      '--config',
      '--dropout',
      '--batch-norm',
      '--split-seed',
      '--out',
      '--help',
    ]) {
      expect(usage.split(`  ${flag} `).length - 1, flag).toBe(1);
    }
  });

  it.each([
    [['--bogus'], '--bogus', /unknown flag/],
    [['--epochs'], '--epochs', /missing its value/],
    [['--epochs', '--seeds', '1'], '--epochs', /missing its value/],
    [['--full=yes'], '--full', /takes no value/],
    [['--epochs', '0'], '--epochs', /integer from 1 to 1000, received "0"/],
    [['--epochs', '2.5'], '--epochs', /integer/],
    [['--seeds', '-1'], '--seeds', /missing its value \(write --seeds=VALUE/],
    [['--seeds=-1'], '--seeds', /integer/],
    [['--seeds', '0'], '--seeds', /integer from 1 to 100/],
    [['--backend', 'pytorch'], '--backend', /one of tfjs, onnxruntime, received "pytorch"/],
    [['--tfjs-backend', 'wasm'], '--tfjs-backend', /only applies with --backend tfjs/],
    [['--dropout', '1.5', '--config', 'c.json'], '--dropout', /probability in \(0, 1\)/],
    [['--batch-norm'], '--batch-norm', /only applies with --config/],
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
