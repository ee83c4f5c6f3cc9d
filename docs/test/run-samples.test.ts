/**
 * Executes every code sample of the guides and of the published packages'
 * READMEs (grammar in ./samples.ts). Programs are written into a temporary
 * folder inside the docs package, so `@weight-decay/*` resolve to the
 * workspace packages exactly as a user's code would, then run with
 * `node --import tsx` and type-checked with `tsc`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJsonSample, runProgram } from './check-samples.js';
import { extractSamples, sampleLabel, type Sample } from './samples.js';

const run = promisify(execFile);
const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(docsDir, '..');
const require = createRequire(join(docsDir, 'package.json'));

const guideFiles = [
  'README.md',
  'releasing.md',
  ...readdirSync(join(docsDir, 'guides'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `guides/${name}`),
].map((name) => join(docsDir, name));
const packageReadmes = [
  join(repoDir, 'README.md'),
  ...['core', 'tfjs', 'onnxruntime'].map((name) => join(repoDir, 'packages', name, 'README.md')),
];

// One folder per run, so two runs (turbo and an editor, say) never share files.
const workDir = join(docsDir, '.samples', `run-${process.pid}`);
const sampleTimeoutMs = 60_000;

function samplesOf(file: string): Sample[] {
  return extractSamples(readFileSync(file, 'utf8'), relative(repoDir, file));
}

function programPath(sample: Sample): string {
  const runtime = sample.directive.kind === 'run' ? sample.directive.runtime : 'ts';
  return join(workDir, `${sampleLabel(sample)}.${runtime === 'ts' ? 'mts' : 'mjs'}`);
}

const notRun: string[] = [];
// Started in beforeAll so tsc runs while the samples run; awaited by its own test.
let typeCheck: Promise<unknown> = Promise.resolve();

beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const file of [...guideFiles, ...packageReadmes]) {
    if (!existsSync(file)) continue;
    for (const sample of samplesOf(file)) {
      if (sample.directive.kind === 'run') writeFileSync(programPath(sample), sample.code);
    }
  }
  writeFileSync(
    join(workDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['*.mts'],
    }),
  );
  const tsc = require.resolve('typescript/bin/tsc');
  typeCheck = run(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], {
    cwd: docsDir,
    timeout: 100_000,
    maxBuffer: 16 << 20,
  });
  // Handled by the type-check test; this keeps an early rejection from being reported as unhandled.
  typeCheck.catch(() => {});
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  if (notRun.length > 0) {
    console.log(`Code blocks not executed (${notRun.length}):\n${notRun.map((line) => `  ${line}`).join('\n')}`);
  }
});

function describeSamples(file: string): void {
  const samples = samplesOf(file);
  for (const sample of samples) {
    const where = `${sample.source}:${sample.line}`;
    const directive = sample.directive;
    switch (directive.kind) {
      case 'malformed':
        it(`${where} is tagged correctly`, () => {
          expect.fail(`${where}: ${directive.problem}`);
        });
        break;
      case 'no-run':
        notRun.push(`${where} (${sample.language}) no-run: ${directive.reason}`);
        it.skip(`${where} not run: ${directive.reason}`, () => {});
        break;
      case 'other-language':
        notRun.push(`${where} (${sample.language || 'no language'}) not executable here`);
        break;
      case 'data':
      case 'config':
      case 'invalid':
        it(`${where} ${directive.kind === 'invalid' ? `is rejected at ${directive.path}` : directive.kind === 'config' ? 'is a valid config' : 'is valid JSON'}`, () => {
          const problem = checkJsonSample(sample);
          if (problem !== undefined) expect.fail(problem);
        });
        break;
      case 'run':
        it(
          `${where} runs`,
          async () => {
            const problem = await runProgram(programPath(sample), directive.runtime, docsDir, sampleTimeoutMs);
            if (problem !== undefined) expect.fail(`${where} failed, ${problem}`);
          },
          sampleTimeoutMs + 5_000,
        );
        break;
    }
  }
}

/** Whether a file has any block that becomes a test (vitest rejects empty suites). */
function hasTests(file: string): boolean {
  return samplesOf(file).some((sample) => sample.directive.kind !== 'other-language');
}

function describeFile(file: string): void {
  const name = relative(repoDir, file);
  if (hasTests(file)) describe.concurrent(name, () => describeSamples(file));
  // Still list the file's non-executable blocks in the summary.
  else
    for (const sample of samplesOf(file))
      notRun.push(`${sample.source}:${sample.line} (${sample.language || 'no language'}) not executable here`);
}

for (const file of guideFiles) describeFile(file);

for (const file of packageReadmes) {
  const name = relative(repoDir, file);
  if (!existsSync(file)) it.skip(`${name}: skipped because the file does not exist yet`, () => {});
  else describeFile(file);
}

describe('TypeScript samples', () => {
  it('type-check against the published types', async () => {
    try {
      await typeCheck;
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      // tsc prints each error with the sample's file name, which names the source file and line.
      expect.fail(`type errors in samples:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    }
  }, 100_000);
});
