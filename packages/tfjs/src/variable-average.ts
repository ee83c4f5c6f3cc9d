import { clone, tensor } from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ResolvedAverageConfig } from '@weight-decay/core';
import { averageStep, averageWeights } from '@weight-decay/core/adapter';
import type { AverageWeights } from '@weight-decay/core/adapter';
import { tensorOps } from './tensor-ops.js';

/**
 * Weight averaging (config `average`, docs/guides/weight-averaging.md) for
 * tfjs variables: core's `averageWeights` and `averageStep` applied to one
 * variable's average, held as a tensor or, on the cpu array path, as a
 * Float32Array that core's generated loop updates, plus the swap that puts the average in the variable's place.
 */

/** Which update the average follows: the config and the update just applied, counted from 1. */
export interface Averaging {
  /** The resolved `average`. */
  config: ResolvedAverageConfig;
  /** The optimizer's step count after this update. */
  update: number;
}

/** A variable's average, as tensor state keeps it. */
export interface TensorAverage {
  /** A (undefined before the first averaged update). */
  average?: Variable;
  /** Updates the average holds. */
  averaged: number;
}

/**
 * The variable's next average in tfjs ops, or undefined when this update is
 * not averaged. Changes nothing; must run inside `tidy`.
 *
 * @param averaging - The config and update, or undefined without an `average`.
 * @param state - The variable's average so far.
 * @param theta - θ after this update.
 */
export function nextTensorAverage(averaging: Averaging | undefined, state: TensorAverage | undefined, theta: Tensor): Tensor | undefined {
  if (averaging === undefined) return undefined;
  const weights = averageWeights(averaging.config, averaging.update, state?.averaged ?? 0);
  if (weights === undefined) return undefined;
  // Before the first averaged update keep is 0, so the (absent) A is θ itself.
  return averageStep(tensorOps, state?.average ?? theta, theta, weights.keep, weights.take) as Tensor;
}

/**
 * The weights this update gives a variable's average when the update's own
 * pass takes it (core's loop on arrays, a fused kernel), or undefined when it is not averaged.
 *
 * @param averaging - The config and update, or undefined without an `average`.
 * @param averaged - Updates the variable's average holds.
 */
export function arrayAverageWeights(averaging: Averaging | undefined, averaged: number): AverageWeights | undefined {
  return averaging && averageWeights(averaging.config, averaging.update, averaged);
}

/** Puts a tensor average in the variable's place and the variable's value in the average's (a second call swaps back); inside `tidy`. */
export function swapTensorAverage(variable: Variable, average: Variable): void {
  const live = clone(variable);
  variable.assign(average);
  average.assign(live);
}

/**
 * The same for an array average; returns the new array average (a copy of
 * the variable's former value). `average` is handed to the variable's tensor
 * (the cpu backend keeps the array it is given), so the caller drops it. Inside `tidy`.
 */
export function swapArrayAverage(variable: Variable, average: Float32Array): Float32Array {
  const live = Float32Array.from(variable.dataSync() as Float32Array);
  variable.assign(tensor(average, variable.shape, 'float32'));
  return live;
}
