import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the committed fixtures (`packages/golden/fixtures`),
 * generated from PyTorch by `generator/generate.py`.
 */
export const goldenFixturesDir: string = fileURLToPath(new URL('../fixtures', import.meta.url));
