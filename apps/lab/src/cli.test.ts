import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const labFolder = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'lab-cli-'));

/** Runs the CLI from source (tsx) and returns its exit status and output. */
function lab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // Run from the lab's folder so `--import tsx` resolves; paths passed in are absolute.
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', cwd: labFolder });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli', { timeout: 60_000 }, () => {
  it('prints the usage for --help', () => {
    const { status, stdout } = lab('--help');
    expect(status).toBe(0);
    expect(stdout).toContain('Usage:');
    for (const flag of ['--backend', '--tfjs-backend', '--config', '--full', '--epochs', '--seeds', '--out', '--train-size', '--help']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], 'lab: FlagError: --bogus: unknown flag (see --help)'],
    [['--epochs', 'many'], 'lab: FlagError: --epochs: expected an integer from 1 to 1000, received "many"'],
    [['--config', join(folder, 'missing.json')], `lab: LabInputError: ${join(folder, 'missing.json')}: no such config file`],
  ])('%j → one line on stderr, exit 2, no stack', (args, line) => {
    const { status, stdout, stderr } = lab(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${line}\n`);
  });

  it('names the file and the config path of a bad config', () => {
    const file = join(folder, 'bad.json');
    writeFileSync(file, JSON.stringify({ optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'l2', rate: 'big' }] }));
    const { status, stderr } = lab('--config', file);
    expect(status).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^lab: ConfigError: .*bad\.json: decay\[0\]\.rate: expected /);
  });
});
