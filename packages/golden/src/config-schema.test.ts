/**
 * The published config.schema.json against every golden config: each config
 * PyTorch produced numbers for passes it, and each invalid-config case is
 * refused by it or, for rules JSON Schema cannot express, by resolveConfig
 * (or, for patterns that match none of the case's parameters, by planDecay).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configJsonSchema, parseConfig, planDecay } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { goldenFixturesDir } from './fixtures-dir.js';
import { loadFixtures } from './load-fixtures.js';

const schemaFile = createRequire(import.meta.url).resolve('@weight-decay/core/config.schema.json');
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
const fixtures = loadFixtures(goldenFixturesDir);

describe('config.schema.json', () => {
  it("is what configJsonSchema() builds from the resolvers' tables (else run `pnpm --filter @weight-decay/core run write-schema`)", () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  const valid = fixtures.filter(({ fixture }) => fixture.kind === 'optimizer');
  it(`accepts all ${valid.length} optimizer cases' configs`, () => {
    const refused = valid.filter(({ fixture }) => !validate((fixture as { config: unknown }).config));
    expect(refused.map((f) => [f.relativePath, validate.errors])).toEqual([]);
    expect(valid.length).toBeGreaterThan(100);
  });

  const invalid = fixtures.flatMap(({ relativePath, fixture }) => (fixture.kind === 'invalid-config' ? [{ relativePath, fixture }] : []));
  it(`refuses each of the ${invalid.length} invalid configs, by the schema or (rules it cannot express) at run time`, () => {
    const acceptedAtRunTime = (fixture: (typeof invalid)[number]['fixture']): boolean => {
      try {
        const specs = Object.entries(fixture.params ?? {}).map(([name, { shape }]) => ({ name, shape }));
        planDecay(parseConfig(fixture.config), specs, { unmatched: 'error' });
        return true;
      } catch {
        return false;
      }
    };
    const accepted = invalid.filter(({ fixture }) => validate(fixture.config) && acceptedAtRunTime(fixture));
    expect(accepted.map((f) => f.relativePath)).toEqual([]);
    // Most rules are in the schema itself; the rest are cross-field rules (increasing milestones, nesterov, relative scaling, empty selections)
    // and patterns that match none of the parameters.
    const bySchema = invalid.filter(({ fixture }) => !validate(fixture.config)).length;
    expect(bySchema / invalid.length).toBeGreaterThan(0.75);
  });
});
