/**
 * Which parameters each decay term touches: glob matching, the decay plan and its dry run.
 *
 * @packageDocumentation
 */
export { matchGlob } from './match-glob.js';
export { planDecay } from './plan-decay.js';
export type { ParameterSpec, TermPlan, GroupPlan, DecayPlan, PlanDecayOptions } from './plan-decay.js';
export { describeDecayPlan } from './describe-decay-plan.js';
