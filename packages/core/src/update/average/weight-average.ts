/**
 * Weight averaging (config 1.1 `average`, docs/guides/config-1.1.md), written
 * once: which weights an update gives the average ({@link averageWeights}, plain
 * bookkeeping) and the element-wise step ({@link averageStep}, over
 * {@link UpdateOps}, so the generated float32/float64 loops, which take it in
 * the same pass as the update, and tfjs tensors run the same arithmetic).
 *
 * Both kinds are A ← keep·A + take·θ after an update:
 * - `ema`: keep 0, take 1 at the first averaged update (A = θ_1), then keep d,
 *   take 1 − d (PyTorch `AveragedModel` with an EMA `avg_fn`, Keras `use_ema`);
 * - `uniform`: from update `start` + 1 on, the n-th averaged update has keep
 *   (n − 1)/n, take 1/n, so A is the plain mean (PyTorch `AveragedModel`'s
 *   default `avg_fn`, SWA).
 *
 * @packageDocumentation
 */
import type { ResolvedAverageConfig } from '../../config/index.js';
import type { UpdateOps } from '../ops/update-ops.js';

/** The two weights of one averaging step: A ← keep·A + take·θ. */
export interface AverageWeights {
  /** The weight of the average so far. */
  readonly keep: number;
  /** The weight of the parameters after this update. */
  readonly take: number;
}

/**
 * The weights the average takes after an update, or `undefined` when that
 * update is not averaged (`uniform` before `start` + 1). A skipped update is
 * not an update: the caller does not ask.
 *
 * @param average - The resolved `average` config.
 * @param update - The update just applied, counted from 1 (t after it).
 * @param averaged - How many updates the average already holds.
 */
export function averageWeights(average: ResolvedAverageConfig, update: number, averaged: number): AverageWeights | undefined {
  if (average.type === 'ema') return averaged === 0 ? { keep: 0, take: 1 } : { keep: average.decay, take: 1 - average.decay };
  if (update <= average.start) return undefined;
  const n = averaged + 1;
  return { keep: averaged / n, take: 1 / n };
}

/**
 * One averaging step of one parameter: keep·A + take·θ (a new value; the
 * caller stores it). At keep 0 a finite A drops out: the result is θ.
 *
 * @param ops - The backend's operations.
 * @param average - A, the average so far.
 * @param theta - θ after the update.
 * @param keep - The weight of A.
 * @param take - The weight of θ.
 */
export function averageStep<T, C>(ops: UpdateOps<T, C>, average: T, theta: T, keep: T, take: T): T {
  return ops.add(ops.mul(keep, average), ops.mul(take, theta));
}
