import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError, ParameterError, parseConfig, resolveConfig } from '../config/index.js';
import type { ResolvedDecayTerm } from '../config/index.js';
import { planDecay } from './plan-decay.js';
import type { ParameterSpec } from './plan-decay.js';

const specs: ParameterSpec[] = [
  { name: 'embed/table', shape: [10, 4] },
  { name: 'enc/layer0/kernel', shape: [4, 4] },
  { name: 'enc/layer0/bias', shape: [4] },
  { name: 'enc/norm/scale', shape: [4] },
  { name: 'head/kernel', shape: [4, 2] },
  { name: 'head/bias', shape: [2] },
];

function terms(decay: unknown[]): ResolvedDecayTerm[] {
  return parseConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay }).decay;
}

describe('planDecay', () => {
  it('selects every parameter by default, in spec order', () => {
    const plan = planDecay(terms([{ type: 'l2', rate: 1 }]), specs);
    expect(plan.terms[0].parameters).toEqual(specs.map((s) => s.name));
    expect(plan.terms[0].index).toBe(0);
    expect(plan.warnings).toEqual([]);
  });

  it('accepts a whole resolved config as well as its terms', () => {
    const config = resolveConfig({
      optimizer: { type: 'sgd', learningRate: 0.1 },
      decay: [{ type: 'l2', rate: 1, params: { include: ['head/*'] } }],
    });
    expect(planDecay(config, specs).terms[0].parameters).toEqual(['head/kernel', 'head/bias']);
  });

  it('applies include, exclude and minRank together', () => {
    const plan = planDecay(
      terms([
        { type: 'decoupled', rate: 0.1, params: { include: ['enc/**', 'head/*'], exclude: ['**/bias'] } },
        { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
        { type: 'l1', rate: 0.1, params: { include: ['**'], exclude: ['embed/*'], minRank: 1 } },
      ]),
      specs,
    );
    expect(plan.terms[0].parameters).toEqual(['enc/layer0/kernel', 'enc/norm/scale', 'head/kernel']);
    // minRank 2 is the timm convention: no biases, no normalisation scales.
    expect(plan.terms[1].parameters).toEqual(['embed/table', 'enc/layer0/kernel', 'head/kernel']);
    expect(plan.terms[2].parameters).toEqual(specs.slice(1).map((s) => s.name));
  });

  it('takes explicit names exactly, bypassing exclude and minRank', () => {
    const plan = planDecay(
      terms([
        { type: 'l2', rate: 1, params: { names: ['head/bias', 'embed/table'] } },
        { type: 'l2', rate: 1, params: { include: ['head/kernel'], exclude: ['**/bias'], minRank: 2, names: ['enc/norm/scale'] } },
      ]),
      specs,
    );
    // Names alone: include defaults to [] (docs/guides/config-reference.md), so exactly these, in spec order.
    expect(plan.terms[0].parameters).toEqual(['embed/table', 'head/bias']);
    expect(plan.terms[1].parameters).toEqual(['enc/norm/scale', 'head/kernel']);
  });

  it('throws a ConfigError naming an include pattern that matches nothing', () => {
    const config = terms([
      { type: 'l2', rate: 1 },
      { type: 'l2', rate: 1, params: { include: ['head/*', 'decoder/**'] } },
    ]);
    const error = catchError(() => planDecay(config, specs));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[1].params.include[1]');
    expect((error as ConfigError).received).toBe('decoder/**');
  });

  it('counts an include pattern as matched even when minRank drops what it matched', () => {
    const plan = planDecay(terms([{ type: 'l2', rate: 1, params: { include: ['**/bias'], minRank: 2 } }]), specs);
    expect(plan.terms[0].parameters).toEqual([]);
    expect(plan.terms[0].unmatched).toEqual([]);
    // The term decays nothing: that is reported, never silent (docs/guides/decay-contract.md).
    expect(plan.warnings).toEqual(['decay[0]: selects no parameter (every match was dropped by exclude or minRank 2)']);
  });

  it('throws a ConfigError naming an unknown explicit name', () => {
    const error = catchError(() =>
      planDecay(terms([{ type: 'anchor', rate: 1, params: { names: ['head/kernel', 'head/kernal'] } }]), specs),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[0].params.names[1]');
  });

  it('only warns about an exclude pattern that matches nothing', () => {
    const plan = planDecay(terms([{ type: 'l2', rate: 1, params: { exclude: ['**/beta'] } }]), specs);
    expect(plan.terms[0].parameters).toHaveLength(specs.length);
    expect(plan.terms[0].unmatched).toEqual(['**/beta']);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toContain('decay[0].params.exclude[0]');
    expect(plan.warnings[0]).toContain('**/beta');
  });

  it("in 'warn' mode reports every unmatched pattern and name as a warning", () => {
    const plan = planDecay(
      terms([{ type: 'l2', rate: 1, params: { include: ['nope/*', 'head/*'], exclude: ['zzz'], names: ['ghost'] } }]),
      specs,
      { unmatched: 'warn' },
    );
    expect(plan.terms[0].parameters).toEqual(['head/kernel', 'head/bias']);
    expect(plan.terms[0].unmatched).toEqual(['nope/*', 'zzz', 'ghost']);
    expect(plan.warnings.map((w) => w.split(':')[0])).toEqual([
      'decay[0].params.include[0]',
      'decay[0].params.exclude[0]',
      'decay[0].params.names[0]',
    ]);
  });

  it('rejects duplicate parameter names', () => {
    const error = catchError(() => planDecay(terms([]), [specs[0], specs[0]]));
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).parameter).toBe('embed/table');
  });

  it('gives an empty plan for no terms', () => {
    expect(planDecay(terms([]), specs)).toEqual({ terms: [], warnings: [] });
  });
});
