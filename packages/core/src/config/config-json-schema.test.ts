import { describe, expect, it } from 'vitest';
import { compileConfigSchema } from '../__fixtures__/compile-config-schema.js';
import { parseConfig } from './parse-config.js';

describe('config.schema.json', () => {
  it('compiles as draft 2020-12 under ajv strict mode', () => {
    expect(() => compileConfigSchema()).not.toThrow();
  });

  const validate = compileConfigSchema();
  const adamw = {
    $schema: '../config.schema.json',
    optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.001, decaySteps: 1000 } },
    decay: [{ type: 'decoupled', rate: 0.01, params: { minRank: 2 } }],
  };

  it('accepts a config, and its resolved form with every default written out', () => {
    expect(validate(adamw)).toBe(true);
    expect(validate(parseConfig(adamw))).toBe(true);
  });

  it.each([
    ['a string learning rate', { optimizer: { type: 'adam', learningRate: '1e-3' } }],
    ['a misspelt key', { optimizer: { type: 'adam', learningRate: 1e-3, beta_1: 0.9 } }],
    ['an unknown optimizer', { optimizer: { type: 'adamax2', learningRate: 1e-3 } }],
    ['a key of another optimizer', { optimizer: { type: 'sgd', learningRate: 1e-3, beta1: 0.9 } }],
    ['a negative rate', { optimizer: { type: 'sgd', learningRate: 1e-3 }, decay: [{ type: 'l2', rate: -1 }] }],
    ['a fractional step count', { optimizer: { type: 'sgd', learningRate: { type: 'step', initial: 1, stepSize: 1.5 } } }],
    ['cautious on an l2 term', { optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l2', rate: 1, cautious: true }] }],
    ['no optimizer', { decay: [] }],
  ])('rejects %s, as resolveConfig does', (_what, config) => {
    expect(validate(config)).toBe(false);
    expect(() => parseConfig(config)).toThrow();
  });
});
