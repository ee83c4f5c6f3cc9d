import { describe, expect, it } from 'vitest';
import { loadEmittedLoop as load } from '../__fixtures__/load-emitted-loop.js';
import { emitJsLoop } from './emit-js-loop.js';
import { Tracer } from './trace-ops.js';

describe('emitJsLoop', () => {
  it('hoists what does not vary, computes the rest per element and writes last', async () => {
    // p ← p − (2·a)·g: 2·a is computed once before the loop.
    const t = new Tracer();
    const p = t.element('p');
    const value = t.sub(p, t.mul(t.mul(t.constant(2), t.scalar('s.a')), t.element('g')));
    const body = emitJsLoop([{ array: 'p', value }]);
    expect(body.indexOf('s.a')).toBeLessThan(body.indexOf('for ('));
    const kernel = await load(body);
    const theta = Float64Array.of(1, 2);
    kernel(2, theta, Float64Array.of(0.5, -1), { a: 0.25 });
    // 1 − 0.5·0.5 = 0.75; 2 − 0.5·(−1) = 2.5.
    expect(Array.from(theta)).toEqual([0.75, 2.5]);
  });

  it('gives sumOfSquares a pass of its own before the values that use it', async () => {
    // p ← p / √(Σg²): g = [3, 4] → Σg² = 25, p = [5, 10] → [1, 2].
    const t = new Tracer();
    const value = t.div(t.element('p'), t.sqrt(t.sumOfSquares(t.element('g'))));
    const kernel = await load(emitJsLoop([{ array: 'p', value }]));
    const theta = Float64Array.of(5, 10);
    kernel(2, theta, Float64Array.of(3, 4), {});
    expect(Array.from(theta)).toEqual([1, 2]);
  });

  it('emits sign, max and select with the program semantics', async () => {
    // select(g ≥ 0, max(p, g), sign(p)).
    const t = new Tracer();
    const p = t.element('p'),
      g = t.element('g');
    const value = t.select(t.greaterEqual(g, t.constant(0)), t.max(p, g), t.sign(p));
    const kernel = await load(emitJsLoop([{ array: 'p', value }]));
    const theta = Float64Array.of(1, -2, 0);
    kernel(3, theta, Float64Array.of(3, -1, -1), {});
    expect(Array.from(theta)).toEqual([3, -1, 0]);
  });

  it('rounds a float32 node as a store to a Float32Array does', async () => {
    // p ← float32(g·0.1) + p over float64 arrays: 0.1 rounds to 0.10000000149011612, 1 + that is not 1.1.
    const t = new Tracer();
    const value = t.add(t.float32(t.mul(t.element('g'), t.constant(0.1))), t.element('p'));
    const kernel = await load(emitJsLoop([{ array: 'p', value }]));
    const theta = Float64Array.of(1);
    kernel(1, theta, Float64Array.of(1), {});
    expect(theta[0]).toBe(Math.fround(0.1) + 1);
    expect(theta[0]).not.toBe(1.1);
  });
});
