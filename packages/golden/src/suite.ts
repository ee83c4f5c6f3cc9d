/**
 * The shared golden suite for vitest: one test per case, for any backend
 * (like drizzle's pg-common.ts, one suite and many drivers).
 *
 * @packageDocumentation
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { GoldenBackend } from './golden-backend.js';
import { goldenFixturesDir } from './fixtures-dir.js';
import { loadFixtures } from './load-fixtures.js';
import { runGoldenCase } from './run-golden-case.js';
import { skipMatches, skipReason } from './skip-matcher.js';

/** Options of {@link defineGoldenSuite}. */
export interface GoldenSuiteOptions {
  /**
   * Cases this backend does not run, each with its reason: keys are case
   * names or `*` patterns over names and relative paths (e.g. `"cautious/*"`).
   * A key that selects no case fails the suite, so stale skips cannot pile up.
   */
  skips?: Readonly<Record<string, string>>;
  /** Folder of fixtures; default the committed ones ({@link goldenFixturesDir}). */
  fixturesDir?: string;
  /**
   * What to do when `backend.ready()` rejects: `'fail'` (default) fails every
   * case with the reason; `'skip'` skips them, stating the reason.
   */
  unavailable?: 'fail' | 'skip';
}

// A test file often runs the suite for several backends over the same folder;
// read and parse it once. Cases are never modified by a run (backends copy values).
const loadedByDir = new Map<string, ReturnType<typeof loadFixtures>>();
function loadFixturesOnce(dir: string): ReturnType<typeof loadFixtures> {
  let loaded = loadedByDir.get(dir);
  if (loaded === undefined) {
    loaded = loadFixtures(dir);
    loadedByDir.set(dir, loaded);
  }
  return loaded;
}

/**
 * Declares one vitest test per golden case for `backend`. Skipped cases are
 * declared with `it.skip` and their reason in the title.
 *
 * @param backend - the backend under test.
 * @param options - skips, fixtures folder, what to do if the backend is unavailable.
 */
export function defineGoldenSuite(backend: GoldenBackend, options: GoldenSuiteOptions = {}): void {
  const skips = options.skips ?? {};
  const loaded = loadFixturesOnce(options.fixturesDir ?? goldenFixturesDir);
  describe(`golden cases on ${backend.name} (${backend.precision})`, () => {
    let unavailable: string | undefined;
    beforeAll(async () => {
      try {
        await backend.ready?.();
      } catch (error) {
        unavailable = error instanceof Error ? error.message : String(error);
      }
    });

    it('finds cases to run', () => {
      expect(loaded.length).toBeGreaterThan(0);
    });

    it('every skip selects at least one case', () => {
      const stale = Object.keys(skips).filter((k) => !loaded.some((l) => skipMatches(k, l.fixture.name, l.relativePath)));
      expect(stale, 'skips that select no case').toEqual([]);
    });

    for (const { fixture, relativePath } of loaded) {
      const reason = skipReason(skips, fixture.name, relativePath);
      if (reason !== undefined) {
        it.skip(`${fixture.name} — skipped: ${reason}`, () => {});
        continue;
      }
      it(fixture.name, async (context) => {
        if (unavailable !== undefined) {
          if (options.unavailable === 'skip') context.skip(`backend unavailable: ${unavailable}`);
          expect.fail(`backend ${backend.name} unavailable: ${unavailable}`);
        }
        const result = await runGoldenCase(backend, fixture);
        if (result.status !== 'pass') expect.fail(`${relativePath}: ${result.message}`);
      });
    }
  });
}
