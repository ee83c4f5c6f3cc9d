import * as tf from '@tensorflow/tfjs';
import { withWeightDecay } from '../with-weight-decay.js';

/**
 * Two epochs of `LayersModel.fit` on loss w² (x = 1, y = 0, one weight starting
 * at 1) with `withWeightDecay(tf.train.sgd(0.1), [decoupled 0.5])`, on the
 * current backend. Test helper: returns the weight after training, which the
 * tests derive by hand. Disposes everything it made.
 */
export async function fitWrappedSgd(): Promise<number> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, useBias: false, inputShape: [1], kernelInitializer: 'ones' }));
  model.compile({ optimizer: withWeightDecay(tf.train.sgd(0.1), [{ type: 'decoupled', rate: 0.5 }]), loss: 'meanSquaredError' });
  const xs = tf.tensor2d([[1]]);
  const ys = tf.tensor2d([[0]]);
  await model.fit(xs, ys, { epochs: 2, verbose: 0 });
  const weight = (model.getWeights()[0].dataSync() as Float32Array)[0];
  tf.dispose([xs, ys]);
  model.dispose();
  return weight;
}
