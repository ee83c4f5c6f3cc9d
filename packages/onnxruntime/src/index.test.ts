import * as core from '@weight-decay/core';
import { describe, expect, it } from 'vitest';
import * as pkg from './index.js';

describe('package exports', () => {
  it('re-exports the core errors the trainer throws, as the same classes', () => {
    expect(pkg.ConfigError).toBe(core.ConfigError);
    expect(pkg.ParameterError).toBe(core.ParameterError);
    expect(pkg.StateError).toBe(core.StateError);
  });
});
