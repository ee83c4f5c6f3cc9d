/**
 * Writes config.schema.json from the resolvers' field tables (configJsonSchema).
 * The file is committed so editors and the lab's configs can point at it without
 * a build; packages/golden/src/config-schema.test.ts fails when it is out of date.
 *
 * Run: pnpm --filter @weight-decay/core run write-schema
 */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/config-json-schema.js';

const target = new URL('../config.schema.json', import.meta.url);
// Two-space JSON and a final newline: packages/golden/src/config-schema.test.ts compares byte for byte.
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
