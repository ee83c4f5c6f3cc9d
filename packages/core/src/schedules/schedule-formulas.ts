/**
 * The closed forms of every schedule, as pure functions of t. Internal: the
 * public entry point is `createSchedule`, which validates first.
 *
 * Where PyTorch 1.13 has the schedule, the arithmetic follows its
 * `_get_closed_form_lr` (or `get_lr`) operation by operation, so values agree
 * to the last bit or two.
 *
 * @packageDocumentation
 */
import type { ResolvedScalarOrSchedule, ResolvedSchedule } from '../config/config-types.js';

/** A schedule evaluated at t, the number of completed updates (an integer ≥ 0). */
export type ScheduleFn = (t: number) => number;

/** How many of the strictly increasing `steps` are ≤ t (Python's `bisect_right`). */
export function countReached(steps: readonly number[], t: number): number {
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (steps[mid]! <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `initial·gamma^exponent`, but 0 when initial is 0 (0·∞ would be NaN for a growing gamma). */
function scaledPower(initial: number, gamma: number, exponent: number): number {
  return initial === 0 ? 0 : initial * gamma ** exponent;
}

/**
 * `start + (end − start)·min(t, steps)/steps`, kept between start and end:
 * the rounded product could otherwise overshoot `end` by an ulp (e.g. land at
 * −1e-17 when decaying to 0), and a rate must never turn negative.
 */
function interpolate(start: number, end: number, t: number, steps: number): number {
  if (t >= steps) return end;
  const value = start + ((end - start) * t) / steps;
  return Math.min(Math.max(value, Math.min(start, end)), Math.max(start, end));
}

/** PyTorch's `_annealing_cos`: from `start` to `end` as pct goes 0 → 1. */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

/** PyTorch CosineAnnealingLR's closed form at T_cur / T_i. */
function cosineAt(initial: number, minimum: number, current: number, period: number): number {
  return minimum + ((initial - minimum) * (1 + Math.cos((Math.PI * current) / period))) / 2;
}

/**
 * T_cur and T_i of PyTorch's CosineAnnealingWarmRestarts at epoch t, from its
 * `step(epoch)` path. For T_mult > 1 this uses PyTorch's
 * `n = int(log(t/T_0·(T_mult−1) + 1, T_mult))`, whose rounding can put t
 * exactly at a restart into the previous period (T_cur = T_i, i.e. the minimum
 * instead of the initial value) — as PyTorch does.
 */
export function restartPosition(t: number, firstPeriod: number, periodMultiplier: number): [number, number] {
  if (t < firstPeriod) return [t, firstPeriod];
  if (periodMultiplier === 1) return [t % firstPeriod, firstPeriod];
  const n = Math.trunc(Math.log((t / firstPeriod) * (periodMultiplier - 1) + 1) / Math.log(periodMultiplier));
  const current = t - (firstPeriod * (periodMultiplier ** n - 1)) / (periodMultiplier - 1);
  return [current, firstPeriod * periodMultiplier ** n];
}

/** Builds the function of an already-resolved schedule. */
export function buildSchedule(s: ResolvedScalarOrSchedule): ScheduleFn {
  if (typeof s === 'number') return () => s;
  return buildObject(s);
}

function buildObject(s: ResolvedSchedule): ScheduleFn {
  switch (s.type) {
    case 'constant': {
      const { value } = s;
      return () => value;
    }
    case 'step': {
      // PyTorch StepLR: base_lr * gamma ** (last_epoch // step_size).
      const { initial, stepSize, gamma } = s;
      return (t) => scaledPower(initial, gamma, Math.floor(t / stepSize));
    }
    case 'multistep': {
      // PyTorch MultiStepLR: base_lr * gamma ** bisect_right(milestones, last_epoch).
      const { initial, milestones, gamma } = s;
      return (t) => scaledPower(initial, gamma, countReached(milestones, t));
    }
    case 'exponential': {
      // PyTorch ExponentialLR (transitionSteps 1): base_lr * gamma ** last_epoch; optax's
      // exponential_decay adds transition steps, staircase and the floor.
      const { initial, gamma, transitionSteps, staircase, floor } = s;
      return (t) => {
        const exponent = staircase ? Math.floor(t / transitionSteps) : t / transitionSteps;
        return Math.max(floor, scaledPower(initial, gamma, exponent));
      };
    }
    case 'cosine': {
      // PyTorch CosineAnnealingLR's closed form, clamped at decaySteps (PyTorch's rises again after T_max).
      const { initial, decaySteps, minimum } = s;
      return (t) => cosineAt(initial, minimum, Math.min(t, decaySteps), decaySteps);
    }
    case 'cosine-restarts': {
      const { initial, firstPeriod, periodMultiplier, minimum } = s;
      return (t) => {
        const [current, period] = restartPosition(t, firstPeriod, periodMultiplier);
        return cosineAt(initial, minimum, current, period);
      };
    }
    case 'linear': {
      const { start, end, steps } = s;
      return (t) => interpolate(start, end, t, steps);
    }
    case 'polynomial': {
      // PyTorch PolynomialLR (end 0): base_lr * (1 - min(total_iters, t) / total_iters) ** power.
      const { initial, end, decaySteps, power } = s;
      return (t) => (initial - end) * (1 - Math.min(t, decaySteps) / decaySteps) ** power + end;
    }
    case 'inverse-time': {
      const { initial, decayRate, decaySteps, staircase } = s;
      return (t) => {
        const progress = staircase ? Math.floor(t / decaySteps) : t / decaySteps;
        return initial / (1 + decayRate * progress);
      };
    }
    case 'piecewise': {
      const { boundaries, values } = s;
      return (t) => values[countReached(boundaries, t)]!;
    }
    case 'one-cycle':
      return buildOneCycle(s);
    case 'warmup': {
      const { steps, start } = s;
      const then = buildSchedule(s.then);
      const target = then(0);
      return (t) => (t < steps ? interpolate(start, target, t, steps) : then(t - steps));
    }
    case 'sequence': {
      // PyTorch SequentialLR calls the next scheduler's step(0) at each milestone:
      // piece i sees local time t − boundaries[i−1].
      const { boundaries } = s;
      const pieces = s.schedules.map(buildSchedule);
      return (t) => {
        const index = countReached(boundaries, t);
        return pieces[index]!(index === 0 ? t : t - boundaries[index - 1]!);
      };
    }
  }
}

/**
 * PyTorch OneCycleLR, `anneal_strategy='cos'`, `three_phase=False`:
 * phase 1 anneals maximum/divFactor → maximum over steps [0, e₁] with
 * e₁ = pctStart·totalSteps − 1 (a float, as PyTorch); phase 2 anneals
 * maximum → maximum/divFactor/finalDivFactor over (e₁, totalSteps − 1].
 *
 * Two choices where PyTorch has no answer: when e₁ = 0 exactly PyTorch
 * divides 0 by 0 (ZeroDivisionError) at t = 0; here t = 0 is the end of
 * phase 1, i.e. `maximum`. After totalSteps − 1 (PyTorch evaluates one more
 * step past the cycle, then raises) the value stays at the final minimum.
 */
function buildOneCycle(s: Extract<ResolvedSchedule, { type: 'one-cycle' }>): ScheduleFn {
  const { maximum, totalSteps, pctStart, divFactor, finalDivFactor } = s;
  const initialLr = maximum / divFactor;
  const minLr = initialLr / finalDivFactor;
  const warmupEnd = pctStart * totalSteps - 1;
  const end = totalSteps - 1;
  return (t) => {
    if (t <= warmupEnd) {
      const pct = warmupEnd === 0 ? 1 : t / warmupEnd;
      return annealCos(initialLr, maximum, pct);
    }
    if (t >= end) return minLr;
    return annealCos(maximum, minLr, (t - warmupEnd) / (end - warmupEnd));
  };
}
