import { describe, expect, it } from 'vitest';
import { catchError } from '../__fixtures__/catch-error.js';
import { ConfigError, resolveConfig } from '../config/index.js';
import type { WeightDecayConfig } from '../config/index.js';
import { describeDecayPlan } from './describe-decay-plan.js';
import { planDecay } from './plan-decay.js';
import type { ParameterSpec } from './plan-decay.js';

const specs: ParameterSpec[] = [
  { name: 'encoder/kernel', shape: [3, 3] },
  { name: 'encoder/bias', shape: [3] },
  { name: 'head/kernel', shape: [3, 2] },
  { name: 'head/bias', shape: [2] },
];

function withGroups(groups: WeightDecayConfig['groups']) {
  return resolveConfig({ optimizer: { type: 'adam', learningRate: 0.01 }, decay: [{ type: 'decoupled', rate: 0.1 }], groups });
}

describe('planDecay with groups', () => {
  it('puts each parameter in the first group that selects it, and the rest under the top-level optimizer', () => {
    const plan = planDecay(
      withGroups([
        { params: { names: ['encoder/bias'] }, learningRateScale: 3 },
        { params: { include: ['encoder/**'] }, learningRateScale: 0.2 },
        { params: { include: ['**/bias'] }, optimizer: { beta1: 0.5 } },
      ]),
      specs,
    );
    expect(plan.groups?.map((g) => g.parameters)).toEqual([['encoder/bias'], ['encoder/kernel'], ['head/bias']]);
    expect(plan.ungrouped).toEqual(['head/kernel']);
    // The decay terms are planned as before: groups change which optimizer runs, not which terms apply.
    expect(plan.terms[0]?.parameters).toEqual(specs.map((s) => s.name));
    expect(plan.warnings).toEqual([]);
  });

  it('reports a group that matches nothing as a term is: at its path in error mode, as a warning otherwise', () => {
    const config = withGroups([{ params: { minRank: 2 } }, { params: { include: ['missing/*'], names: ['nope'] } }]);
    const error = catchError(() => planDecay(config, specs));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('groups[1].params.include[0]');
    const plan = planDecay(config, specs, { unmatched: 'warn' });
    expect(plan.groups?.[1]?.unmatched).toEqual(['missing/*', 'nope']);
    expect(plan.warnings).toEqual([
      'groups[1].params.include[0]: include pattern "missing/*" matched no parameter',
      'groups[1].params.names[0]: name "nope" is not a parameter of the model',
    ]);
  });

  it('warns about a group whose every parameter belongs to an earlier group, and one that selects nothing', () => {
    const plan = planDecay(withGroups([{ params: { include: ['head/**'] } }, { params: { names: ['head/bias'] } }]), specs);
    expect(plan.groups?.[1]?.parameters).toEqual([]);
    expect(plan.warnings).toEqual(['groups[1]: every parameter it selects belongs to an earlier group, so the group changes nothing']);
    const ranks = planDecay(withGroups([{ params: { minRank: 3 } }]), specs);
    expect(ranks.warnings).toEqual(['groups[0]: selects no parameter (every match was dropped by exclude or minRank 3)']);
  });

  it('a plan of terms alone, or of a config without groups, has no group entries', () => {
    const config = withGroups(undefined);
    expect(planDecay(config, specs).groups).toBeUndefined();
    expect(planDecay(config.decay, specs).ungrouped).toBeUndefined();
  });

  it('the dry run lists each parameter’s group', () => {
    const plan = planDecay(
      withGroups([
        { params: { include: ['encoder/**'] }, learningRateScale: 0.1 },
        { params: { names: ['head/bias'] }, optimizer: { type: 'sgd', learningRate: { type: 'cosine', initial: 0.1, decaySteps: 5 } } },
      ]),
      specs,
    );
    expect(describeDecayPlan(plan).split('\n')).toEqual([
      'decay[0] decoupled rate=0.1 scaling=learning-rate → 4 parameters: encoder/kernel, encoder/bias, head/kernel, head/bias',
      'groups[0] learningRateScale=0.1 → 2 parameters: encoder/kernel, encoder/bias',
      'groups[1] learningRateScale=1 type=sgd learningRate=cosine schedule momentum=0 dampening=0 nesterov=false → 1 parameter: head/bias',
      'top-level optimizer → 1 parameter: head/kernel',
    ]);
  });
});
