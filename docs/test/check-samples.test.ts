import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkJsonSample, runProgram } from './check-samples.js';
import { extractSamples } from './samples.js';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function only(markdown: string) {
  const samples = extractSamples(markdown, 'fixture.md');
  expect(samples).toHaveLength(1);
  return samples[0]!;
}

describe('checkJsonSample', () => {
  const sgd = '{ "optimizer": { "type": "sgd", "learningRate": 0.1 }, "decay": [{ "type": "l2", "rate": -1 }] }';

  it('accepts a valid config and rejects an invalid one marked as config', () => {
    expect(checkJsonSample(only('```json config\n{ "optimizer": { "type": "sgd", "learningRate": 0.1 } }\n```\n'))).toBeUndefined();
    expect(checkJsonSample(only(`\`\`\`json config\n${sgd}\n\`\`\`\n`))).toMatch(/^fixture\.md:1: rejected: decay\[0\]\.rate/);
  });

  it('requires an invalid config to fail at exactly the stated path', () => {
    expect(checkJsonSample(only(`\`\`\`json invalid path=decay[0].rate\n${sgd}\n\`\`\`\n`))).toBeUndefined();
    expect(checkJsonSample(only(`\`\`\`json invalid path=decay[0].type\n${sgd}\n\`\`\`\n`))).toMatch(
      /rejected at "decay\[0\]\.rate", the block says "decay\[0\]\.type"/,
    );
    expect(checkJsonSample(only('```json invalid path=optimizer\n{ "optimizer": { "type": "sgd", "learningRate": 0.1 } }\n```\n'))).toMatch(
      /accepted, but it is marked invalid/,
    );
  });

  it('reports JSON that does not parse', () => {
    expect(checkJsonSample(only('```json data\n{ "a": 1, }\n```\n'))).toMatch(/not valid JSON/);
    expect(checkJsonSample(only('```json data\n{ "a": 1 }\n```\n'))).toBeUndefined();
  });
});

describe('runProgram', () => {
  it('passes a program that exits 0 and reports one that throws, with its output', async () => {
    const dir = join(docsDir, '.samples', `check-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const good = join(dir, 'good.mts');
    const bad = join(dir, 'bad.mts');
    writeFileSync(
      good,
      "import { resolveConfig } from '@weight-decay/core';\nconst n: number = resolveConfig({ optimizer: { type: 'sgd', learningRate: 1 } }).version;\nif (n !== 1) process.exit(1);\n",
    );
    writeFileSync(bad, "import assert from 'node:assert/strict';\nassert.equal(1 + 1, 3, 'arithmetic is broken');\n");
    expect(await runProgram(good, 'ts', docsDir, 60_000)).toBeUndefined();
    expect(await runProgram(bad, 'ts', docsDir, 60_000)).toMatch(/^exit 1:[\s\S]*arithmetic is broken/);
  }, 130_000);
});
