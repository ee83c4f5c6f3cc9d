/// <reference types="node" />
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob.js';

/** The table the emitted PyTorch module's matcher is checked against too (to-pytorch/emitted-module.test.ts). */
const globCases = JSON.parse(readFileSync(new URL('./__fixtures__/glob-cases.json', import.meta.url), 'utf8')) as {
  pattern: string;
  name: string;
  match: boolean;
  why: string;
}[];

describe('matchGlob', () => {
  it.each(globCases)('$pattern vs $name → $match ($why)', ({ pattern, name, match }) => {
    expect(matchGlob(pattern, name)).toBe(match);
  });
});

describe('matchGlob properties', () => {
  // Segments without '*' (the only special character) and without '/'.
  const segment = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !s.includes('/') && !s.includes('*'));
  const name = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));

  it('a name without stars matches itself, and ** matches every name', () => {
    fc.assert(fc.property(name, (n) => matchGlob(n, n) && matchGlob('**', n)));
  });

  it('replacing one segment by * or by ** still matches; appending a segment does not', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.nat(), (segments, k) => {
        const i = k % segments.length;
        const withStar = segments.map((s, j) => (j === i ? '*' : s)).join('/');
        const withGlobstar = segments.map((s, j) => (j === i ? '**' : s)).join('/');
        const n = segments.join('/');
        return matchGlob(withStar, n) && matchGlob(withGlobstar, n) && !matchGlob(withStar, `${n}/extra`);
      }),
    );
  });
});
