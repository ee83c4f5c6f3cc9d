import * as tf from '@tensorflow/tfjs';

/**
 * A seeded two-layer regression model (dense 2 → units, tanh; dense → 1), for
 * tests that train, save and resume. Test helper.
 *
 * @param seeds - The kernel initializers' seeds, first layer then second.
 * @param units - Units of the first layer.
 */
export function smallRegressionModel(seeds: [number, number], units = 3): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ units, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: seeds[0] }) }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: seeds[1] }) }));
  return model;
}

/** Four fixed samples for {@link smallRegressionModel}; the caller disposes them. */
export function smallRegressionData(): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const xs = tf.tensor2d([
    [0.1, 0.2],
    [0.3, -0.1],
    [-0.5, 0.4],
    [0.2, 0.2],
  ]);
  return { xs, ys: tf.tensor2d([[0.5], [-0.2], [0.1], [0.3]]) };
}
