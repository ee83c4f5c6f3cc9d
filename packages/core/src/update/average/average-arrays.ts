import type { FloatArray } from '../float-array.js';
import { averageKernel as float32AverageKernel } from '../kernels/generated/float32-kernels.js';
import { averageKernel as float64AverageKernel } from '../kernels/generated/float64-kernels.js';
import type { AverageWeights } from './weight-average.js';

/**
 * One averaging step on typed arrays, in place on `average`, through the loop
 * generated from `averageStep` (float32: the store rounds, arithmetic is in
 * float64). Allocates nothing. Both arrays must have one type and one length.
 *
 * @param average - A, updated in place.
 * @param theta - θ after the update, read only.
 * @param weights - From `averageWeights`.
 */
export function averageArrays(average: FloatArray, theta: FloatArray, weights: AverageWeights): void {
  if (average instanceof Float32Array) float32AverageKernel(average.length, average, theta as Float32Array, weights.keep, weights.take);
  else float64AverageKernel(average.length, average, theta as Float64Array, weights.keep, weights.take);
}
