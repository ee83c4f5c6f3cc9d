import type * as tf from '@tensorflow/tfjs';

/** Everything an update could change: the variables' values, the optimizer's weights by name, its step count. */
export interface OptimizerSnapshot {
  params: number[][];
  weights: [string, number[]][];
  iterations: number;
}

/**
 * A copy of the variables and of the optimizer's state, to check that a refused
 * or skipped update changed nothing (or only what it should). Test helper.
 */
export async function optimizerSnapshot(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): Promise<OptimizerSnapshot> {
  return {
    params: variables.map((v) => Array.from(v.dataSync())),
    weights: await Promise.all(
      (await optimizer.getWeights()).map(async (w): Promise<[string, number[]]> => [w.name, Array.from(await w.tensor.data())]),
    ),
    iterations: optimizer.iterations,
  };
}
