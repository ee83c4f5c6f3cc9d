import { describe, expect, it } from 'vitest';

import { CloseChecker } from './check-close.js';

describe('CloseChecker', () => {
  it('passes at the bound atol + rtol·|e| and fails just beyond it', () => {
    // bound for e = 100: 1e-3 + 1e-2·100 = 1.001
    const at = new CloseChecker({ rtol: 1e-2, atol: 1e-3 });
    at.scalar('x', 101, 100);
    expect(at.report().ok).toBe(true);
    const beyond = new CloseChecker({ rtol: 1e-2, atol: 1e-3 });
    beyond.scalar('x', 101.002, 100);
    expect(beyond.report().ok).toBe(false);
    expect(beyond.report().failure).toMatch(/^x: actual 101.002, expected 100/);
  });

  it('keeps the worst error and the worst share of the tolerance', () => {
    const c = new CloseChecker({ rtol: 0, atol: 1 });
    c.arrays('w', [0.25, 1.5, 2], [0, 1, 2.25]);
    const r = c.report();
    expect(r).toEqual({ ok: true, worstError: 0.5, worstRatio: 0.5 });
  });

  it('fails on NaN, on a length mismatch and on a missing array', () => {
    const nan = new CloseChecker({ rtol: 1, atol: 1 });
    nan.arrays('w', [Number.NaN], [0]);
    expect(nan.report().ok).toBe(false);
    const length = new CloseChecker({ rtol: 1, atol: 1 });
    length.arrays('w', [1, 2], [1]);
    expect(length.report().failure).toBe('w: 2 values, expected 1');
    const missing = new CloseChecker({ rtol: 1, atol: 1 });
    missing.arrays('w', undefined, [1]);
    expect(missing.report().failure).toBe("w: missing from the backend's result");
  });

  it('reports the first failure even when later ones are larger', () => {
    const c = new CloseChecker({ rtol: 0, atol: 0 });
    c.scalar('first', 1, 0);
    c.scalar('second', 5, 0);
    expect(c.report().failure).toMatch(/^first:/);
    expect(c.report().worstError).toBe(5);
  });
});
