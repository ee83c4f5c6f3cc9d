import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.js';
import { describeDecayPlan } from './describe-decay-plan.js';
import { planDecay } from './plan-decay.js';

describe('describeDecayPlan', () => {
  it('lists each term with the parameters it touches, then the warnings', () => {
    const config = resolveConfig({
      optimizer: { type: 'adam', learningRate: 1e-3 },
      decay: [
        { type: 'decoupled', rate: 0.01, params: { exclude: ['**/bias', '**/gamma'] } },
        { type: 'l1', rate: { type: 'cosine', initial: 1e-4, decaySteps: 100 }, method: 'proximal', params: { include: ['head/*'] } },
        { type: 'anchor', rate: 0.1, scaling: 'none', cautious: true, params: { names: ['head/bias'] } },
      ],
    });
    const plan = planDecay(config, [
      { name: 'dense/kernel', shape: [3, 2] },
      { name: 'dense/bias', shape: [2] },
      { name: 'head/bias', shape: [1] },
    ]);
    expect(describeDecayPlan(plan).split('\n')).toEqual([
      'decay[0] decoupled rate=0.01 scaling=learning-rate → 1 parameter: dense/kernel',
      'decay[1] l1 (proximal) rate=cosine schedule scaling=learning-rate → 1 parameter: head/bias',
      'decay[2] anchor rate=0.1 scaling=none cautious → 1 parameter: head/bias',
      'warning: decay[0].params.exclude[1]: exclude pattern "**/gamma" matched no parameter',
    ]);
  });

  it('says so when there are no terms, and counts zero parameters', () => {
    const none = resolveConfig({ optimizer: { type: 'sgd', learningRate: 1 } });
    expect(describeDecayPlan(planDecay(none, []))).toBe('no decay terms');
    const l2 = resolveConfig({ optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l2', rate: 2, params: { minRank: 2 } }] });
    expect(describeDecayPlan(planDecay(l2, [{ name: 'b', shape: [3] }])).split('\n')).toEqual([
      'decay[0] l2 rate=2 → 0 parameters',
      'warning: decay[0]: selects no parameter (every match was dropped by exclude or minRank 2)',
    ]);
  });
});
