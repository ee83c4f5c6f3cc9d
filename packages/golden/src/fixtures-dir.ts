import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the committed fixtures (`packages/golden/fixtures`),
 * generated from PyTorch by `generator/generate.py`.
 */
export const goldenFixturesDir: string = fileURLToPath(new URL('../fixtures', import.meta.url));

/**
 * Absolute path of the config 1.1 cases (`packages/golden/fixtures-1.1`), from
 * the same generator. Kept apart from {@link goldenFixturesDir} until every
 * backend implements config 1.1; a suite opts in with `fixturesDir`.
 */
export const goldenFixtures11Dir: string = fileURLToPath(new URL('../fixtures-1.1', import.meta.url));
