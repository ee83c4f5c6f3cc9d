import { describe, expect, it } from 'vitest';
import { createUpdater } from '../update/index.js';
import { pytorchCheckpointToTrainer, trainerCheckpointToPytorch, type TrainerCheckpointData } from './pytorch-checkpoint.js';

describe('checkpoint conversion carries the average (config average)', () => {
  it('moves the averaged weights with their layout (transposed kernel) and keeps the count, both ways', () => {
    const config = { optimizer: { type: 'sgd', learningRate: 0.1 }, average: { type: 'ema', decay: 0.5 } };
    const specs = [{ name: 'dense/kernel', shape: [3, 2] }];
    const updater = createUpdater(config, specs, { precision: 'float64' });
    const kernel = new Float64Array([0.5, -0.25, 1, 0, 2, -1.5]);
    updater.update({ 'dense/kernel': kernel }, { 'dense/kernel': [1, 2, 3, 4, 5, 6] });
    updater.update({ 'dense/kernel': kernel }, { 'dense/kernel': [-1, 0, 1, 0, -1, 0] });
    const checkpoint: TrainerCheckpointData = {
      format: 'weight-decay-parameters/1',
      step: 2,
      config: updater.config,
      parameters: { 'dense/kernel': { shape: [3, 2], values: Array.from(kernel) } },
      updater: updater.exportState(),
    };
    const average = checkpoint.updater.parameters['dense/kernel'].average as number[];
    const mapping = { names: { 'dense/kernel': 'fc.weight' }, transpose: ['dense/kernel'] };
    const torch = trainerCheckpointToPytorch(checkpoint, mapping);
    expect(torch.optimizer.averaged).toBe(2);
    // [in, out] = [3, 2] row-major becomes PyTorch's [out, in] = [2, 3].
    expect(torch.optimizer.parameters['fc.weight'].average).toEqual([0, 2, 4, 1, 3, 5].map((i) => average[i]));
    const back = pytorchCheckpointToTrainer(torch, mapping, 'float64');
    expect(back.updater.averaged).toBe(2);
    expect(back.updater.parameters['dense/kernel'].average).toEqual(average);
    const resumed = createUpdater(config, specs, { precision: 'float64' });
    resumed.importState(back.updater);
    expect(Array.from(resumed.averagedParameters()?.['dense/kernel'] ?? [])).toEqual(average);
  });
});
