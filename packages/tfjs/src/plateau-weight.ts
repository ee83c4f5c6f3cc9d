/**
 * Reduce-on-plateau state (config 1.1) in a tfjs optimizer: the state machine
 * is core's; here it is kept per optimizer and saved with `getWeights` as
 * one string scalar holding its JSON, so `includeOptimizer` keeps the rate and
 * the best metric to the last float64 bit.
 */
import { scalar } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { StateError, checkPlateauState, initialPlateauState, isReduceOnPlateau, plateauOf, reportPlateauMetric } from '@weight-decay/core';
import type { PlateauState, ResolvedConfig } from '@weight-decay/core';
import type { NamedTensor } from './gradient-list.js';

/** The saved weight's name (no `/`, so it can never be a variable's slot). */
export const plateauWeightName = 'plateau';

/** A fresh plateau state for a reduce-on-plateau config, null otherwise. */
export function initialPlateauOf(config: ResolvedConfig): PlateauState | null {
  const learningRate = config.optimizer.learningRate;
  return isReduceOnPlateau(learningRate) ? initialPlateauState(learningRate) : null;
}

/** The state after one reported metric (ConfigError when the learning rate is not reduce-on-plateau). */
export function reportedPlateau(config: ResolvedConfig, state: PlateauState | null, value: number): PlateauState {
  const schedule = plateauOf(config.optimizer.learningRate, 'optimizer.learningRate');
  return reportPlateauMetric(schedule, state ?? initialPlateauState(schedule), value);
}

/** The state as a string scalar for `getWeights`. */
export function plateauWeight(state: PlateauState): Tensor {
  return scalar(JSON.stringify(state), 'string');
}

/**
 * The plateau state saved among `weightValues`, checked: for a reduce-on-plateau
 * config, the saved one or (saved without one) a fresh one; null otherwise.
 *
 * @throws StateError naming `weights["plateau"]` when it is malformed.
 */
export async function readPlateauWeight(config: ResolvedConfig, weightValues: readonly NamedTensor[]): Promise<PlateauState | null> {
  const fresh = initialPlateauOf(config);
  const saved = weightValues.find((w) => w.name === plateauWeightName);
  if (fresh === null || saved === undefined) return fresh;
  const path = `weights[${JSON.stringify(plateauWeightName)}]`;
  if (saved.tensor.dtype !== 'string' || saved.tensor.size !== 1) throw new StateError(path, 'expected a string scalar');
  const text = (await saved.tensor.data())[0];
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(text));
  } catch {
    throw new StateError(path, 'expected the plateau state as JSON');
  }
  return checkPlateauState(parsed, path);
}
