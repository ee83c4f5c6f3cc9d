import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/resolve-config.js';
import { initialPlateauRates, reportPlateauRates, restorePlateauRates, savePlateauRates } from './plateau-rates.js';

const plateau = (initial: number, fields: Record<string, unknown> = {}) => ({ type: 'reduce-on-plateau' as const, initial, ...fields });

/** Top level: halves after 2 bad reports. Group 0 follows the top level; group 1 has its own (patience 0, ×0.1). */
const config = resolveConfig({
  optimizer: { type: 'adam', learningRate: plateau(0.01, { patience: 1, factor: 0.5 }) },
  groups: [
    { params: { names: ['a'] }, learningRateScale: 0.5 },
    { params: { names: ['b'] }, optimizer: { type: 'sgd', learningRate: plateau(0.1, { patience: 0, factor: 0.1 }) } },
  ],
});

describe('the plateau rates of a config (top level and groups with their own)', () => {
  it('fresh: each at its initial; none for a config without reduce-on-plateau', () => {
    expect(initialPlateauRates(config)).toEqual({
      top: { rate: 0.01, best: 'Infinity', badReports: 0, cooldownLeft: 0, reports: 0 },
      groups: [null, { rate: 0.1, best: 'Infinity', badReports: 0, cooldownLeft: 0, reports: 0 }],
    });
    expect(initialPlateauRates(resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 } }))).toBeNull();
  });

  it('one report reaches every rate, each by its own counters', () => {
    // Reports 1, 1, 1: the first improves on +∞; then two bad ones. Group 1 (patience 0) cuts at
    // each bad one: 0.1 → 0.01 → 0.001. The top level (patience 1) cuts at the second: 0.01 → 0.005.
    let rates = null;
    const seen: [number, number][] = [];
    for (const metric of [1, 1, 1]) {
      rates = reportPlateauRates(config, rates, metric);
      seen.push([rates.top!.rate, rates.groups[1]!.rate]);
    }
    expect(seen[0]).toEqual([0.01, 0.1]);
    expect(seen[1]![0]).toBe(0.01);
    expect(seen[1]![1]).toBeCloseTo(0.01, 15);
    expect(seen[2]![0]).toBe(0.005);
    expect(seen[2]![1]).toBeCloseTo(0.001, 15);
    expect(rates!.groups[0]).toBeNull();
  });

  it('a report to a config without reduce-on-plateau names the learning rate', () => {
    const fixed = resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 } });
    expect(() => reportPlateauRates(fixed, null, 1)).toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'optimizer.learningRate' }),
    );
  });

  it('saves only what there is; restores, fresh where saved without, and names a malformed entry', () => {
    const rates = reportPlateauRates(config, null, 2);
    const saved = JSON.parse(JSON.stringify(savePlateauRates(rates)));
    expect(Object.keys(saved)).toEqual(['plateau', 'groupPlateaus']);
    expect(saved.groupPlateaus[0]).toBeNull();
    expect(restorePlateauRates(config, saved)).toEqual(rates);
    // Saved before the group had a plateau rate: the group's starts afresh.
    expect(restorePlateauRates(config, { plateau: saved.plateau })).toEqual({
      top: rates.top,
      groups: initialPlateauRates(config)!.groups,
    });
    expect(() => restorePlateauRates(config, { ...saved, groupPlateaus: [null, { ...saved.groupPlateaus[1], best: 'NaN' }] })).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'groupPlateaus[1].best' }),
    );
    expect(() => restorePlateauRates(config, { groupPlateaus: { 1: saved.groupPlateaus[1] } }, (key) => `weights.${key}`)).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'weights.groupPlateaus' }),
    );
    expect(savePlateauRates(null)).toEqual({});
  });
});
