// Empties a package's build folder before tsc writes it: tsc never deletes the
// output of a source file that was removed or renamed, and a stale file in
// `dist` would be packed and published (and its source map would name a
// source the tarball lacks).
import { rmSync } from 'node:fs';

const folder = process.argv[2] ?? 'dist';
rmSync(folder, { recursive: true, force: true });
