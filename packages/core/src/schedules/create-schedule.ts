/**
 * {@link createSchedule}: a validated schedule as a function of t.
 *
 * @packageDocumentation
 */
import type { ConfigError } from '../config/errors.js';
import type { ResolvedScalarOrSchedule, ScalarOrSchedule } from '../config/config-types.js';
import { WeightDecayError } from '../config/errors.js';
import { resolveScheduleOrScalar } from '../config/resolve-schedule.js';
import { buildSchedule, type ScheduleFn } from './schedule-formulas.js';

export type { ScheduleFn } from './schedule-formulas.js';

/**
 * Turns a number or a schedule (docs/guides/config-reference.md) into a pure function of t, the
 * number of completed updates; update k+1 uses the value at t = k.
 * Where PyTorch 1.13 has the schedule, values follow its closed forms.
 *
 * The config is validated here, eagerly, so a bad schedule fails when it is
 * created, not halfway through training. The returned function throws a
 * {@link WeightDecayError} if t is not an integer ≥ 0.
 *
 * @param s - a number (finite, ≥ 0) or a schedule object, resolved or not.
 * @param path - where `s` sits, for error paths; default `'schedule'`.
 * @throws {@link ConfigError} naming the offending field, e.g. `schedule.then.decaySteps`.
 * @example
 * ```ts
 * const lr = createSchedule({ type: 'warmup', steps: 100, then: { type: 'cosine', initial: 1e-3, decaySteps: 900 } });
 * lr(0);   // 0
 * lr(100); // 1e-3
 * ```
 */
export function createSchedule(s: ScalarOrSchedule | ResolvedScalarOrSchedule, path = 'schedule'): ScheduleFn {
  const evaluate = buildSchedule(resolveScheduleOrScalar(s, path));
  return (t: number) => {
    if (!Number.isSafeInteger(t) || t < 0) {
      throw new WeightDecayError(`${path}: t must be an integer ≥ 0 (completed updates), received ${String(t)}`);
    }
    return evaluate(t);
  };
}
