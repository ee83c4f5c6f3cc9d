/**
 * Reduce-on-plateau state (config 1.1) in a tfjs optimizer: the state machine
 * is core's (`PlateauRates`: the top-level rate's and each group's own); here
 * it is saved with `getWeights` as string scalars holding JSON, one per entry
 * of core's saved form (`plateau`, and `groupPlateaus` when a group has its
 * own), so `includeOptimizer` keeps each rate and best metric to the last float64 bit.
 */
import { scalar } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { StateError, restorePlateauRates, savePlateauRates } from '@weight-decay/core';
import type { PlateauRates, ResolvedConfig, SavedPlateauRates } from '@weight-decay/core';
import type { NamedTensor } from './gradient-list.js';

/** The saved weights' names (no `/`, so none can ever be a variable's slot). */
export const plateauWeightNames: readonly (keyof SavedPlateauRates)[] = ['plateau', 'groupPlateaus'];

const pathOf = (name: string): string => `weights[${JSON.stringify(name)}]`;

/** The states as named string scalars for `getWeights` (none without a reduce-on-plateau rate). */
export function plateauWeights(rates: PlateauRates | null): { name: string; make: () => Tensor }[] {
  return Object.entries(savePlateauRates(rates)).map(([name, value]) => ({ name, make: () => scalar(JSON.stringify(value), 'string') }));
}

/**
 * The plateau states saved among `weightValues`, checked: for each
 * reduce-on-plateau rate of the config, the saved one or (saved without one)
 * a fresh one; null when the config has none.
 *
 * @throws StateError naming the weight, e.g. `weights["plateau"].rate`, when it is malformed.
 */
export async function readPlateauWeights(config: ResolvedConfig, weightValues: readonly NamedTensor[]): Promise<PlateauRates | null> {
  const saved: Record<string, unknown> = {};
  for (const name of plateauWeightNames) {
    const weight = weightValues.find((w) => w.name === name);
    if (weight === undefined) continue;
    if (weight.tensor.dtype !== 'string' || weight.tensor.size !== 1) throw new StateError(pathOf(name), 'expected a string scalar');
    const text = (await weight.tensor.data())[0];
    try {
      saved[name] = JSON.parse(String(text));
    } catch {
      throw new StateError(pathOf(name), 'expected the plateau state as JSON');
    }
  }
  return restorePlateauRates(config, saved, pathOf);
}
