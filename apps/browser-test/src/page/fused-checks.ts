/**
 * Which update path `createOptimizer` takes on the active backend, seen from
 * outside: the tfjs kernels one update runs (a fused kernel runs none of
 * tfjs's), and θ, the slots, the average and N after a few updates on each path.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '@weight-decay/tfjs';

import type { AverageKind, UpdatePaths } from './test-page-api.js';

const config = {
  optimizer: { type: 'adam' as const, learningRate: 0.05, amsgrad: true },
  decay: [
    { type: 'decoupled' as const, rate: 0.1, cautious: true },
    { type: 'l1' as const, rate: 0.01, method: 'proximal' as const },
    { type: 'anchor' as const, rate: 0.2 },
  ],
};
const gradients = [
  [0.3, -0.2, 0.1, 0],
  [0.1, 0.4, -0.3, 0.2],
  [-0.2, 0.2, 0.2, -0.1],
];

const averages = { ema: { type: 'ema' as const, decay: 0.5 }, uniform: { type: 'uniform' as const, start: 1 } };

/** Three updates with `kernel` `'auto'` and with `'tensor'` (op by op): the kernels of the last one, and the values. */
export async function updatePaths(average?: AverageKind): Promise<UpdatePaths> {
  const run = async (kernel: 'auto' | 'tensor') => {
    const w = tf.variable(tf.tensor([0.5, -1, 2, 0.01]), true, `paths/${kernel}/${average ?? 'none'}`);
    const optimizer = createOptimizer(average === undefined ? config : { ...config, average: averages[average] }, { kernel });
    let kernels: string[] = [];
    for (const g of gradients) {
      const gradient = tf.tensor(g);
      kernels = (await tf.profile(() => optimizer.applyGradients({ [w.name]: gradient }))).kernelNames;
      gradient.dispose();
    }
    const gradNorm = optimizer.gradNorm();
    const values = [Array.from(await w.data())];
    for (const { tensor } of (await optimizer.getWeights()).slice(1)) values.push(Array.from(await tensor.data()));
    optimizer.dispose();
    w.dispose();
    return { kernels, values, gradNorm };
  };
  return { auto: await run('auto'), tensor: await run('tensor') };
}
