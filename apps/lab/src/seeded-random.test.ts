import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, permutation } from './seeded-random.js';

describe('createRandom', () => {
  it('repeats its stream for the same seed and changes it for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const sa = Array.from({ length: 50 }, () => a.next());
    const sb = Array.from({ length: 50 }, () => b.next());
    const sc = Array.from({ length: 50 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const random = createRandom(7);
    const draws = Array.from({ length: 20000 }, () => random.next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    // Mean of U(0,1) is 1/2 with standard error 1/√(12·20000) ≈ 0.002; 0.01 is five of them.
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    // Each tenth should hold ~2000 draws (sd ≈ 42); 200 is ~5 sd.
    const tenths = new Array(10).fill(0);
    for (const x of draws) tenths[Math.floor(x * 10)]++;
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('draws standard normals with mean ≈ 0 and variance ≈ 1', () => {
    const random = createRandom(11);
    const draws = Array.from({ length: 20000 }, () => random.nextNormal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('deriveSeed', () => {
  it('gives different streams for different purposes and is stable', () => {
    expect(deriveSeed(1, 'split')).toBe(deriveSeed(1, 'split'));
    expect(deriveSeed(1, 'split')).not.toBe(deriveSeed(1, 'init'));
    expect(deriveSeed(1, 'split')).not.toBe(deriveSeed(2, 'split'));
  });
});

describe('permutation', () => {
  it('contains every index exactly once', () => {
    const order = permutation(1000, createRandom(3));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('actually shuffles (fewer than 1 % fixed points expected; 1/n per index)', () => {
    const order = permutation(1000, createRandom(3));
    const fixed = [...order].filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(10);
  });
});
