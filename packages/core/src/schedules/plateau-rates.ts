/**
 * Every reduce-on-plateau learning rate of one config (config 1.1): the top
 * level's, and each group's own (`groups[i].optimizer.learningRate`). Each has
 * its own counters, and every reported metric drives all of them, as one
 * PyTorch `ReduceLROnPlateau` per optimizer would be stepped with the same
 * validation loss. A group without a learning rate of its own scales the top
 * level's (reduced) rate. Drivers keep a {@link PlateauRates} value and replace
 * it at each report, so a failed report changes nothing.
 *
 * @packageDocumentation
 */
import type { ResolvedConfig, ResolvedReduceOnPlateau } from '../config/config-types.js';
import { ConfigError, StateError, describeReceived } from '../config/errors.js';
import { isReduceOnPlateau } from '../config/resolve-plateau.js';
import { groupLearningRate } from '../config/resolve-groups.js';
import { checkPlateauState, initialPlateauState, reportPlateauMetric } from './reduce-on-plateau.js';
import type { PlateauState } from './reduce-on-plateau.js';

/** The state of each reduce-on-plateau learning rate of a config. JSON-safe. */
export interface PlateauRates {
  /** The top-level learning rate's state, or null when that rate is a number or a schedule of t. */
  readonly top: PlateauState | null;
  /** Per entry of `config.groups`, in order: its own reduce-on-plateau learning rate's state, or null. */
  readonly groups: readonly (PlateauState | null)[];
}

/** How {@link PlateauRates} is saved in a state (core's `UpdaterState`, the tfjs weights, the PyTorch module's state dict). */
export interface SavedPlateauRates {
  /** The top-level learning rate's state. */
  plateau?: PlateauState;
  /** Per entry of `config.groups`: its own learning rate's state, or null; present only when some group has one. */
  groupPlateaus?: (PlateauState | null)[];
}

/** The reduce-on-plateau learning rates of a config: the top level's and, per group, its own (null where there is none). */
export function plateauSchedules(config: ResolvedConfig): {
  top: ResolvedReduceOnPlateau | null;
  groups: (ResolvedReduceOnPlateau | null)[];
} {
  const top = config.optimizer.learningRate;
  return {
    top: isReduceOnPlateau(top) ? top : null,
    groups: (config.groups ?? []).map((group) => {
      const own = groupLearningRate(group);
      return isReduceOnPlateau(own) ? own : null;
    }),
  };
}

/** Fresh states (every rate at its `initial`), or null when the config has no reduce-on-plateau learning rate. */
export function initialPlateauRates(config: ResolvedConfig): PlateauRates | null {
  const schedules = plateauSchedules(config);
  if (schedules.top === null && schedules.groups.every((s) => s === null)) return null;
  const fresh = (s: ResolvedReduceOnPlateau | null): PlateauState | null => (s === null ? null : initialPlateauState(s));
  return { top: fresh(schedules.top), groups: schedules.groups.map(fresh) };
}

/**
 * The states after one reported metric: every reduce-on-plateau learning rate
 * of the config sees it (PyTorch `ReduceLROnPlateau.step(metric)` on each).
 *
 * @param config - the resolved config.
 * @param rates - the states before the report (not modified); null for fresh ones.
 * @param metric - the value reported, e.g. the validation loss of an epoch.
 * @throws ConfigError (path `optimizer.learningRate`) when the config has no reduce-on-plateau learning rate.
 * @throws WeightDecayError when `metric` is not a number.
 */
export function reportPlateauRates(config: ResolvedConfig, rates: PlateauRates | null, metric: number): PlateauRates {
  const schedules = plateauSchedules(config);
  const current = rates ?? initialPlateauRates(config);
  if (current === null) {
    throw new ConfigError(
      'optimizer.learningRate',
      'a reduce-on-plateau learning rate, at the top level or in a group (only that one follows reported metrics)',
      config.optimizer.learningRate,
    );
  }
  const report = (s: ResolvedReduceOnPlateau | null, state: PlateauState | null): PlateauState | null =>
    s === null ? null : reportPlateauMetric(s, state ?? initialPlateauState(s), metric);
  return { top: report(schedules.top, current.top), groups: schedules.groups.map((s, i) => report(s, current.groups[i] ?? null)) };
}

/** The states as a saved state holds them (see {@link SavedPlateauRates}). */
export function savePlateauRates(rates: PlateauRates | null): SavedPlateauRates {
  const saved: SavedPlateauRates = {};
  if (rates === null) return saved;
  if (rates.top !== null) saved.plateau = { ...rates.top };
  if (rates.groups.some((s) => s !== null)) saved.groupPlateaus = rates.groups.map((s) => (s === null ? null : { ...s }));
  return saved;
}

/**
 * The states a saved state holds, checked against the config: each
 * reduce-on-plateau learning rate takes its saved counters, or starts afresh
 * when the state was saved without them; saved counters for a rate the config
 * does not reduce on a plateau are ignored.
 *
 * @param config - the resolved config the states will serve.
 * @param saved - the saved `plateau` and `groupPlateaus` entries (unchecked).
 * @param pathOf - where an entry sits, for the StateError (default: its key).
 * @throws StateError naming the malformed entry; nothing is returned then.
 */
export function restorePlateauRates(
  config: ResolvedConfig,
  saved: { plateau?: unknown; groupPlateaus?: unknown },
  pathOf: (key: keyof SavedPlateauRates) => string = (key) => key,
): PlateauRates | null {
  const fresh = initialPlateauRates(config);
  if (fresh === null) return null;
  const groupsSaved = saved.groupPlateaus;
  if (groupsSaved !== undefined && (!Array.isArray(groupsSaved) || groupsSaved.length !== fresh.groups.length)) {
    throw new StateError(
      pathOf('groupPlateaus'),
      `expected an array of ${fresh.groups.length} entries (one per group, null without a plateau rate), received ${describeReceived(groupsSaved)}`,
    );
  }
  const restore = (state: PlateauState | null, value: unknown, path: string): PlateauState | null =>
    state === null || value === undefined || value === null ? state : checkPlateauState(value, path);
  return {
    top: restore(fresh.top, saved.plateau, pathOf('plateau')),
    groups: fresh.groups.map((state, i) => restore(state, (groupsSaved as unknown[] | undefined)?.[i], `${pathOf('groupPlateaus')}[${i}]`)),
  };
}
