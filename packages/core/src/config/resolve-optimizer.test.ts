import { describe, expect, it } from 'vitest';
import { IssueSink } from './config-checks.js';
import { ConfigError } from './errors.js';
import { resolveOptimizerWithSink } from './resolve-optimizer.js';

const resolveOptimizer = (input: unknown) => resolveOptimizerWithSink(new IssueSink(true), input, 'optimizer');

function pathOfError(input: unknown): string {
  try {
    resolveOptimizer(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).path;
  }
  return expect.unreachable('no ConfigError was thrown');
}

describe('optimizer defaults (PyTorch 1.13, docs/guides/decay-contract.md)', () => {
  it.each([
    ['sgd', { type: 'sgd', learningRate: 0.1, momentum: 0, dampening: 0, nesterov: false }],
    ['adam', { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false }],
    ['rmsprop', { type: 'rmsprop', learningRate: 0.1, alpha: 0.99, epsilon: 1e-8, momentum: 0, centered: false }],
    ['adagrad', { type: 'adagrad', learningRate: 0.1, epsilon: 1e-10, initialAccumulator: 0, lrDecay: 0 }],
    ['adamax', { type: 'adamax', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
    ['nadam', { type: 'nadam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 0.004 }],
    ['radam', { type: 'radam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
    ['adadelta', { type: 'adadelta', learningRate: 0.1, rho: 0.9, epsilon: 1e-6 }],
    ['lion', { type: 'lion', learningRate: 0.1, beta1: 0.9, beta2: 0.99 }],
  ])('%s', (type, resolved) => {
    expect(resolveOptimizer({ type, learningRate: 0.1 })).toEqual(resolved);
    expect(resolveOptimizer(resolved)).toEqual(resolved);
  });
  it('nesterov with momentum and no dampening is fine (as PyTorch)', () => {
    expect(resolveOptimizer({ type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true })).toMatchObject({ nesterov: true });
  });
  it('adadelta alone has a default learning rate, 1 (PyTorch), and allows rho = 1', () => {
    expect(resolveOptimizer({ type: 'adadelta', rho: 1 })).toEqual({ type: 'adadelta', learningRate: 1, rho: 1, epsilon: 1e-6 });
  });
  it('a schedule learning rate is resolved', () => {
    expect(resolveOptimizer({ type: 'adam', learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 10 } })).toMatchObject({
      learningRate: { type: 'cosine', initial: 1e-3, decaySteps: 10, minimum: 0 },
    });
  });
});

describe('optimizer rules name their path', () => {
  it.each([
    ['not an object', 'adam', 'optimizer'],
    ['unknown type', { type: 'lamb', learningRate: 1 }, 'optimizer.type'],
    ['missing learning rate', { type: 'adam' }, 'optimizer.learningRate'],
    ['negative learning rate', { type: 'adam', learningRate: -1e-3 }, 'optimizer.learningRate'],
    ['infinite learning rate', { type: 'adam', learningRate: Infinity }, 'optimizer.learningRate'],
    [
      'bad learning-rate schedule',
      { type: 'adam', learningRate: { type: 'multistep', initial: 1, milestones: [5, 3] } },
      'optimizer.learningRate.milestones',
    ],
    ['beta1 = 1', { type: 'adam', learningRate: 1, beta1: 1 }, 'optimizer.beta1'],
    ['negative beta2', { type: 'adam', learningRate: 1, beta2: -0.1 }, 'optimizer.beta2'],
    ['epsilon 0', { type: 'adam', learningRate: 1, epsilon: 0 }, 'optimizer.epsilon'],
    ['amsgrad not boolean', { type: 'adam', learningRate: 1, amsgrad: 'no' }, 'optimizer.amsgrad'],
    ['momentum on adam', { type: 'adam', learningRate: 1, momentum: 0.9 }, 'optimizer.momentum'],
    ['unknown key', { type: 'adam', learningRate: 1, betas: [0.9, 0.999] }, 'optimizer.betas'],
    ['weight_decay is not an option', { type: 'adam', learningRate: 1, weightDecay: 0.01 }, 'optimizer.weightDecay'],
    ['negative momentum', { type: 'sgd', learningRate: 1, momentum: -0.1 }, 'optimizer.momentum'],
    ['momentum 1', { type: 'sgd', learningRate: 1, momentum: 1 }, 'optimizer.momentum'],
    ['dampening above 1', { type: 'sgd', learningRate: 1, dampening: 1.5 }, 'optimizer.dampening'],
    ['nesterov without momentum', { type: 'sgd', learningRate: 1, nesterov: true }, 'optimizer.nesterov'],
    ['nesterov with dampening', { type: 'sgd', learningRate: 1, momentum: 0.9, dampening: 0.1, nesterov: true }, 'optimizer.nesterov'],
    ['alpha 1', { type: 'rmsprop', learningRate: 1, alpha: 1 }, 'optimizer.alpha'],
    ['rmsprop negative momentum', { type: 'rmsprop', learningRate: 1, momentum: -1 }, 'optimizer.momentum'],
    ['centered not boolean', { type: 'rmsprop', learningRate: 1, centered: 0 }, 'optimizer.centered'],
    ['negative initialAccumulator', { type: 'adagrad', learningRate: 1, initialAccumulator: -1 }, 'optimizer.initialAccumulator'],
    ['NaN lrDecay', { type: 'adagrad', learningRate: 1, lrDecay: Number.NaN }, 'optimizer.lrDecay'],
    ['adagrad epsilon negative', { type: 'adagrad', learningRate: 1, epsilon: -1e-10 }, 'optimizer.epsilon'],
    ['adamax beta2 1', { type: 'adamax', learningRate: 1, beta2: 1 }, 'optimizer.beta2'],
    ['adamax epsilon 0', { type: 'adamax', learningRate: 1, epsilon: 0 }, 'optimizer.epsilon'],
    ['amsgrad on adamax', { type: 'adamax', learningRate: 1, amsgrad: true }, 'optimizer.amsgrad'],
    ['nadam negative momentumDecay', { type: 'nadam', learningRate: 1, momentumDecay: -0.004 }, 'optimizer.momentumDecay'],
    ['nadam beta1 1', { type: 'nadam', learningRate: 1, beta1: 1 }, 'optimizer.beta1'],
    ['radam epsilon 0', { type: 'radam', learningRate: 1, epsilon: 0 }, 'optimizer.epsilon'],
    ['adadelta rho above 1', { type: 'adadelta', rho: 1.5 }, 'optimizer.rho'],
    ['adadelta negative rho', { type: 'adadelta', rho: -0.1 }, 'optimizer.rho'],
    ['adadelta negative epsilon', { type: 'adadelta', epsilon: -1e-6 }, 'optimizer.epsilon'],
    ['beta1 on adadelta', { type: 'adadelta', beta1: 0.9 }, 'optimizer.beta1'],
    ['adadelta negative learning rate', { type: 'adadelta', learningRate: -1 }, 'optimizer.learningRate'],
    ['lion epsilon', { type: 'lion', learningRate: 1, epsilon: 1e-8 }, 'optimizer.epsilon'],
    ['lion without learning rate', { type: 'lion' }, 'optimizer.learningRate'],
    ['lion beta2 1', { type: 'lion', learningRate: 1, beta2: 1 }, 'optimizer.beta2'],
  ])('%s', (_name, input, path) => {
    expect(pathOfError(input)).toBe(path);
  });
});
