import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.js';
import { catchError } from '../__fixtures__/catch-error.js';
import { emitPytorchModule } from './emit-pytorch-module.js';

describe('emitPytorchModule', () => {
  it('refuses an invalid config with the ConfigError of resolveConfig, naming the field', () => {
    const error = catchError(() =>
      emitPytorchModule({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'l2', rate: -1 }] }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[0].rate');
  });

  it('refuses relative scaling under an unbounded learning rate, as the updater does', () => {
    const error = catchError(() =>
      emitPytorchModule({
        optimizer: { type: 'sgd', learningRate: { type: 'exponential', initial: 0.1, gamma: 1.1 } },
        decay: [{ type: 'decoupled', rate: 0.1, scaling: 'relative' }],
      }),
    );
    expect((error as ConfigError).path).toBe('decay[0].scaling');
  });

  it.each([
    [
      { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
      'torch.optim.SGD(params, lr=0.0, momentum=0.9, dampening=0, nesterov=True, weight_decay=0)',
    ],
    [
      { type: 'adam', learningRate: 0.1, amsgrad: true },
      'torch.optim.Adam(params, lr=0.0, betas=(0.9, 0.999), eps=1e-8, amsgrad=True, weight_decay=0)',
    ],
    [
      { type: 'rmsprop', learningRate: 0.1, centered: true },
      'torch.optim.RMSprop(params, lr=0.0, alpha=0.99, eps=1e-8, momentum=0, centered=True, weight_decay=0)',
    ],
    [
      { type: 'adagrad', learningRate: 0.1, lrDecay: 0.01 },
      'torch.optim.Adagrad(params, lr=0.0, lr_decay=0.01, initial_accumulator_value=0, eps=1e-10, weight_decay=0)',
    ],
  ])("steps %j with PyTorch's own optimizer, every default written out", (optimizer, call) => {
    expect(emitPytorchModule({ optimizer })).toContain(`return ${call}`);
  });

  it('embeds the resolved config and η_peak, and defines the API the guide names', () => {
    const source = emitPytorchModule({
      optimizer: { type: 'adam', learningRate: { type: 'warmup', steps: 10, then: { type: 'cosine', initial: 0.003, decaySteps: 90 } } },
      decay: [{ type: 'decoupled', rate: 0.01, params: { minRank: 2 } }],
    });
    expect(source).toContain('"minRank": 2,');
    expect(source).toContain('PEAK_LEARNING_RATE = 0.003');
    for (const name of [
      'def build_optimizer(',
      'def step(self)',
      'def zero_grad(',
      'def state_dict(self)',
      'def load_state_dict(self, state_dict)',
      'def report_metric(self, value)',
      'def averaged_parameters(self)',
      'def checkpoint_to_json(',
      'def checkpoint_from_json(',
    ]) {
      expect(source).toContain(name);
    }
    expect(source).not.toContain('../shared');
  });
});
