import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { FixtureFormatError } from './fixture-format-error.js';
import type { GoldenFixture } from './fixture-types.js';
import { parseFixture } from './parse-fixture.js';

/** A fixture and the file it was read from. */
export interface LoadedFixture {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the folder given to {@link loadFixtures}, with `/` separators. */
  relativePath: string;
  /** The validated case. */
  fixture: GoldenFixture;
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Reads every `*.json` under `dir`, recursively, in a stable (sorted) order,
 * and validates each one. Nothing has to be registered in advance: any folder
 * of golden-format v1 files works.
 *
 * @param dir - the folder to read.
 * @returns the cases; empty when the folder holds no `*.json`.
 * @throws FixtureFormatError naming the file when the folder is missing, a
 *   file is not JSON or not a valid case, or two files use the same case name.
 */
export function loadFixtures(dir: string): LoadedFixture[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new FixtureFormatError(dir, '', 'not a readable folder');
  const files = listJsonFiles(dir).sort();
  const byName = new Map<string, string>();
  return files.map((file) => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new FixtureFormatError(file, '', `not valid JSON (${(error as Error).message})`);
    }
    const fixture = parseFixture(data, file);
    const previous = byName.get(fixture.name);
    if (previous !== undefined)
      throw new FixtureFormatError(file, 'name', `${JSON.stringify(fixture.name)} is already used by ${previous}`);
    byName.set(fixture.name, file);
    return { file, relativePath: relative(dir, file).split('\\').join('/'), fixture };
  });
}
