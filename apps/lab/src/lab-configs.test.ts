import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import { configFileText, configSchemaReference, configsFolder, loadBuiltInConfig, loadConfigFile, withDecayRate } from './lab-configs.js';
import { LabInputError } from './lab-errors.js';

const folder = mkdtempSync(join(tmpdir(), 'lab-configs-'));
const write = (name: string, text: string): string => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};

describe('committed configs', () => {
  it('resolve, point editors at the JSON Schema, and name the methods they promise', () => {
    const files = readdirSync(configsFolder).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      expect(JSON.parse(readFileSync(join(configsFolder, file), 'utf8')).$schema, file).toBe(configSchemaReference);
    }
    const terms = ['none', 'l2', 'decoupled', 'l1-proximal', 'l1-subgradient'].map((name) =>
      loadBuiltInConfig(`${name}.json`)
        .config.decay.map((t) => (t.type === 'l1' ? `l1-${t.method}` : t.type))
        .join(),
    );
    expect(terms).toEqual(['', 'l2', 'decoupled', 'l1-proximal', 'l1-subgradient']);
  });

  it('round-trip through configFileText with the $schema line', () => {
    const spec = loadBuiltInConfig('l2.json');
    const path = write('again.json', configFileText(spec.config, '../schema.json'));
    expect(JSON.parse(readFileSync(path, 'utf8')).$schema).toBe('../schema.json');
    expect(loadConfigFile(path).config).toEqual(spec.config);
  });
});

describe('loadConfigFile', () => {
  it('labels a config by its file name', () => {
    const spec = loadConfigFile(write('my-run.json', '{"optimizer":{"type":"sgd","learningRate":0.1}}'));
    expect(spec.label).toBe('my-run');
    expect(spec.config.optimizer.type).toBe('sgd');
  });

  it('names the file and the config path of an invalid field', () => {
    const file = write('bad-rate.json', '{"optimizer":{"type":"adam","learningRate":0.001},"decay":[{"type":"l2","rate":-1}]}');
    let caught: unknown;
    try {
      loadConfigFile(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('decay[0].rate');
    expect((caught as Error).message).toContain(file);
    expect((caught as Error).message).toContain('decay[0].rate');
  });

  it('reports unreadable and non-JSON files as LabInputError naming the file', () => {
    expect(() => loadConfigFile(join(folder, 'missing.json'))).toThrow(LabInputError);
    expect(() => loadConfigFile(join(folder, 'missing.json'))).toThrow(/missing\.json: no such config file/);
    expect(() => loadConfigFile(write('broken.json', '{"optimizer":'))).toThrow(/broken\.json: not valid JSON/);
  });
});

describe('withDecayRate', () => {
  const base = loadBuiltInConfig('decoupled.json').config;
  it('changes only the rate', () => {
    const changed = withDecayRate(base, 0, 0.5);
    expect(changed.decay[0]).toEqual({ ...base.decay[0], rate: 0.5 });
    expect(changed.optimizer).toEqual(base.optimizer);
  });
  it('refuses a term index that does not exist, naming it', () => {
    expect(() => withDecayRate(base, 3, 1)).toThrow(/decay\[3\]/);
  });
  it('lets core reject a bad rate', () => {
    expect(() => withDecayRate(base, 0, -1)).toThrow(ConfigError);
  });
});
