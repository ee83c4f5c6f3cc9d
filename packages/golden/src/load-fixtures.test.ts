import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { goldenFixtures11Dir, goldenFixturesDir } from './fixtures-dir.js';
import { FixtureFormatError } from './fixture-format-error.js';
import { loadFixtures } from './load-fixtures.js';

const schedule = (name: string) =>
  JSON.stringify({
    format: 'weight-decay-golden/1',
    kind: 'schedule',
    name,
    schedule: 0.5,
    values: [0.5],
    tolerance: { rtol: 0, atol: 0 },
  });

describe('loadFixtures', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'wd-golden-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads every *.json under a folder, recursively, in sorted order, ignoring other files', () => {
    const d = tempDir();
    mkdirSync(join(d, 'b', 'deep'), { recursive: true });
    writeFileSync(join(d, 'z.json'), schedule('z'));
    writeFileSync(join(d, 'b', 'deep', 'a.json'), schedule('a'));
    writeFileSync(join(d, 'notes.txt'), 'not a case');
    const loaded = loadFixtures(d);
    expect(loaded.map((l) => l.relativePath)).toEqual(['b/deep/a.json', 'z.json']);
    expect(loaded.map((l) => l.fixture.name)).toEqual(['a', 'z']);
  });

  it('names the file that is not JSON', () => {
    const d = tempDir();
    writeFileSync(join(d, 'broken.json'), '{ "format": ');
    expect(() => loadFixtures(d)).toThrow(FixtureFormatError);
    expect(() => loadFixtures(d)).toThrow(/broken\.json: not valid JSON/);
  });

  it('rejects two files with the same case name, naming both', () => {
    const d = tempDir();
    writeFileSync(join(d, 'one.json'), schedule('same'));
    writeFileSync(join(d, 'two.json'), schedule('same'));
    expect(() => loadFixtures(d)).toThrow(/two\.json: name: "same" is already used by .*one\.json/);
  });

  it('rejects a missing folder and returns nothing for an empty one', () => {
    expect(() => loadFixtures(join(tmpdir(), 'wd-golden-does-not-exist'))).toThrow(/not a readable folder/);
    expect(loadFixtures(tempDir())).toEqual([]);
  });

  it('loads every config 1.1 case: at least 100 optimizer cases, each 1.1 step field present somewhere', () => {
    const loaded = loadFixtures(goldenFixtures11Dir);
    const optimizer = loaded.flatMap((l) => (l.fixture.kind === 'optimizer' ? [l.fixture] : []));
    expect(optimizer.length).toBeGreaterThanOrEqual(100);
    expect(loaded.some((l) => l.fixture.kind === 'invalid-config')).toBe(true);
    const steps = optimizer.flatMap((f) => f.steps);
    for (const field of ['metric', 'gradNorm', 'expectedAverage', 'skipped'] as const) {
      expect(
        steps.some((s) => s[field] !== undefined),
        field,
      ).toBe(true);
    }
    const grads = steps.flatMap((s) => Object.values(s.grads).flat());
    expect(grads.some(Number.isNaN)).toBe(true);
    expect(grads).toContain(Infinity);
    expect(grads).toContain(-Infinity);
    // Every update carries gradNorm unless the norm is not finite; micro-batches carry expected alone.
    const updates = steps.filter((s) => s.learningRate !== undefined);
    const finiteUpdates = updates.filter((s) => Object.values(s.grads).flat().every(Number.isFinite));
    expect(finiteUpdates.every((s) => s.gradNorm !== undefined)).toBe(true);
    expect(steps.some((s) => Object.keys(s).join() === 'grads,expected')).toBe(true);
  });

  it('loads the committed fixtures: every kind, at least 150 cases', () => {
    const loaded = loadFixtures(goldenFixturesDir);
    expect(loaded.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(loaded.map((l) => l.fixture.kind));
    expect([...kinds].sort()).toEqual(['invalid-config', 'optimizer', 'schedule']);
  });
});
