/**
 * Writes the fused float32/float64 update loops, traced from the update
 * program, to src/update/kernels/generated/ (git-ignored). Runs before
 * build, typecheck and test, so a clean clone works without a committed copy.
 * Rewrites a file only when its text changed, and then atomically (write a
 * temporary file, rename it), because turbo runs those tasks in parallel and
 * one may read while another writes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  if (previous !== source) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, source);
    renameSync(temporary, path);
  }
}
