/**
 * {@link schedulePeak}: the largest value a schedule takes (η_peak in docs/guides/decay-contract.md).
 *
 * @packageDocumentation
 */
import type { ConfigError } from '../config/errors.js';
import type { LearningRate, ResolvedLearningRate, ResolvedScalarOrSchedule, ResolvedSchedule } from '../config/config-types.js';
import { isReduceOnPlateau } from '../config/resolve-plateau.js';
import { resolveScheduleOrScalar } from '../config/resolve-schedule.js';
import { buildSchedule, countReached } from './schedule-formulas.js';

/**
 * The largest value of a schedule over every integer t ≥ 0 — η_peak, the
 * divisor of `relative` scaling (docs/guides/decay-contract.md). For a number, the number.
 *
 * Exact over integer t, not the nominal parameter: e.g. a one-cycle whose
 * phase-1 end pctStart·totalSteps − 1 is not an integer never quite reaches
 * `maximum`, and its peak is the largest value it does reach. Composite
 * schedules are bounded piece by piece over the steps each piece actually runs:
 * `warmup` gives max(start, peak of `then`); `sequence` gives the largest of
 * each piece's peak over its own window [0, boundaries[i] − boundaries[i−1]),
 * so a growing piece cut off by a boundary stays finite.
 *
 * Returns `Infinity` when the schedule grows without bound (`step` or
 * `exponential` with gamma > 1 and a positive initial value, running forever).
 * A `cosine-restarts` with minimum above initial and periodMultiplier > 1
 * approaches `minimum` without reaching it; its least upper bound `minimum`
 * is returned.
 *
 * For `reduce-on-plateau` (config 1.1), `initial`: reductions only lower the rate.
 *
 * @param s - a number, a schedule or reduce-on-plateau, resolved or not (validated here).
 * @throws {@link ConfigError} if `s` is not a valid schedule.
 */
export function schedulePeak(s: LearningRate | ResolvedLearningRate): number {
  if (isReduceOnPlateau(s)) return s.initial;
  return peakWithin(resolveScheduleOrScalar(s, 'schedule'), Infinity);
}

/** Largest value over t ∈ [0, horizon − 1] (horizon ≥ 1, possibly Infinity). */
function peakWithin(s: ResolvedScalarOrSchedule, horizon: number): number {
  if (typeof s === 'number') return s;
  const f = buildSchedule(s);
  const last = horizon - 1;
  const endpoints = (flatFrom: number): number => Math.max(f(0), f(Math.min(last, flatFrom)));
  return peakOfObject(s, f, last, horizon, endpoints);
}

function peakOfObject(
  s: ResolvedSchedule,
  f: (t: number) => number,
  last: number,
  horizon: number,
  endpoints: (flatFrom: number) => number,
): number {
  switch (s.type) {
    case 'constant':
      return s.value;
    case 'step':
      if (s.gamma <= 1 || s.initial === 0) return s.initial;
      return Number.isFinite(last) ? f(last) : Infinity;
    case 'multistep':
      // f(0), not initial: a milestone at 0 applies gamma from the start.
      if (s.gamma <= 1) return f(0);
      return f(Math.min(last, s.milestones.at(-1) ?? 0));
    case 'exponential':
      if (s.gamma <= 1 || s.initial === 0) return f(0);
      return Number.isFinite(last) ? f(last) : Infinity;
    // Monotone in t, flat after their last step: the peak is at an end.
    case 'cosine':
      return endpoints(s.decaySteps);
    case 'linear':
      return endpoints(s.steps);
    case 'polynomial':
      return endpoints(s.decaySteps);
    case 'inverse-time':
      return s.initial;
    case 'piecewise':
      // values before the first boundary ≤ 0 are never used.
      return Math.max(...s.values.slice(countReached(s.boundaries, 0), countReached(s.boundaries, last) + 1));
    case 'one-cycle': {
      // Each phase is monotone, and the value is flat after totalSteps − 1.
      const end = Math.min(last, s.totalSteps - 1);
      const warmupEnd = Math.floor(s.pctStart * s.totalSteps - 1);
      const candidates = [0, warmupEnd, warmupEnd + 1, end].filter((t) => t >= 0 && t <= end);
      return Math.max(...candidates.map(f));
    }
    case 'cosine-restarts': {
      if (s.initial >= s.minimum) return s.initial;
      // Rising within each period: look at the ends of the periods inside the horizon.
      if (!Number.isFinite(last) && s.periodMultiplier > 1) return s.minimum;
      const candidates = [0];
      if (Number.isFinite(last)) candidates.push(last);
      let period = s.firstPeriod;
      for (let restart = s.firstPeriod; restart <= last; restart += period) {
        // Restarts themselves too: PyTorch's log formula may place t there at T_cur = T_i.
        candidates.push(restart - 1, restart);
        if (s.periodMultiplier === 1) break;
        period *= s.periodMultiplier;
      }
      if (!Number.isFinite(last)) candidates.push(s.firstPeriod - 1);
      return Math.max(...candidates.filter((t) => t <= last).map(f));
    }
    case 'warmup':
      return Math.max(f(0), last < s.steps ? f(last) : peakWithin(s.then, horizon - s.steps));
    case 'sequence': {
      let peak = -Infinity;
      s.schedules.forEach((piece, i) => {
        const begin = i === 0 ? 0 : s.boundaries[i - 1]!;
        const end = i < s.boundaries.length ? s.boundaries[i]! : Infinity;
        if (begin > last) return;
        peak = Math.max(peak, peakWithin(piece, Math.min(end, horizon) - begin));
      });
      return peak;
    }
  }
}
