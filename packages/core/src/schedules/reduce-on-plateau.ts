/**
 * Reduce-on-plateau (config 1.1) as a pure, serializable state machine:
 * PyTorch 1.13 `ReduceLROnPlateau.step(metric)` exactly, eps 1e-8 included.
 * Drivers keep a {@link PlateauState}, replace it with
 * {@link reportPlateauMetric} at each report, and read `rate` at each update.
 *
 * @packageDocumentation
 */
import type { ResolvedReduceOnPlateau } from '../config/config-types.js';
import { StateError, WeightDecayError, describeReceived } from '../config/errors.js';

/** PyTorch's `eps`: a reduction smaller than this is not applied. */
export const plateauEpsilon = 1e-8;

/** A metric value as JSON can hold it: ±Infinity as strings (as golden grads do). */
export type PlateauBest = number | 'Infinity' | '-Infinity';

/** The whole state of a reduce-on-plateau learning rate, JSON-safe. */
export interface PlateauState {
  /** The learning rate the next update uses, before any group scale. */
  rate: number;
  /** The best metric so far; before the first report the worst value of the mode (PyTorch `mode_worse`). */
  best: PlateauBest;
  /** Reports since the last improvement (PyTorch `num_bad_epochs`). */
  badReports: number;
  /** Reports still ignored after a reduction (PyTorch `cooldown_counter`). */
  cooldownLeft: number;
  /** Metrics reported so far (PyTorch `last_epoch`). */
  reports: number;
}

function toNumber(best: PlateauBest): number {
  if (best === 'Infinity') return Number.POSITIVE_INFINITY;
  if (best === '-Infinity') return Number.NEGATIVE_INFINITY;
  return best;
}

function toBest(value: number): PlateauBest {
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** The state before any report: the rate is `initial`. */
export function initialPlateauState(schedule: ResolvedReduceOnPlateau): PlateauState {
  return { rate: schedule.initial, best: schedule.mode === 'min' ? 'Infinity' : '-Infinity', badReports: 0, cooldownLeft: 0, reports: 0 };
}

/** PyTorch `is_better`, term for term (so rounding matches). */
function isBetter(schedule: ResolvedReduceOnPlateau, a: number, best: number): boolean {
  const { mode, thresholdMode, threshold } = schedule;
  if (mode === 'min' && thresholdMode === 'rel') return a < best * (1 - threshold);
  if (mode === 'min') return a < best - threshold;
  if (thresholdMode === 'rel') return a > best * (threshold + 1);
  return a > best + threshold;
}

/**
 * The state after one reported metric (PyTorch `ReduceLROnPlateau.step`). A
 * NaN metric is never an improvement, as in PyTorch.
 *
 * @param schedule - the resolved reduce-on-plateau learning rate.
 * @param state - the state before the report (not modified).
 * @param metric - the value reported, e.g. the validation loss of an epoch.
 * @returns a new state.
 * @throws WeightDecayError when `metric` is not a number.
 */
export function reportPlateauMetric(schedule: ResolvedReduceOnPlateau, state: PlateauState, metric: number): PlateauState {
  if (typeof metric !== 'number') throw new WeightDecayError(`reportMetric: expected a number, received ${describeReceived(metric)}`);
  let best = toNumber(state.best);
  let badReports = state.badReports;
  let cooldownLeft = state.cooldownLeft;
  let rate = state.rate;
  if (isBetter(schedule, metric, best)) {
    best = metric;
    badReports = 0;
  } else {
    badReports += 1;
  }
  if (cooldownLeft > 0) {
    cooldownLeft -= 1;
    badReports = 0;
  }
  if (badReports > schedule.patience) {
    const reduced = Math.max(rate * schedule.factor, schedule.minimum);
    if (rate - reduced > plateauEpsilon) rate = reduced;
    cooldownLeft = schedule.cooldown;
    badReports = 0;
  }
  return { rate, best: toBest(best), badReports, cooldownLeft, reports: state.reports + 1 };
}

const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Checks a saved plateau state before it replaces a live one.
 *
 * @param state - the saved value.
 * @param path - where it sits, for the StateError.
 * @throws StateError naming the offending entry.
 */
export function checkPlateauState(state: unknown, path: string): PlateauState {
  if (typeof state !== 'object' || state === null)
    throw new StateError(path, `expected the plateau state object, received ${describeReceived(state)}`);
  const s = state as Record<string, unknown>;
  const rate = s.rate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new StateError(`${path}.rate`, `expected a finite number ≥ 0, received ${describeReceived(rate)}`);
  }
  const best = s.best;
  const bestOk = best === 'Infinity' || best === '-Infinity' || (typeof best === 'number' && Number.isFinite(best));
  if (!bestOk)
    throw new StateError(`${path}.best`, `expected a finite number, "Infinity" or "-Infinity", received ${describeReceived(best)}`);
  for (const key of ['badReports', 'cooldownLeft', 'reports'] as const) {
    if (!isCount(s[key])) throw new StateError(`${path}.${key}`, `expected an integer ≥ 0, received ${describeReceived(s[key])}`);
  }
  return {
    rate,
    best: best as PlateauBest,
    badReports: s.badReports as number,
    cooldownLeft: s.cooldownLeft as number,
    reports: s.reports as number,
  };
}
