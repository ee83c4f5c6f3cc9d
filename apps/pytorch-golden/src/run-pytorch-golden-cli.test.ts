import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitPytorchModule } from '@weight-decay/core';
import { goldenFixturesDir } from '@weight-decay/golden';
import { weightDecayBin } from './emit-module.js';
import { runPytorchGoldenCli } from './run-pytorch-golden-cli.js';

function torchMissing(): string | undefined {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return '/usr/bin/python3 cannot import torch (Debian: apt-get install python3-torch)';
  }
}
const missing = process.env.CI ? undefined : torchMissing();

const dir = mkdtempSync(join(tmpdir(), 'wd-pytorch-golden-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return runPytorchGoldenCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, dir).then((code) => ({ code, out, err }));
}

describe('pnpm golden-pytorch', () => {
  it('prints what emitPytorchModule returns when run as the weight-decay bin', () => {
    const config = { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 }, decay: [{ type: 'l2', rate: 1e-4 }] };
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    const printed = execFileSync(process.execPath, [weightDecayBin(), 'to-pytorch', file], { encoding: 'utf8' });
    expect(printed).toBe(emitPytorchModule(config));
  });

  it('exits 2 on an unknown flag and on a folder without cases', async () => {
    expect((await run(['--nope'])).code).toBe(2);
    mkdirSync(join(dir, 'empty'));
    const empty = await run(['--fixtures', 'empty']);
    expect(empty.code).toBe(2);
    expect(empty.err.join('\n')).toContain('no *.json golden case');
  });

  it.skipIf(missing !== undefined)(
    `replays a held-out folder and fails a case that is off by 1e-7 ${missing ? `(skipped: ${missing})` : ''}`,
    async () => {
      const held = join(dir, 'held-out');
      mkdirSync(held);
      const original = JSON.parse(readFileSync(join(goldenFixturesDir, 'adamw', 'adamw-amsgrad.json'), 'utf8'));
      writeFileSync(join(held, 'good.json'), JSON.stringify({ ...original, name: 'held-out-good' }));
      // One expected number moved by 1e-7 relative: far outside rtol 1e-9, well inside float32 noise.
      const bad = structuredClone(original);
      const [name] = Object.keys(bad.steps[0].expected);
      const values: number[] = bad.steps[0].expected[name];
      const largest = values.reduce((best, x, i) => (Math.abs(x) > Math.abs(values[best]!) ? i : best), 0);
      values[largest] *= 1 + 1e-7;
      writeFileSync(join(held, 'bad.json'), JSON.stringify({ ...bad, name: 'held-out-bad' }));
      const result = await run(['--fixtures', 'held-out']);
      expect(result.out.at(-1)).toBe('1 passed, 1 failed');
      expect(result.out.join('\n')).toMatch(/FAIL held-out-bad/);
      expect(result.code).toBe(1);
    },
  );
});
