import type { ResolvedDecayTerm, ResolvedParameterGroup, ResolvedScalarOrSchedule } from '../config/index.js';
import type { DecayPlan } from './plan-decay.js';

/**
 * A human-readable dry run of a {@link DecayPlan}: one line per term naming
 * the term, its rate and scaling, and every parameter it touches; with
 * `groups`, one line per group and one for the parameters of no group (the
 * top-level optimizer); then one line per warning. Meant for logs before
 * training starts.
 *
 * @example
 * ```text
 * decay[0] decoupled rate=0.01 scaling=learning-rate → 2 parameters: dense/kernel, out/kernel
 * decay[1] l2 rate=cosine schedule → 0 parameters
 * groups[0] learningRateScale=0.1 → 1 parameter: encoder/kernel
 * top-level optimizer → 2 parameters: dense/kernel, out/kernel
 * warning: decay[1].params.exclude[0]: exclude pattern "x" matched no parameter
 * ```
 *
 * @param plan - The plan from `planDecay`.
 * @returns The description, lines joined with `\n`.
 */
export function describeDecayPlan(plan: DecayPlan): string {
  const lines = plan.terms.map((entry) => `decay[${entry.index}] ${describeTerm(entry.term)} → ${listParameters(entry.parameters)}`);
  if (plan.terms.length === 0) lines.push('no decay terms');
  for (const entry of plan.groups ?? [])
    lines.push(`groups[${entry.index}] ${describeGroup(entry.group)} → ${listParameters(entry.parameters)}`);
  if (plan.ungrouped !== undefined) lines.push(`top-level optimizer → ${listParameters(plan.ungrouped)}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

function listParameters(names: readonly string[]): string {
  return `${names.length} parameter${names.length === 1 ? '' : 's'}${names.length === 0 ? '' : `: ${names.join(', ')}`}`;
}

function describeGroup(group: ResolvedParameterGroup): string {
  const parts = [`learningRateScale=${group.learningRateScale}`];
  for (const [key, value] of Object.entries(group.optimizer)) {
    parts.push(key === 'learningRate' ? `learningRate=${describeRate(value as ResolvedScalarOrSchedule)}` : `${key}=${String(value)}`);
  }
  return parts.join(' ');
}

function describeTerm(term: ResolvedDecayTerm): string {
  const parts: string[] = [term.type === 'l1' ? `l1 (${term.method})` : term.type, `rate=${describeRate(term.rate)}`];
  if ('scaling' in term) parts.push(`scaling=${term.scaling}`);
  if ('cautious' in term && term.cautious) parts.push('cautious');
  return parts.join(' ');
}

function describeRate(rate: ResolvedScalarOrSchedule): string {
  return typeof rate === 'number' ? String(rate) : `${rate.type} schedule`;
}
