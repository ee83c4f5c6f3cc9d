import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nonDifferentiableOps, supportedGradientOps } from '../gradient/rules/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function listAfter(label: string): string[] {
  const line = readme.split('\n').find((l) => l.startsWith(label));
  expect(line, `README line starting with "${label}"`).toBeDefined();
  return [...line!.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1]).sort();
}

describe('README', () => {
  it('lists exactly the ops the gradient builder differentiates', () => {
    expect(listAfter('Differentiable ops:')).toEqual(supportedGradientOps());
  });

  it('lists exactly the ops allowed without a gradient', () => {
    expect(listAfter('Ops that carry no gradient')).toEqual([...nonDifferentiableOps].sort());
  });
});
