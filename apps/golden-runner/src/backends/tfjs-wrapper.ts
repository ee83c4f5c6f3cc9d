/**
 * `withWeightDecay` as a golden backend: each case's optimizer is built from
 * tfjs's own `tf.train.sgd`, `tf.train.momentum` or `tf.train.adam` (ε given
 * explicitly) and its decay terms are added by the wrapper, so the cases for
 * those optimizers check that wrapping tfjs's optimizers computes PyTorch's
 * SGD, momentum and Adam with every decay term. Cases whose optimizer has no
 * tfjs counterpart are skipped with the reason from {@link wrapperSkipReason}.
 */
import * as tf from '@tensorflow/tfjs';
import {
  createSchedule,
  isReduceOnPlateau,
  parseConfig,
  type ResolvedAdamConfig,
  type ResolvedConfig,
  type ResolvedScalarOrSchedule,
} from '@weight-decay/core';
import type { GoldenBackend, GoldenFixture, GoldenParam, OptimizerFixture, OptimizerRun } from '@weight-decay/golden';
import { withWeightDecay } from '@weight-decay/tfjs';
import { activate, runOnVariables, type TfjsBackendKind } from './tfjs.js';

/** A golden backend that runs only some cases, stating why it skips the others. */
export interface SelectiveGoldenBackend extends GoldenBackend {
  /** Why this backend cannot run `fixture`, or undefined when it can. */
  skipReason(fixture: GoldenFixture): string | undefined;
}

/**
 * Why an optimizer case cannot replay through a wrapped tfjs optimizer, or
 * undefined when it can. Invalid configs and schedules always run.
 */
export function wrapperSkipReason(fixture: GoldenFixture): string | undefined {
  if (fixture.kind !== 'optimizer') return undefined;
  const { optimizer } = parseConfig(fixture.config);
  if (isReduceOnPlateau(optimizer.learningRate))
    return 'withWeightDecay takes a learning rate of t; reduce-on-plateau needs createOptimizer';
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.dampening !== 0 ? 'tf.train.momentum has no dampening' : undefined;
    case 'adam':
      return optimizer.amsgrad ? 'tf.train.adam has no AMSGrad' : adamDriftReason(fixture, optimizer);
    case 'rmsprop':
      return "tf.train.rmsprop is not PyTorch's RMSprop (ε inside the square root, its own centered/momentum forms)";
    case 'adagrad':
      return "tf.train.adagrad is not PyTorch's Adagrad (ε inside the square root, no lrDecay, accumulator starts at 0.1)";
  }
}

/**
 * tf.train.adam keeps β1^t and β2^t as float32 products and subtracts them
 * from 1 in float32: for β2 = 0.999, fl32(β2) = 0.99900001 makes 1 − β2 off by
 * 1.3e-5 relative, so each of its steps is off by about e = δβ1/(1−β1) +
 * δβ2/(2(1−β2)) relative (δβ = |fl32(β) − β|). Each element of the case moves
 * by Σ|θ_t − θ_{t+1}| along its expected trajectory; where e times that
 * exceeds the element's float32 tolerance, the case would measure tfjs's own
 * rounding rather than the wrapper, and is skipped.
 */
function adamDriftReason(fixture: OptimizerFixture, optimizer: ResolvedAdamConfig): string | undefined {
  const relativeError = (beta: number): number => Math.abs(Math.fround(beta) - beta) / (1 - beta);
  const stepError = relativeError(optimizer.beta1) + relativeError(optimizer.beta2) / 2;
  const { rtol, atol } = fixture.tolerance;
  for (const [name, param] of Object.entries(fixture.params)) {
    let previous = param.values;
    const travelled = previous.map(() => 0);
    for (const step of fixture.steps) {
      const next = step.expected[name];
      next.forEach((x, i) => (travelled[i] += Math.abs(x - previous[i])));
      previous = next;
    }
    const worst = travelled.findIndex((distance, i) => stepError * distance > atol + rtol * Math.abs(previous[i]));
    if (worst >= 0) {
      const drift = stepError * travelled[worst];
      return `tf.train.adam's float32 bias correction (1 − fl32(β)^t) moves ${name}[${worst}] by about ${drift.toExponential(1)}, above its float32 tolerance ${(atol + rtol * Math.abs(previous[worst])).toExponential(1)}`;
    }
  }
  return undefined;
}

/** The learning rate as a schedule of t (wrapperSkipReason skips reduce-on-plateau). */
function scheduleOf(config: ResolvedConfig): ResolvedScalarOrSchedule {
  const { learningRate } = config.optimizer;
  if (isReduceOnPlateau(learningRate)) throw new Error('no wrapped reduce-on-plateau (the case should have been skipped)');
  return learningRate;
}

/** tfjs's optimizer equal to the config's PyTorch one, at the schedule's first learning rate. */
function tfjsOptimizer(config: ResolvedConfig): tf.Optimizer {
  const { optimizer } = config;
  const initial = createSchedule(scheduleOf(config), 'optimizer.learningRate')(0);
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum === 0 ? tf.train.sgd(initial) : tf.train.momentum(initial, optimizer.momentum, optimizer.nesterov);
    case 'adam':
      return tf.train.adam(initial, optimizer.beta1, optimizer.beta2, optimizer.epsilon);
    default:
      throw new Error(`no tfjs optimizer for ${optimizer.type} (the case should have been skipped)`);
  }
}

/**
 * Creates the `tfjs-wrapper-cpu` or `tfjs-wrapper-wasm` golden backend.
 *
 * @param kind - `'cpu'` or `'wasm'`.
 */
export function createTfjsWrapperBackend(kind: TfjsBackendKind): SelectiveGoldenBackend {
  return {
    name: `tfjs-wrapper-${kind}`,
    precision: 'float32',
    skipReason: wrapperSkipReason,
    async ready() {
      await activate(kind);
    },
    async createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun> {
      // Validated (ConfigError with its path) before any tensor exists.
      const resolved = parseConfig(config);
      const specs = Object.entries(params).map(([name, p]) => ({ name, shape: p.shape }));
      const wrapper = withWeightDecay(tfjsOptimizer(resolved), resolved.decay, {
        learningRate: scheduleOf(resolved),
        average: resolved.average,
      });
      try {
        wrapper.plan(specs);
      } catch (error) {
        wrapper.dispose();
        throw error;
      }
      return runOnVariables(kind, wrapper, params);
    },
  };
}
