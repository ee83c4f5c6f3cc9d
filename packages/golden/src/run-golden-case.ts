import { createSchedule, type ScalarOrSchedule } from '@weight-decay/core';

import { CloseChecker } from './check-close.js';
import type { GoldenBackend, OptimizerRun } from './golden-backend.js';
import {
  REFERENCE_TOLERANCE,
  type GoldenFixture,
  type GoldenStep,
  type GoldenTolerance,
  type InvalidConfigFixture,
  type OptimizerFixture,
  type ScheduleFixture,
} from './fixture-types.js';

/** The outcome of one case on one backend. */
export interface GoldenCaseResult {
  /** The case name. */
  name: string;
  /** The case kind. */
  kind: GoldenFixture['kind'];
  /** Whether the backend reproduced the case. */
  status: 'pass' | 'fail';
  /** Largest |actual − expected| over every number checked (0 for invalid-config cases). */
  worstError: number;
  /** Largest |actual − expected| / (atol + rtol·|expected|); ≤ 1 when passing. */
  worstRatio: number;
  /** One line: the worst error on success, what went wrong on failure. */
  message: string;
  /** The tolerance applied (absent for invalid-config cases). */
  tolerance?: GoldenTolerance;
}

/**
 * The tolerance a backend is held to for a case: float64 backends the case's
 * `referenceTolerance` (default rtol 1e-9, atol 1e-12), float32 backends its `tolerance`.
 */
