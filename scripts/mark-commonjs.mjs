// Writes `{"type":"commonjs"}` into a build folder, so Node and TypeScript read
// the `.js` and `.d.ts` files under it as CommonJS although the package itself
// is `"type": "module"`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = process.argv[2];
if (folder === undefined) {
  console.error('Usage: node scripts/mark-commonjs.mjs <folder>');
  process.exit(2);
}
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
