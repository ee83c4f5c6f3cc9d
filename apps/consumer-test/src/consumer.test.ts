import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject, publishedPackages } from './consumer-project.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let project = '';
beforeAll(() => {
  project = createConsumerProject();
});
afterAll(() => {
  if (project !== '') rmSync(dirname(project), { recursive: true, force: true });
});

/** Runs `node script` in the project and checks it printed `expected` and exited 0 (stderr holds tfjs's banner). */
function expectScript(script: string, expected: string): void {
  const result = spawnSync(process.execPath, [script], { cwd: project, encoding: 'utf8' });
  expect({ status: result.status, stdout: result.stdout }, result.stderr).toEqual({ status: 0, stdout: expected });
}

/** Every file under `folder`, as paths relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(join(folder, file)).isFile());
}

const installed = (name: string): string => join(project, 'node_modules', '@weight-decay', name);

describe('the packed packages, installed with npm into an empty project', () => {
  it('are installed once each, from the tarballs', () => {
    for (const name of publishedPackages) {
      const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      // pnpm pack rewrote workspace:* into the version, so npm could resolve it to the core tarball.
      expect(Object.values(manifest.dependencies ?? {}).some((range) => range.startsWith('workspace:'))).toBe(false);
      expect(existsSync(join(installed(name), 'node_modules'))).toBe(false);
    }
  });

  it('work through ESM import', () => {
    expectScript('smoke.mjs', 'esm ok\n');
  });

  it('work through CommonJS require', () => {
    expectScript('smoke.cjs', 'cjs ok\n');
  });

  it('each hold the MIT LICENSE and no test files', () => {
    for (const name of publishedPackages) {
      expect(readFileSync(join(installed(name), 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 the weight-decay authors');
      const files = filesUnder(installed(name));
      expect(files.filter((file) => /\.test\.|__fixtures__|test-util/.test(file))).toEqual([]);
    }
  });

  it('ship every source file their source maps name', () => {
    for (const name of publishedPackages) {
      const maps = filesUnder(installed(name)).filter((file) => file.endsWith('.map'));
      expect(maps.length).toBeGreaterThan(0);
      const missing = maps.flatMap((map) => {
        const { sources } = JSON.parse(readFileSync(join(installed(name), map), 'utf8')) as { sources: string[] };
        const folder = dirname(join(installed(name), map));
        return sources.filter((source) => !existsSync(resolve(folder, source))).map((source) => `${map} → ${source}`);
      });
      expect(missing).toEqual([]);
    }
  });
});

/** Runs tsc on one of the project's tsconfig files; returns its exit code and `file(line,col): error` lines. */
function typecheck(tsconfig: string): { status: number | null; errors: string[] } {
  const result = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], { cwd: project, encoding: 'utf8' });
  return { status: result.status, errors: result.stdout.split('\n').filter((line) => /error TS\d+/.test(line)) };
}

describe("a user's TypeScript", () => {
  it('typechecks with node16 resolution, as an ES module and as CommonJS', () => {
    expect(typecheck('tsconfig.node16.json')).toEqual({ status: 0, errors: [] });
  });

  it('typechecks with bundler resolution', () => {
    expect(typecheck('tsconfig.bundler.json')).toEqual({ status: 0, errors: [] });
  });

  it('does not compile with config mistakes, and the errors point at exactly those lines', () => {
    const source = readFileSync(join(project, 'config-mistakes.mts'), 'utf8').split('\n');
    const marked = source.flatMap((line, i) => (line.includes('// mistake:') ? [i + 1] : []));
    expect(marked).toHaveLength(5);
    const { status, errors } = typecheck('tsconfig.mistakes.json');
    expect(status).not.toBe(0);
    const lines = errors.map((error) => {
      const match = /^(.+?)\((\d+),\d+\): error/.exec(error);
      expect(match?.[1], error).toBe('config-mistakes.mts');
      return Number(match?.[2]);
    });
    expect(
      [...new Set(lines)].sort((a, b) => a - b),
      errors.join('\n'),
    ).toEqual(marked);
  });
});