export function toleranceFor(backend: Pick<GoldenBackend, 'precision'>, fixture: OptimizerFixture | ScheduleFixture): GoldenTolerance {
  if (fixture.kind === 'schedule') {
    // Schedules are evaluated in JS doubles by every backend; the case states one tolerance.
    return fixture.tolerance;
  }
  return backend.precision === 'float64' ? (fixture.referenceTolerance ?? REFERENCE_TOLERANCE) : fixture.tolerance;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function key(name: string): string {
  return JSON.stringify(name);
}

function finish(fixture: GoldenFixture, checker: CloseChecker): GoldenCaseResult {
  const r = checker.report();
  const result: GoldenCaseResult = {
    name: fixture.name,
    kind: fixture.kind,
    status: r.ok ? 'pass' : 'fail',
    worstError: r.worstError,
    worstRatio: r.worstRatio,
    message: r.ok
      ? `worst |Δ| ${r.worstError.toExponential(2)}, ${r.worstRatio.toExponential(1)} of the tolerance (rtol ${checker.tolerance.rtol.toExponential()}, atol ${checker.tolerance.atol.toExponential()})`
      : (r.failure as string),
    tolerance: checker.tolerance,
  };
  return result;
}

/** The config 1.1 step fields, each checked when the case has it and the backend offers the matching method. */
async function checkAfterUpdate(
  run: OptimizerRun,
  step: GoldenStep,
  at: string,
  checker: CloseChecker,
  skippedSoFar: number,
): Promise<void> {
  if (step.gradNorm !== undefined && run.gradNorm) checker.scalar(`${at}.gradNorm`, run.gradNorm(), step.gradNorm);
  if (step.expectedAverage !== undefined && run.averagedParams) {
    const average = await run.averagedParams();
    for (const [name, expected] of Object.entries(step.expectedAverage)) {
      checker.arrays(`${at}.expectedAverage[${key(name)}]`, average[name], expected);
    }
  }
  if (step.skipped !== undefined && run.skippedUpdates && run.skippedUpdates() !== skippedSoFar) {
    checker.fail(`${at}.skipped: the backend counts ${run.skippedUpdates()} skipped updates, expected ${skippedSoFar}`);
  }
  if (step.metric !== undefined) {
    if (!run.reportMetric) checker.fail(`${at}.metric: the case reports a metric and the backend has no reportMetric`);
    else await run.reportMetric(step.metric);
  }
}

async function runOptimizerCase(backend: GoldenBackend, fixture: OptimizerFixture): Promise<GoldenCaseResult> {
  const checker = new CloseChecker(toleranceFor(backend, fixture));
  let run: OptimizerRun;
  try {
    run = await backend.createOptimizerRun(fixture.config, fixture.params);
  } catch (error) {
    checker.fail(`createOptimizerRun rejected a valid config: ${describeError(error)}`);
    return finish(fixture, checker);
  }
  let skipped = 0;
  try {
    for (const [i, step] of fixture.steps.entries()) {
      if (step.learningRate !== undefined && run.learningRate) {
        checker.scalar(`steps[${i}].learningRate`, run.learningRate(), step.learningRate);
      }
      if (step.penalty !== undefined && run.penalty) {
        checker.scalar(`steps[${i}].penalty`, await run.penalty(), step.penalty);
      }
      const after = await run.step(step.grads);
      for (const [name, expected] of Object.entries(step.expected)) {
        checker.arrays(`steps[${i}].expected[${key(name)}]`, after[name], expected);
      }
      if (step.skipped === true) skipped++;
      await checkAfterUpdate(run, step, `steps[${i}]`, checker, skipped);
      // Later steps start from a wrong state; the first failing step is the useful report.
      if (checker.failed) break;
    }
  } catch (error) {
    checker.fail(`threw ${describeError(error)}`);
  } finally {
    run.dispose?.();
  }
  return finish(fixture, checker);
}

function runScheduleCase(backend: GoldenBackend, fixture: ScheduleFixture): GoldenCaseResult {
  const checker = new CloseChecker(toleranceFor(backend, fixture));
  try {
    const fn = backend.schedule ? backend.schedule(fixture.schedule) : createSchedule(fixture.schedule as ScalarOrSchedule);
    fixture.values.forEach((expected, t) => checker.scalar(`values[${t}]`, fn(t), expected));
  } catch (error) {
    checker.fail(`threw ${describeError(error)}`);
  }
  return finish(fixture, checker);
}

async function runInvalidConfigCase(backend: GoldenBackend, fixture: InvalidConfigFixture): Promise<GoldenCaseResult> {
  const base = { name: fixture.name, kind: fixture.kind, worstError: 0 } as const;
  let run: OptimizerRun;
  try {
    run = await backend.createOptimizerRun(fixture.config, fixture.params ?? {});
  } catch (error) {
    const path = (error as { path?: unknown } | null)?.path;
    const message = error instanceof Error ? error.message : String(error);
    if (path === fixture.errorPath || message.includes(fixture.errorPath)) {
      return { ...base, status: 'pass', worstRatio: 0, message: `rejected: ${describeError(error)}` };
    }
    return {
      ...base,
      status: 'fail',
      worstRatio: Infinity,
      message: `rejected, but not naming ${fixture.errorPath}: path ${JSON.stringify(path)}, ${describeError(error)}`,
    };
  }
  run.dispose?.();
  return {
    ...base,
    status: 'fail',
    worstRatio: Infinity,
    message: `accepted an invalid config (expected an error at ${fixture.errorPath})`,
  };
}

/**
 * Replays one golden case on a backend and compares every number at the
 * tolerance of the backend's precision. Never throws for a backend's mistakes:
 * they become a failing result with a one-line message.
 *
 * - optimizer: creates a run, then per step checks `learningRate()` and
 *   `penalty()` (when both the backend and the case have them) before the
 *   update, and every parameter after it; stops at the first failing step.
 *   Config 1.1 fields, likewise when both have them: `gradNorm()`,
 *   `averagedParams()` against `expectedAverage`, `skippedUpdates()` on a step
 *   with `skipped`; a step's `metric` is passed to `reportMetric` after the
 *   update (a backend without it fails such a case).
 * - schedule: evaluates `backend.schedule` (default core's `createSchedule`) at t = 0, 1, …
 * - invalid-config: passes when `createOptimizerRun` rejects with an error
 *   whose `path` equals `errorPath` or whose message contains it.
 *
 * @param backend - the backend under test.
 * @param fixture - the case.
 */
export async function runGoldenCase(backend: GoldenBackend, fixture: GoldenFixture): Promise<GoldenCaseResult> {
  switch (fixture.kind) {
    case 'optimizer':
      return runOptimizerCase(backend, fixture);
    case 'schedule':
      return runScheduleCase(backend, fixture);
    case 'invalid-config':
      return runInvalidConfigCase(backend, fixture);
  }
}
