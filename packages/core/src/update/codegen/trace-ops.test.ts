import { describe, expect, it } from 'vitest';
import { Tracer } from './trace-ops.js';

describe('Tracer', () => {
  it('records each distinct operation once, in dependency order', () => {
    const t = new Tracer();
    const x = t.element('p');
    const a = t.scalar('s.a');
    const first = t.mul(a, x);
    expect(t.mul(a, x)).toBe(first);
    const sum = t.add(first, t.constant(1));
    expect(sum.args.map((n) => n.id)).toEqual([first.id, t.constant(1).id]);
    expect(t.nodes.every((node) => node.args.every((arg) => arg.id < node.id))).toBe(true);
  });

  it('marks what varies per element; a reduction is a per-parameter scalar', () => {
    const t = new Tracer();
    const x = t.element('p');
    expect(t.mul(t.scalar('s.a'), t.constant(2)).varying).toBe(false);
    expect(t.sqrt(x).varying).toBe(true);
    expect(t.sumOfSquares(x).varying).toBe(false);
  });

  it('reads scalars by name through a record, and refuses non-finite constants', () => {
    const t = new Tracer();
    expect(t.scalarRecord('s.').beta1).toBe(t.scalar('s.beta1'));
    expect(() => t.constant(Number.NaN)).toThrow(RangeError);
  });
});
