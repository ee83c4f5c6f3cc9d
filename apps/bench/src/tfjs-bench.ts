import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createOptimizer } from '@weight-decay/tfjs';
import { adamwConfig, filled } from './kernel-bench.js';
import { measurePair, printPair, printValue, type MeasureOptions } from './measure.js';

const size = 1e6;

/**
 * Figure 2: one optimizer step over 1e6 parameters through the adapter,
 * against tfjs's own optimizer without decay, on the cpu and wasm backends.
 * Both sides step the same kind of variable with the same gradient, timed in
 * alternation, so the ratio is what decay (and the adapter) costs.
 */
export async function benchTfjs(options: MeasureOptions): Promise<void> {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    const pairs = [
      {
        name: 'adamw',
        ours: () => createOptimizer(adamwConfig),
        baseline: { name: 'adam', make: () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8) },
      },
      {
        name: 'sgd-l2',
        ours: () => createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 1e-4 }] }),
        baseline: { name: 'sgd', make: () => tf.train.sgd(0.1) },
      },
    ];
    for (const pair of pairs) {
      const baseline = stepper(`tfjs.${backend}.${pair.baseline.name}.1e6`, pair.baseline.make);
      const ours = stepper(`tfjs.${backend}.${pair.name}.1e6`, pair.ours);
      printPair(await measurePair(ours, baseline, options));
      ours.dispose();
      baseline.dispose();
    }
  }
}

/** One optimizer stepping its own variable with a fixed gradient; each step waits for the backend. */
export function stepper(name: string, make: () => tf.Optimizer): { name: string; fn: () => Promise<void>; dispose(): void } {
  const w = tf.variable(tf.tensor1d(filled(size, 1)), true, `bench/${name}/w`);
  const grad = tf.tensor1d(filled(size, 2));
  const optimizer = make();
  return {
    name,
    async fn() {
      optimizer.applyGradients({ [w.name]: grad });
      // cpu and wasm run every kernel synchronously: the step is done when applyGradients returns.
      // webgl queues work on the GPU: wait for one element of θ (it depends on the whole update).
      // Downloading all 4 MB instead would add the same large copy to both sides of the ratio,
      // and on wasm a garbage-collection pause now and then.
      if (tf.getBackend() === 'webgl') {
        const first = tf.slice(w, [0], [1]);
        await first.data();
        first.dispose();
      }
    },
    dispose() {
      optimizer.dispose();
      w.dispose();
      grad.dispose();
    },
  };
}

/** Figure 4b: live tensors before and after 1,000 adapter steps (leaks show as growth). */
export async function benchTfjsTensorCounts(): Promise<void> {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    const before = tf.memory().numTensors;
    // tidy frees the initial values, which tf.variable copies.
    const [w, b] = tf.tidy(() => [
      tf.variable(tf.randomNormal([64, 32]), true, `bench/leak/${backend}/w`),
      tf.variable(tf.zeros([32]), true, `bench/leak/${backend}/b`),
    ]);
    const optimizer = createOptimizer({
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 1000 } },
      decay: [
        { type: 'decoupled', rate: 1e-2, params: { minRank: 2 } },
        { type: 'l1', rate: 1e-5, method: 'proximal' },
      ],
    });
    const x = tf.randomNormal([16, 64]);
    const loss = () => tf.matMul(x, w).add(b).square().mean() as tf.Scalar;
    // The first step creates the optimizer's slot variables; after it, any growth is a leak.
    optimizer.minimize(loss);
    const afterFirstStep = tf.memory().numTensors;
    for (let i = 1; i < 1000; i++) optimizer.minimize(loss);
    const afterSteps = tf.memory().numTensors;
    printValue(`memory.tfjs.${backend}.tensors.after1`, afterFirstStep, 'tensors');
    printValue(`memory.tfjs.${backend}.tensors.after1000`, afterSteps, 'tensors');
    optimizer.dispose();
    tf.dispose([w, b, x]);
    printValue(`memory.tfjs.${backend}.tensors.afterDispose`, tf.memory().numTensors - before, 'tensors');
  }
}
