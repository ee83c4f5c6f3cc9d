import type { ResolvedDecayTerm, ResolvedScalarOrSchedule } from '../config/index.js';
import type { DecayPlan } from './plan-decay.js';

/**
 * A human-readable dry run of a {@link DecayPlan}: one line per term naming
 * the term, its rate and scaling, and every parameter it touches, followed by
 * one line per warning. Meant for logs before training starts.
 *
 * @example
 * ```text
 * decay[0] decoupled rate=0.01 scaling=learning-rate → 2 parameters: dense/kernel, out/kernel
 * decay[1] l2 rate=cosine schedule → 0 parameters
 * warning: decay[1].params.exclude[0]: exclude pattern "x" matched no parameter
 * ```
 *
 * @param plan - The plan from `planDecay`.
 * @returns The description, lines joined with `\n`.
 */
export function describeDecayPlan(plan: DecayPlan): string {
  const lines = plan.terms.map((entry) => {
    const count = entry.parameters.length;
    const list = count === 0 ? '' : `: ${entry.parameters.join(', ')}`;
    return `decay[${entry.index}] ${describeTerm(entry.term)} → ${count} parameter${count === 1 ? '' : 's'}${list}`;
  });
  if (plan.terms.length === 0) lines.push('no decay terms');
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
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
