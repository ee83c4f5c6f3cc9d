import { describe, expect, it } from 'vitest';
import type { ReduceOnPlateauSchedule, ResolvedReduceOnPlateau } from '../config/config-types.js';
import { StateError, WeightDecayError } from '../config/errors.js';
import { resolveConfig } from '../config/resolve-config.js';
import { checkPlateauState, initialPlateauState, reportPlateauMetric, type PlateauState } from './reduce-on-plateau.js';

/** PyTorch 1.13's defaults (written out by the resolver), overridden by `fields`. */
function schedule(fields: Partial<ReduceOnPlateauSchedule> = {}): ResolvedReduceOnPlateau {
  const learningRate = { type: 'reduce-on-plateau' as const, initial: 0.1, ...fields };
  return resolveConfig({ optimizer: { type: 'sgd', learningRate } }).optimizer.learningRate as ResolvedReduceOnPlateau;
}

/** The rate after each report, as PyTorch's `optimizer.param_groups[0]['lr']` after each `scheduler.step(metric)`. */
function ratesAfter(s: ResolvedReduceOnPlateau, metrics: number[]): number[] {
  let state = initialPlateauState(s);
  return metrics.map((m) => {
    state = reportPlateauMetric(s, state, m);
    return state.rate;
  });
}

describe('reduce-on-plateau, step by step as PyTorch ReduceLROnPlateau', () => {
  it('starts at initial with the worst value of the mode as best', () => {
    expect(initialPlateauState(schedule())).toEqual({ rate: 0.1, best: 'Infinity', badReports: 0, cooldownLeft: 0, reports: 0 });
    expect(initialPlateauState(schedule({ mode: 'max' })).best).toBe('-Infinity');
  });

  it('patience 2: the third report without improvement reduces, and the count restarts', () => {
    // best 1; 1, 1 are bad (1 is not < 1·(1 − 1e-4)); the third bad one makes badReports 3 > 2.
    const rates = ratesAfter(schedule({ patience: 2, factor: 0.5 }), [1, 1, 1, 1, 1, 1, 1]);
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });

  it('rel threshold: an improvement smaller than threshold·best is not one', () => {
    // threshold 0.1: better means < 0.9·best. 0.95 and 0.91 are not better than 1; 0.89 is.
    const s = schedule({ patience: 1, threshold: 0.1, factor: 0.5 });
    let state = reportPlateauMetric(s, initialPlateauState(s), 1);
    state = reportPlateauMetric(s, state, 0.95);
    expect(state).toMatchObject({ best: 1, badReports: 1, rate: 0.1 });
    state = reportPlateauMetric(s, state, 0.89);
    expect(state).toMatchObject({ best: 0.89, badReports: 0, rate: 0.1 });
  });

  it('abs threshold: better means below best − threshold', () => {
    const s = schedule({ patience: 0, threshold: 0.05, thresholdMode: 'abs', factor: 0.5 });
    // 1 → best; 0.96 > 0.95: bad → reduce (patience 0); 0.94 < 0.95: better.
    expect(ratesAfter(s, [1, 0.96, 0.94])).toEqual([0.1, 0.05, 0.05]);
  });

  it('mode max with rel and abs thresholds', () => {
    const rel = schedule({ mode: 'max', patience: 0, threshold: 0.1, factor: 0.5 });
    // better means > 1.1·best: 1 (from −∞), 1.05 is not, 1.2 is.
    expect(ratesAfter(rel, [1, 1.05, 1.2])).toEqual([0.1, 0.05, 0.05]);
    const abs = schedule({ mode: 'max', patience: 0, threshold: 0.1, thresholdMode: 'abs', factor: 0.5 });
    // better means > best + 0.1: 1, 1.09 is not, 1.11 is.
    expect(ratesAfter(abs, [1, 1.09, 1.11])).toEqual([0.1, 0.05, 0.05]);
  });

  it('cooldown: the reports after a reduction are ignored, bad or not', () => {
    // patience 0, cooldown 2: reduce at report 2; reports 3 and 4 count as cooldown; report 5 reduces again.
    const rates = ratesAfter(schedule({ patience: 0, cooldown: 2, factor: 0.5 }), [1, 1, 1, 1, 1, 1]);
    expect(rates).toEqual([0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);
  });

  it('minimum: the rate stops there, and a reduction smaller than eps 1e-8 is not applied', () => {
    expect(ratesAfter(schedule({ patience: 0, factor: 0.5, minimum: 0.03 }), [1, 1, 1, 1])).toEqual([0.1, 0.05, 0.03, 0.03]);
    // 1.5e-7 → 1.5e-8 (a change of 1.35e-7 > 1e-8) → 1.5e-9 (1.35e-8 > 1e-8) → stays (1.35e-9 < 1e-8).
    const tiny = schedule({ initial: 1.5e-7, patience: 0 });
    const rates = ratesAfter(tiny, [1, 1, 1, 1]);
    expect(rates[1]).toBe(1.5e-7 * 0.1);
    expect(rates[2]).toBe(1.5e-7 * 0.1 * 0.1);
    expect(rates[3]).toBe(rates[2]);
  });

  it('a NaN metric is never an improvement; ±Infinity is kept as a string so the state stays JSON', () => {
    const s = schedule({ patience: 0, factor: 0.5 });
    const afterNaN = reportPlateauMetric(s, initialPlateauState(s), Number.NaN);
    expect(afterNaN).toMatchObject({ best: 'Infinity', rate: 0.05 });
    const max = schedule({ mode: 'max' });
    expect(reportPlateauMetric(max, initialPlateauState(max), Number.POSITIVE_INFINITY).best).toBe('Infinity');
  });

  it('does not modify the state it is given, and refuses a metric that is not a number', () => {
    const s = schedule();
    const before = initialPlateauState(s);
    const copy = { ...before };
    reportPlateauMetric(s, before, 1);
    expect(before).toEqual(copy);
    expect(() => reportPlateauMetric(s, before, '1' as unknown as number)).toThrow(WeightDecayError);
  });
});

describe('checkPlateauState', () => {
  const good: PlateauState = { rate: 0.05, best: 0.3, badReports: 1, cooldownLeft: 0, reports: 4 };

  it('accepts a state and its JSON round trip', () => {
    expect(checkPlateauState(JSON.parse(JSON.stringify(good)), 'plateau')).toEqual(good);
    expect(checkPlateauState({ ...good, best: '-Infinity' }, 'plateau').best).toBe('-Infinity');
  });

  it.each([
    [{ ...good, rate: -1 }, 'plateau.rate'],
    [{ ...good, best: 'NaN' }, 'plateau.best'],
    [{ ...good, badReports: 1.5 }, 'plateau.badReports'],
    [{ ...good, cooldownLeft: -1 }, 'plateau.cooldownLeft'],
    [{ ...good, reports: undefined }, 'plateau.reports'],
    [null, 'plateau'],
  ])('refuses %j at %s', (state, path) => {
    expect(() => checkPlateauState(state, 'plateau')).toThrow(StateError);
    expect(() => checkPlateauState(state, 'plateau')).toThrow(expect.objectContaining({ path }));
  });
});
