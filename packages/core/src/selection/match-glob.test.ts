import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob.js';

describe('matchGlob', () => {
  it.each([
    // pattern, name, expected, why
    ['dense/kernel', 'dense/kernel', true, 'literal'],
    ['dense/kernel', 'dense/kernel2', false, 'literal must match in full'],
    ['dense/*', 'dense/kernel', true, '* inside a segment'],
    ['dense/*', 'dense/sub/kernel', false, '* never crosses a /'],
    ['*/bias', 'dense/bias', true, '* as a whole segment'],
    ['*/bias', 'bias', false, '* needs one segment'],
    ['**/bias', 'bias', true, '** matches zero segments'],
    ['**/bias', 'enc/layer0/attn/bias', true, '** matches several segments'],
    ['**/bias', 'enc/layer0/attn/bias_hh', false, 'last segment is literal'],
    ['**', 'anything/at/all', true, '** alone matches every name'],
    ['**', 'x', true, '** alone matches a single segment'],
    ['dense/**', 'dense', true, '** at the end may match nothing'],
    ['dense/**', 'dense/a/b', true, '** at the end matches below'],
    ['dense/**', 'dense2/a', false, 'prefix segment is literal'],
    ['enc/**/kernel', 'enc/kernel', true, '** in the middle may be empty'],
    ['enc/**/kernel', 'enc/a/b/kernel', true, '** in the middle spans'],
    ['enc/**/**/kernel', 'enc/a/kernel', true, 'repeated ** acts as one'],
    ['layer*/kernel', 'layer12/kernel', true, 'prefix*'],
    ['*_norm/*', 'pre_norm/scale', true, '*suffix'],
    ['a*b*c', 'aXbYc', true, 'several stars in a segment'],
    ['a*b*c', 'aXbY', false, 'several stars: trailing literal missing'],
    ['a*b', 'ab', true, '* may be empty'],
    ['dense/kernel:0', 'dense/kernel:0', true, 'TF-style suffix is literal'],
    ['w.b', 'wXb', false, '. is literal, not a regex'],
    ['', '', true, 'empty pattern matches the empty name only'],
    ['', 'a', false, 'empty pattern'],
  ])('%s vs %s → %s (%s)', (pattern, name, expected) => {
    expect(matchGlob(pattern, name)).toBe(expected);
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
