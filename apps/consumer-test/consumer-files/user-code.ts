// A user's TypeScript. The test copies it to user.mts and user.cts (checked
// with node16 resolution, as ESM and as CommonJS) and to user.ts (checked
// with bundler resolution); it must compile in all three.
import * as tf from '@tensorflow/tfjs';
import { parseConfig, resolveConfig, type ResolvedConfig, type WeightDecayConfig } from '@weight-decay/core';
import { createTrainer, GraphBuilder, type Trainer } from '@weight-decay/onnxruntime';
import { createOptimizer, withWeightDecay } from '@weight-decay/tfjs';

// PyTorch AdamW(lr=1e-3, weight_decay=1e-2) with a cosine learning rate, biases not decayed.
const config: WeightDecayConfig = {
  optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 1000 } },
  decay: [{ type: 'decoupled', rate: 0.01, params: { exclude: ['**/bias'] } }],
};
const resolved: ResolvedConfig = resolveConfig(config);
export const beta1: number = resolved.optimizer.type === 'adam' ? resolved.optimizer.beta1 : 0.9;
export const fromDisk: ResolvedConfig = parseConfig(JSON.parse('{"optimizer":{"type":"sgd","learningRate":0.1}}'));

export const optimizer: tf.Optimizer = createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } });
export const wrapped: tf.Optimizer = withWeightDecay(tf.train.adam(1e-3), [{ type: 'l1', rate: 1e-5, method: 'proximal' }]);

export async function train(): Promise<Trainer> {
  const model = new GraphBuilder()
    .input('x', 'float32', ['batch', 2])
    .initializer('W', 'float32', [2, 1], [1, 2])
    .node('MatMul', ['x', 'W'], ['y'])
    .output('y', 'float32', ['batch', 1])
    .build();
  return createTrainer({ model, loss: { type: 'mse' }, config });
}
