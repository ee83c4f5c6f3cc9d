/**
 * Config 1.1 `groups` in the emitted PyTorch module: which torch optimizer
 * runs each group, with which param-group options, and each group's η_peak.
 *
 * A group that only overrides fields of the top-level optimizer is a param
 * group of the top-level torch optimizer (PyTorch's own way to give parameters
 * another lr or betas; lr = learningRateScale·η_t is set before every step).
 * A group with an optimizer type of its own cannot share one torch optimizer
 * with the others: it gets a torch optimizer of its own, stepped in the same
 * `step()`, with its state saved beside the others'.
 *
 * @packageDocumentation
 */
import { type ResolvedConfig, groupLearningRate, groupOptimizer } from '../config/index.js';
import { hasOwnOptimizer } from '../config/resolve-groups.js';
import { schedulePeak } from '../schedules/index.js';
import { pythonLiteral } from './python-literal.js';
import { torchOptimizerSource, torchParamGroupOptions } from './torch-optimizer-source.js';

function unit(prefix: string): string {
  return `{"make": ${prefix}make_torch_optimizer, "slots": ${prefix}SLOTS, "initial": ${prefix}INITIAL_SLOT_VALUE, "step_kind": ${prefix}TORCH_STEP_KIND, "direction": ${prefix}step_direction}`;
}

/**
 * The Python definitions of the config's groups: a torch optimizer source per
 * group that needs one, `UNITS` (by group index, `None` for the top level),
 * `GROUP_TORCH_OPTIONS` (per group: its param-group options in the top-level
 * torch optimizer, or `None` when it has its own) and `GROUP_PEAK_LEARNING_RATES`.
 *
 * @param config - a resolved config (one without groups gives empty tables).
 */
export function pythonGroups(config: ResolvedConfig): string {
  const groups = config.groups ?? [];
  const options = groups.map((group) => (hasOwnOptimizer(group) ? undefined : torchParamGroupOptions(groupOptimizer(config, group))));
  const own = options.flatMap((option, i) => (option === undefined ? [i] : []));
  const peaks = groups.map((group) => group.learningRateScale * schedulePeak(groupLearningRate(group) ?? config.optimizer.learningRate));
  const sources = own.map((i) => torchOptimizerSource(groupOptimizer(config, groups[i]!), `group${i}_`));
  const units = [`None: ${unit('')}`, ...own.map((i) => `${i}: ${unit(`group${i}_`)}`)];
  return `${sources.join('\n\n')}
# Config 1.1 groups. The torch optimizer of the top level (key None) and of each group with an optimizer of its own.
UNITS = {${units.join(', ')}}
# Per entry of CONFIG["groups"]: its param-group options in the top-level torch optimizer, or None when it has its own.
GROUP_TORCH_OPTIONS = [${options.map((o) => o ?? 'None').join(', ')}]
# Per entry of CONFIG["groups"]: eta_peak of its learning rate times its learningRateScale ("relative" scaling divides by it).
GROUP_PEAK_LEARNING_RATES = ${pythonLiteral(peaks)}
`;
}
