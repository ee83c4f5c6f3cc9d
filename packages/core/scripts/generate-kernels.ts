/**
 * Writes the fused float32/float64 update loops, traced from the update
 * program, to src/update/kernels/generated/ (git-ignored). Runs before
 * build, typecheck, test and docs, so a clean clone works without a
 * committed copy. Rewrites a file only when its text changed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelModuleSource } from '../src/update/codegen/kernel-source.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'update', 'kernels', 'generated');
mkdirSync(outDir, { recursive: true });
for (const [file, arrayType] of [
  ['float32-kernels.ts', 'Float32Array'],
  ['float64-kernels.ts', 'Float64Array'],
] as const) {
  const path = join(outDir, file);
  const source = kernelModuleSource(arrayType);
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous !== source) writeFileSync(path, source);
}
