// Each call marked as a mistake must be a compile error, and nothing else may be.
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '@weight-decay/core';
import { createTrainer } from '@weight-decay/onnxruntime';
import { createOptimizer, withWeightDecay } from '@weight-decay/tfjs';

declare const model: Uint8Array;

createOptimizer({ optimizer: { type: 'adam', learningRate: '1e-3' } }); // mistake: a string learning rate
createOptimizer({ optimizer: { type: 'adam', learningrate: 1e-3 } }); // mistake: a misspelt key
void createTrainer({ model, loss: { type: 'mse' }, config: { optimizer: { type: 'lamb', learningRate: 1e-3 } } }); // mistake: an unknown optimizer
resolveConfig({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.01, scalling: 'none' }] }); // mistake: a misspelt key in a term
withWeightDecay(tf.train.sgd(0.1), [{ type: 'l3', rate: 0.1 }]); // mistake: an unknown decay term
createOptimizer({ optimizer: { type: 'sgd', learningRate: 0.1 } });
