import { describe, expect, it } from 'vitest';
import { formatTable, progressLine } from './terminal-output.js';

describe('formatTable', () => {
  it('aligns columns, right-aligning numeric ones', () => {
    const text = formatTable(['method', 'acc'], [['none', '0.9'], ['l1-proximal', '0.875']]);
    expect(text.split('\n')).toEqual([
      'method      |   acc',
      '------------|------',
      'none        |   0.9',
      'l1-proximal | 0.875',
    ]);
  });
});

describe('progressLine', () => {
  it('fills the bar in proportion', () => {
    expect(progressLine('l2', 1, 4, 'x', 8)).toBe('l2  [##......]  1/4  x');
    expect(progressLine('l2', 4, 4, '', 4)).toBe('l2  [####]  4/4  ');
  });
});
