import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  it('resolves a config read as JSON text, defaults written out', () => {
    const text = '{"optimizer":{"type":"sgd","learningRate":0.1},"decay":[{"type":"l2","rate":0.01}]}';
    expect(parseConfig(JSON.parse(text))).toEqual({
      version: 1,
      optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0, dampening: 0, nesterov: false },
      decay: [{ type: 'l2', rate: 0.01, params: { include: ['**'], exclude: [], minRank: 0 } }],
    });
  });
  it('keeps the run-time checks: a string learning rate is a ConfigError at its path', () => {
    const json: unknown = { optimizer: { type: 'adam', learningRate: '1e-3' } };
    expect(() => parseConfig(json)).toThrow(expect.objectContaining({ name: 'ConfigError', path: 'optimizer.learningRate' }));
    expect(() => parseConfig(null)).toThrow(ConfigError);
  });
});
