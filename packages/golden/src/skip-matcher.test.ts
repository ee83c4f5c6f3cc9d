import { describe, expect, it } from 'vitest';

import { skipMatches, skipReason } from './skip-matcher.js';

describe('skipReason', () => {
  const skips = { 'adamw-long': 'too slow here', 'cautious/*': 'no cautious support', 'sgd-*-l2': 'reason three' };

  it('matches exact names, * patterns on names and on relative paths', () => {
    expect(skipReason(skips, 'adamw-long', 'adamw/adamw-long.json')).toBe('too slow here');
    expect(skipReason(skips, 'cautious-adamw', 'cautious/cautious-adamw.json')).toBe('no cautious support');
    expect(skipReason(skips, 'sgd-momentum-l2')).toBe('reason three');
    expect(skipReason(skips, 'adamw-long-2', 'adamw/adamw-long-2.json')).toBeUndefined();
  });

  it('treats regex characters in names literally', () => {
    expect(skipMatches('adamw-lr0.1-wd0.1', 'adamw-lr0x1-wd0.1')).toBe(false);
    expect(skipMatches('adamw-lr0.1-*', 'adamw-lr0x1-wd0.1')).toBe(false);
    expect(skipMatches('adamw-lr0.1-*', 'adamw-lr0.1-wd0.1')).toBe(true);
  });
});
