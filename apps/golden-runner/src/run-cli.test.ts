import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { goldenFixturesDir } from '@weight-decay/golden';
import { afterEach, describe, expect, it } from 'vitest';

import { runCli } from './run-cli.js';

async function run(argv: string[], env = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out, err };
}

describe('pnpm golden (runCli)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'wd-golden-runner-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('replays a folder of cases it has never seen, and fails the deliberately wrong one', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'nested'));
    copyFileSync(join(goldenFixturesDir, 'adamw', 'adamw-lr0.01-wd0.1.json'), join(d, 'a.json'));
    copyFileSync(join(goldenFixturesDir, 'schedules', 'schedule-one-cycle-defaults.json'), join(d, 'nested', 'b.json'));
    copyFileSync(join(goldenFixturesDir, 'invalid-config', 'invalid-negative-rate.json'), join(d, 'c.json'));
    // A copy of a real case with one expected number moved by 1e-6: far outside 1e-12 + 1e-9·|e|.
    const wrong = JSON.parse(readFileSync(join(goldenFixturesDir, 'sgd', 'sgd-nesterov-l2.json'), 'utf8'));
    wrong.name = 'user-reported-wrong';
    wrong.steps[2].expected['dense/kernel'][1] += 1e-6;
    writeFileSync(join(d, 'nested', 'wrong.json'), JSON.stringify(wrong));

    const { code, out } = await run(['--fixtures', d, '--backend', 'reference']);
    expect(code).toBe(1);
    expect(out.at(-1)).toBe('3 passed, 1 failed');
    expect(out.filter((l) => l.startsWith('PASS '))).toHaveLength(3);
    const failLine = out.find((l) => l.startsWith('FAIL '));
    expect(failLine).toMatch(/^FAIL user-reported-wrong {2}steps\[2\]\.expected\["dense\/kernel"\]\[1\]: /);
  });

  it('exits 0 when every case passes, and reports --skip as SKIP', async () => {
    const d = tempDir();
    copyFileSync(join(goldenFixturesDir, 'cautious', 'cautious-adamw.json'), join(d, 'x.json'));
    copyFileSync(join(goldenFixturesDir, 'l1', 'l1-proximal-adam.json'), join(d, 'y.json'));
    const { code, out } = await run([`--fixtures=${d}`, '--', '--skip', 'l1-*']);
    expect(code).toBe(0);
    expect(out).toContain('SKIP l1-proximal-adam  skipped with --skip');
    expect(out.slice(-2)).toEqual(['1 skipped', '1 passed, 0 failed']);
  });

  it('reports the cases tfjs-wrapper cannot express as SKIP with its reason, and runs the rest', async () => {
    const d = tempDir();
    copyFileSync(join(goldenFixturesDir, 'sgd', 'sgd-nesterov-l2.json'), join(d, 'a.json'));
    copyFileSync(join(goldenFixturesDir, 'rmsprop', 'rmsprop-l2.json'), join(d, 'b.json'));
    const { code, out } = await run(['--fixtures', d, '--backend', 'tfjs-wrapper']);
    expect(code).toBe(0);
    expect(out.find((l) => l.startsWith('SKIP '))).toMatch(/^SKIP rmsprop-l2 {2}tf\.train\.rmsprop is not PyTorch's RMSprop/);
    expect(out.slice(-2)).toEqual(['1 skipped', '1 passed, 0 failed']);
  }, 60_000); // loads tfjs

  it('resolves a relative --fixtures against the given working folder', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'cases'));
    copyFileSync(join(goldenFixturesDir, 'adam', 'adam-l2.json'), join(d, 'cases', 'a.json'));
    const { code, out } = await run(['--fixtures', 'cases'], { cwd: d });
    expect(code).toBe(0);
    expect(out.at(-1)).toBe('1 passed, 0 failed');
  });

  it('exits non-zero on an empty folder and on a missing one', async () => {
    const empty = await run(['--fixtures', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.err[0]).toMatch(/^error: no \*\.json golden case under /);
    const missing = await run(['--fixtures', join(tmpdir(), 'wd-golden-runner-missing')]);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/not a readable folder/);
  });

  it('exits non-zero, naming the file, on a fixture that is not golden-format v1', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ format: 'weight-decay-golden/1', kind: 'schedule', name: 'x', values: [1] }));
    const { code, err } = await run(['--fixtures', d]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/bad\.json: schedule: missing/);
  });

  it('exits non-zero on an unknown backend and on bad arguments', async () => {
    const unknown = await run(['--backend', 'jax']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toBe('error: unknown backend "jax" (expected one of reference, core-float32, tfjs, tfjs-wrapper, onnxruntime)');
    expect((await run(['--tfjs-backend', 'webgl'])).code).toBe(2);
    expect((await run(['--fixtures'])).code).toBe(2);
    expect((await run(['--verbose'])).code).toBe(2);
  });

  it('reports a backend whose module cannot load as unavailable, and exits non-zero', async () => {
    const { code, err } = await run(['--backend', 'onnxruntime'], {
      importModule: () => Promise.reject(new Error('Cannot find module onnxruntime-node')),
    });
    expect(code).toBe(2);
    expect(err[0]).toBe('error: backend onnxruntime unavailable: Cannot find module onnxruntime-node');
  });
});
