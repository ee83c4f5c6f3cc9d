import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, StateError, type WeightDecayConfig } from '@weight-decay/core';
import { createOptimizer } from './create-optimizer.js';
import { WeightDecayOptimizer } from './weight-decay-optimizer.js';
import type { CreateOptimizerOptions } from './weight-decay-optimizer.js';

// Expected numbers are derived by hand in the comments (tfjs adam_optimizer_test.ts style).
// Tolerance: float32, ~1e-6 relative.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function close(actual: ArrayLike<number>, expected: number[], rtol = 2e-6, atol = 1e-7): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (err > atol + rtol * Math.abs(expected[i])) {
      throw new Error(`element ${i}: ${actual[i]} vs expected ${expected[i]}`);
    }
  }
}

function step(opt: tf.Optimizer, grads: Record<string, number[]>): void {
  const map: tf.NamedTensorMap = {};
  for (const [name, values] of Object.entries(grads)) {
    map[name] = tf.tensor(values, tf.engine().registeredVariables[name].shape);
  }
  opt.applyGradients(map);
  tf.dispose(map);
}

let counter = 0;
function unique(name: string): string {
  counter += 1;
  return `t${counter}/${name}`;
}

// Every test runs twice on the cpu backend: 'auto' puts the update on core's float32 kernel
// there, 'tensor' keeps it in tfjs ops (the path every other backend uses).
describe.each(['auto', 'tensor'] as const)('kernel option %s', (kernel) => {
  const make = (config: WeightDecayConfig, options: CreateOptimizerOptions = {}) => createOptimizer(config, { kernel, ...options });

  describe('createOptimizer: optimizer steps follow PyTorch, config values win over tfjs defaults', () => {
    it('AdamW: θ ← θ(1 − ηλ) − η·m̂/(√v̂ + ε); a constant gradient gives the same step every time', () => {
      // Step 1: m = 0.1g, v = 0.001g², m̂ = g, v̂ = g² → update = η·g/(|g| + ε).
      // With η = 0.1, λ = 0.01 (c = ηλ = 0.001), θ = [1, −2], g = [0.5, −0.25], ε = 1e-8:
      //   θ₁ = [1·0.999 − 0.1, −2·0.999 + 0.1] = [0.899, −1.898]  (ε changes the 9th digit only).
      // Step 2: m = 0.19g, v = 0.001999g², bias corrections 0.19 and 0.001999 → same m̂, v̂:
      //   θ₂ = [0.899·0.999 − 0.1, −1.898·0.999 + 0.1] = [0.798101, −1.796102].
      const name = unique('w');
      const w = tf.variable(tf.tensor([1, -2]), true, name);
      const opt = make({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.01 }] });
      step(opt, { [name]: [0.5, -0.25] });
      close(w.dataSync(), [0.899, -1.898]);
      step(opt, { [name]: [0.5, -0.25] });
      close(w.dataSync(), [0.798101, -1.796102]);
      expect(opt.iterations).toBe(2);
      opt.dispose();
      w.dispose();
    });

    it('Adam uses the config ε = 1e-8, not tfjs ε = 1e-7', () => {
      // g = 1e-7: update = η·g/(g + ε) = 0.1·1e-7/1.1e-7 = 0.0909090909 (tfjs's ε would give 0.05).
      const name = unique('w');
      const w = tf.variable(tf.tensor([1]), true, name);
      const opt = make({ optimizer: { type: 'adam', learningRate: 0.1 } });
      step(opt, { [name]: [1e-7] });
      close(w.dataSync(), [1 - 0.1 / 1.1]);
      opt.dispose();
      w.dispose();
    });

    it('Adagrad starts its accumulator at 0 (PyTorch), not tfjs 0.1', () => {
      // S = 0 + 2² = 4; θ = 1 − 0.1·2/(√4 + 1e-10) = 0.9 (tfjs: 1 − 0.1·2/√4.1 = 0.90122).
      // Step 2, g = 2: S = 8; θ = 0.9 − 0.1·2/√8 = 0.9 − 0.0707106781 = 0.8292893219.
      const name = unique('w');
      const w = tf.variable(tf.tensor([1]), true, name);
      const opt = make({ optimizer: { type: 'adagrad', learningRate: 0.1 } });
      step(opt, { [name]: [2] });
      close(w.dataSync(), [0.9]);
      step(opt, { [name]: [2] });
      close(w.dataSync(), [0.8292893219]);
      opt.dispose();
      w.dispose();
    });

    it('SGD momentum: the first buffer is g itself; nesterov adds μ·b', () => {
      // μ = 0.9, η = 0.1, g = 1: b₁ = 1 → θ = 0.9; b₂ = 0.9 + 1 = 1.9 → θ = 0.9 − 0.19 = 0.71.
      // Nesterov: d₁ = g + μb₁ = 1.9 → θ = 1 − 0.19 = 0.81.
      const a = unique('a');
      const b = unique('b');
      const wa = tf.variable(tf.tensor([1]), true, a);
      const wb = tf.variable(tf.tensor([1]), true, b);
      const plain = make({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } });
      const nesterov = make({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true } });
      step(plain, { [a]: [1] });
      step(nesterov, { [b]: [1] });
      close(wa.dataSync(), [0.9]);
      close(wb.dataSync(), [0.81]);
      step(plain, { [a]: [1] });
      close(wa.dataSync(), [0.71]);
      tf.dispose([wa, wb]);
      plain.dispose();
      nesterov.dispose();
    });

    it('RMSprop plain and centered', () => {
      // α = 0.99, η = 0.01, g = 1: v = 0.01 → θ = 1 − 0.01/(0.1 + 1e-8) = 0.9000000100.
      // Centered: a = 0.01, √(v − a²) = √0.0099 = 0.0994987437 → θ = 1 − 0.01/0.0994987437 = 0.8994962186.
      const a = unique('a');
      const b = unique('b');
      const wa = tf.variable(tf.tensor([1]), true, a);
      const wb = tf.variable(tf.tensor([1]), true, b);
      const plain = make({ optimizer: { type: 'rmsprop', learningRate: 0.01 } });
      const centered = make({ optimizer: { type: 'rmsprop', learningRate: 0.01, centered: true } });
      step(plain, { [a]: [1] });
      step(centered, { [b]: [1] });
      close(wa.dataSync(), [0.90000001]);
      close(wb.dataSync(), [0.8994962186]);
      plain.dispose();
      centered.dispose();
      tf.dispose([wa, wb]);
    });
  });

  describe('createOptimizer: decay terms', () => {
    it('coupled l2 and subgradient l1 (sign(0) = 0) add to the gradient', () => {
      // SGD η = 1, g = 0, l2 λ = 0.1 and l1 λ = 0.05 on θ = [2, 0, −1]:
      //   g' = 0.05·sign(θ) + 0.1·θ = [0.25, 0, −0.15] → θ = [1.75, 0, −0.85].
      // tfjs's Abs gradient (−1 at 0) would have moved the middle element to 0.05.
      const name = unique('w');
      const w = tf.variable(tf.tensor([2, 0, -1]), true, name);
      const opt = make({
        optimizer: { type: 'sgd', learningRate: 1 },
        decay: [
          { type: 'l2', rate: 0.1 },
          { type: 'l1', rate: 0.05 },
        ],
      });
      // Penalty before the step: 0.1/2·(4 + 0 + 1) + 0.05·(2 + 0 + 1) = 0.25 + 0.15 = 0.4.
      close([opt.penalty([w])], [0.4]);
      step(opt, { [name]: [0, 0, 0] });
      close(w.dataSync(), [1.75, 0, -0.85]);
      opt.dispose();
      w.dispose();
    });

    it('proximal l1 leaves exact zeros, after the step', () => {
      // SGD η = 1, λ = 0.1 (scaling learning-rate: c = 0.1), θ = [0.5, −0.05, 0.2], g = [0.1, 0, 0]:
      //   step → [0.4, −0.05, 0.2]; soft-threshold 0.1 → [0.3, 0, 0.1]. One exact zero of three.
      const name = unique('w');
      const w = tf.variable(tf.tensor([0.5, -0.05, 0.2]), true, name);
      const opt = make({ optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l1', rate: 0.1, method: 'proximal' }] });
      step(opt, { [name]: [0.1, 0, 0] });
      const values = w.dataSync();
      close(values, [0.3, 0, 0.1]);
      expect(values[1] === 0).toBe(true); // an exact zero (IEEE −0 counts: −0 === 0)
      expect(opt.zeroFraction()).toBeCloseTo(1 / 3, 12);
      // The penalty counts proximal l1 too, as core's coupledPenalty does: 0.1·(0.3 + 0 + 0.1) = 0.04.
      close([opt.penalty([w])], [0.04]);
      opt.dispose();
      w.dispose();
    });

    it('anchor decays toward supplied θ₀; captured θ₀ means no pull on the first step', () => {
      // SGD η = 1, g = 0, anchor rate 0.5 (c = 0.5): θ₀ = [0, 0], θ = [2, −4] → θ − 0.5(θ − θ₀) = [1, −2].
      // Captured anchor (no option): θ₀ = θ_t, so θ − 0.5·0 = θ.
      const a = unique('a');
      const b = unique('b');
      const wa = tf.variable(tf.tensor([2, -4]), true, a);
      const wb = tf.variable(tf.tensor([2, -4]), true, b);
      const opt = make(
        { optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'anchor', rate: 0.5 }] },
        { anchors: { [a]: [0, 0] } },
      );
      step(opt, { [a]: [0, 0], [b]: [0, 0] });
      close(wa.dataSync(), [1, -2]);
      close(wb.dataSync(), [2, -4]);
      opt.dispose();
      tf.dispose([wa, wb]);
    });

    it('cautious decoupled decay shrinks only where the step moves θ toward zero', () => {
      // SGD η = 0.1, rate 1 (c = 0.1), θ = [1, 1], g = [1, −1] (u = g): u·θ = [1, −1].
      //   element 0: 1 − 0.1·1 − 0.1·1 = 0.8; element 1: not shrunk, 1 + 0.1 = 1.1.
      const name = unique('w');
      const w = tf.variable(tf.tensor([1, 1]), true, name);
      const opt = make({ optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 1, cautious: true }] });
      step(opt, { [name]: [1, -1] });
      close(w.dataSync(), [0.8, 1.1]);
      opt.dispose();
      w.dispose();
    });

    it('schedules advance with the step count: relative scaling and a rate schedule', () => {
      // lr piecewise [0.2 for t < 1, 0.1 after], peak 0.2; decoupled rate 0.5 scaling relative:
      //   t = 0: s = 1, c = 0.5 → θ = 1·0.5 = 0.5;  t = 1: s = 0.5, c = 0.25 → θ = 0.5·0.75 = 0.375 (g = 0).
      // Second variable: rate step schedule 0.5·0.5^t, scaling none: c = 0.5 then 0.25 → same numbers.
      const a = unique('a');
      const b = unique('b');
      const wa = tf.variable(tf.tensor([1]), true, a);
      const wb = tf.variable(tf.tensor([1]), true, b);
      const opt = make({
        optimizer: { type: 'sgd', learningRate: { type: 'piecewise', boundaries: [1], values: [0.2, 0.1] } },
        decay: [
          { type: 'decoupled', rate: 0.5, scaling: 'relative', params: { include: [a] } },
          { type: 'decoupled', rate: { type: 'step', initial: 0.5, stepSize: 1, gamma: 0.5 }, scaling: 'none', params: { include: [b] } },
        ],
      });
      expect(opt.learningRate).toBe(0.2);
      step(opt, { [a]: [0], [b]: [0] });
      expect(opt.learningRate).toBe(0.1);
      step(opt, { [a]: [0], [b]: [0] });
      close(wa.dataSync(), [0.375]);
      close(wb.dataSync(), [0.375]);
      opt.dispose();
      tf.dispose([wa, wb]);
    });

    it('parameter selection by glob and minRank', () => {
      // l2 on rank ≥ 2 only, SGD η = 1, λ = 0.5, g = 0: the matrix halves, the vector stays.
      const k = unique('dense/kernel');
      const bias = unique('dense/bias');
      const wk = tf.variable(tf.tensor([[2]]), true, k);
      const wb = tf.variable(tf.tensor([2]), true, bias);
      const opt = make({ optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'l2', rate: 0.5, params: { minRank: 2 } }] });
      step(opt, { [k]: [0], [bias]: [0] });
      close(wk.dataSync(), [1]);
      close(wb.dataSync(), [2]);
      expect(opt.plan([wk, wb]).terms[0].parameters).toEqual([k]);
      expect(() => opt.plan([wk], { unmatched: 'error' })).not.toThrow();
      opt.dispose();
      tf.dispose([wk, wb]);
    });
  });

  describe('createOptimizer: state, schedules and bad input', () => {
    it('state is keyed by variable name: freezing a variable (array form) does not shift state', () => {
      // SGD μ = 0.9, η = 0.1. Step 1: a gets g = 1 (b_a = 1), b gets g = 10 (b_b = 10).
      // Step 2 updates b only, g = 0: b_b = 9 → θ_b = (1 − 1) − 0.9 = −0.9. Position-keyed state would use b_a = 1 (−0.1).
      // Step 3 a alone, g = 0: b_a = 0.9 → θ_a = 0.9 − 0.09 = 0.81.
      // A variable first seen at step 3 starts its own buffer with g (PyTorch per-parameter state): θ_c = 1 − 0.1·2 = 0.8.
      const a = unique('a');
      const b = unique('b');
      const c = unique('c');
      const wa = tf.variable(tf.tensor([1]), true, a);
      const wb = tf.variable(tf.tensor([1]), true, b);
      const wc = tf.variable(tf.tensor([1]), true, c);
      const opt = make({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } });
      const g = (v: number) => tf.tensor([v]);
      const t1 = [
        { name: a, tensor: g(1) },
        { name: b, tensor: g(10) },
      ];
      opt.applyGradients(t1);
      const t2 = [{ name: b, tensor: g(0) }];
      opt.applyGradients(t2);
      close(wb.dataSync(), [-0.9]);
      const t3 = [
        { name: c, tensor: g(2) },
        { name: a, tensor: g(0) },
      ];
      opt.applyGradients(t3);
      close(wa.dataSync(), [0.81]);
      close(wc.dataSync(), [0.8]);
      expect(opt.variableNames()).toEqual([a, b, c]);
      tf.dispose([...t1, ...t2, ...t3].map((x) => x.tensor));
      opt.dispose();
      tf.dispose([wa, wb, wc]);
    });

    it('setLearningRate keeps the state and takes effect at the next step', () => {
      // SGD μ = 0.9: step 1 at η = 0.1, g = 1 → θ = 0.9, b = 1. setLearningRate(1): step 2, g = 1:
      //   b = 1.9 → θ = 0.9 − 1.9 = −1.0 (a rebuilt optimizer would have b = 1 → −0.1).
      const name = unique('w');
      const w = tf.variable(tf.tensor([1]), true, name);
      const opt = make({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } });
      step(opt, { [name]: [1] });
      opt.setLearningRate(1);
      step(opt, { [name]: [1] });
      close(w.dataSync(), [-1]);
      expect(() => opt.setLearningRate(-1)).toThrow(ConfigError);
      opt.setLearningRate({ type: 'constant', value: 0.5 });
      expect(opt.learningRate).toBe(0.5);
      expect(opt.config.optimizer.learningRate).toEqual({ type: 'constant', value: 0.5 });
      // A reduce-on-plateau learning rate starts at its initial; patience 0 halves at the first report that is no better.
      opt.setLearningRate({ type: 'reduce-on-plateau', initial: 0.2, factor: 0.5, patience: 0 });
      opt.reportMetric(1);
      opt.reportMetric(1);
      expect(opt.learningRate).toBe(0.1);
      expect(() => opt.setLearningRate({ type: 'warmup', steps: 2, then: { type: 'reduce-on-plateau', initial: 1 } } as never)).toThrow(
        expect.objectContaining({ path: 'optimizer.learningRate' }),
      );
      expect(opt.learningRate).toBe(0.1);
      opt.dispose();
      w.dispose();
    });

    it('optimizer.learningRate = x, as on tfjs optimizers: that constant rate from the next update, state kept, in getConfig', async () => {
      // SGD μ = 0.9 under a piecewise η (0.1 for t < 1, 0.01 after). Step 1, g = 1: b = 1, θ = 1 − 0.1 = 0.9.
      // Assign η = 1. Step 2, g = 1: b = 0.9·1 + 1 = 1.9, θ = 0.9 − 1.9 = −1 (the schedule would give 0.881;
      // a rebuilt optimizer, b = 1: −0.1). Step 3, g = 1: b = 0.9·1.9 + 1 = 2.71, θ = −1 − 2.71 = −3.71 (still η = 1).
      const name = unique('w');
      const w = tf.variable(tf.tensor([1]), true, name);
      const opt = make({
        optimizer: { type: 'sgd', learningRate: { type: 'piecewise', boundaries: [1], values: [0.1, 0.01] }, momentum: 0.9 },
      });
      expect(opt.learningRate).toBe(0.1);
      step(opt, { [name]: [1] });
      const values = async (): Promise<number[][]> => (await opt.getWeights()).map((x) => Array.from(x.tensor.dataSync()));
      const before = await values();
      opt.learningRate = 1;
      expect(opt.learningRate).toBe(1);
      expect(await values()).toEqual(before); // iter 1, momentum buffer [1], step 1: untouched
      expect(before[1]).toEqual([1]);
      step(opt, { [name]: [1] });
      close(w.dataSync(), [-1]);
      step(opt, { [name]: [1] });
      close(w.dataSync(), [-3.71]);
      expect(opt.learningRate).toBe(1);
      expect(opt.config.optimizer.learningRate).toBe(1);
      const entry = tf.serialization.SerializationMap.getMap().classNameMap[WeightDecayOptimizer.className];
      const copy = entry[1](entry[0], JSON.parse(JSON.stringify(opt.getConfig()))) as WeightDecayOptimizer;
      expect(copy.config.optimizer.learningRate).toBe(1);
      // A bad value throws, naming the field, and changes nothing.
      expect(() => {
        opt.learningRate = -1;
      }).toThrow(/optimizer\.learningRate/);
      expect(() => {
        // @ts-expect-error a string is not a learning rate
        opt.learningRate = '1e-3';
      }).toThrow(ConfigError);
      expect(opt.learningRate).toBe(1);
      opt.dispose();
      copy.dispose();
      w.dispose();
    });

    it('getWeights: an earlier result stays readable after later calls and updates; repeated calls make no tensors', async () => {
      // Adam + anchor, η = 0.1, θ = [1, 2], g = [1, 1]: after step 1, m = 0.1·g = [0.1, 0.1], v = 0.001·g², step 1.
      const name = unique('w');
      const w = tf.variable(tf.tensor([1, 2]), true, name);
      const opt = make({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 0.1 }] });
      step(opt, { [name]: [1, 1] });
      const first = await opt.getWeights();
      const count = tf.memory().numTensors;
      const second = await opt.getWeights();
      expect(tf.memory().numTensors).toBe(count);
      expect(first.map((x) => x.tensor.isDisposed)).toEqual(first.map(() => false));
      expect(first.map((x) => x.name)).toEqual(['iter', `${name}/m`, `${name}/v`, `${name}/step`, `${name}/anchor`]);
      close(first[1].tensor.dataSync(), [0.1, 0.1]);
      close(first[4].tensor.dataSync(), [1, 2]);
      expect(second.map((x) => Array.from(x.tensor.dataSync()))).toEqual(first.map((x) => Array.from(x.tensor.dataSync())));
      // After another update and call, the first result shows the optimizer's current state (as tfjs's own optimizers' do).
      step(opt, { [name]: [1, 1] });
      const third = await opt.getWeights();
      expect(tf.memory().numTensors).toBe(count);
      expect(Array.from(first[0].tensor.dataSync())).toEqual([2]);
      close(first[1].tensor.dataSync(), [0.19, 0.19]); // m = 0.9·0.1 + 0.1·1
      expect(third.map((x) => Array.from(x.tensor.dataSync()))).toEqual(first.map((x) => Array.from(x.tensor.dataSync())));
      opt.dispose();
      expect(first.map((x) => x.tensor.isDisposed)).toEqual(first.map(() => true));
      w.dispose();
    });

    it('after dispose(), applyGradients, minimize, getWeights and setWeights throw a StateError', async () => {
      const name = unique('w');
      const w = tf.variable(tf.tensor([1]), true, name);
      const opt = make({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.1 }] });
      step(opt, { [name]: [1] });
      const other = make(opt.config);
      const saved = await other.getWeights();
      opt.dispose();
      const gradient = tf.tensor([1]);
      expect(() => opt.applyGradients({ [name]: gradient })).toThrow(StateError);
      expect(() => opt.applyGradients([{ name, tensor: gradient }])).toThrow('(optimizer): disposed');
      const count = tf.memory().numTensors;
      expect(() => opt.minimize(() => tf.sum(w))).toThrow(StateError);
      expect(tf.memory().numTensors).toBe(count); // refused before computing (and leaking) any gradient
      await expect(opt.getWeights()).rejects.toThrow(StateError);
      await expect(opt.setWeights(saved)).rejects.toThrow(StateError);
      close(w.dataSync(), [1 * (1 - 0.1 * 0.1) - 0.1]); // θ(1 − ηλ) − η·g/|g|: only step 1 ran
      expect(opt.iterations).toBe(1);
      tf.dispose([gradient, w]);
      other.dispose();
    });

    it('invalid configs throw ConfigError naming the field', () => {
      const path = (config: unknown): string => {
        try {
          make(config as WeightDecayConfig);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          return (e as ConfigError).path;
        }
        throw new Error('did not throw');
      };
      expect(path({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'l2', rate: -1 }] })).toBe('decay[0].rate');
      expect(path({ optimizer: { type: 'lamb', learningRate: 0.1 } })).toBe('optimizer.type');
      expect(path({ optimizer: { type: 'adam', learning_rate: 0.1 } })).toBe('optimizer.learning_rate');
    });

    it("a selection pattern that matches none of the first update's variables is reported once, not silent", () => {
      const name = unique('dense/bias');
      const w = tf.variable(tf.tensor([1, 2]), true, name);
      const warnings: string[] = [];
      // "**/bais" is a typo for "**/bias": without a warning the bias would be decayed silently.
      const opt = make(
        { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.1, params: { exclude: ['**/bais'] } }] },
        { onWarning: (message) => warnings.push(message) },
      );
      step(opt, { [name]: [0, 0] });
      step(opt, { [name]: [0, 0] });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('decay[0].params.exclude[0]');
      expect(warnings[0]).toContain('**/bais');
      const quiet: string[] = [];
      const fine = make(
        { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.1 }] },
        { onWarning: (m) => quiet.push(m) },
      );
      step(fine, { [name]: [0, 0] });
      expect(quiet).toEqual([]);
      opt.dispose();
      fine.dispose();
      w.dispose();
    });

    it('bad anchors are refused: a string at creation (ConfigError), a wrong length at the first update (ParameterError)', () => {
      const config: WeightDecayConfig = { optimizer: { type: 'sgd', learningRate: 1 }, decay: [{ type: 'anchor', rate: 0.5 }] };
      const name = unique('w');
      expect(() => make(config, { anchors: { [name]: 'abc' as unknown as number[] } })).toThrow(ConfigError);
      const w = tf.variable(tf.tensor([2, -4]), true, name);
      const opt = make(config, { anchors: { [name]: [0, 0, 0] } });
      expect(() => step(opt, { [name]: [0, 0] })).toThrow(ParameterError);
      expect(Array.from(w.dataSync())).toEqual([2, -4]);
      expect(opt.iterations).toBe(0);
      opt.dispose();
      w.dispose();
    });

    it('bad gradients throw ParameterError naming the variable, and nothing is applied', async () => {
      const a = unique('a');
      const b = unique('b');
      const wa = tf.variable(tf.tensor([1, 2]), true, a);
      const wb = tf.variable(tf.tensor([3]), true, b);
      const opt = make(
        { optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.1 }] },
        { checkFinite: true },
      );
      step(opt, { [a]: [1, 1], [b]: [1] });
      const before = { a: Array.from(wa.dataSync()), b: Array.from(wb.dataSync()), weights: await snapshot(opt) };
      const attempts: Array<[tf.NamedTensorMap, string]> = [
        [{ [a]: tf.tensor([1, 1]), 'no/such/variable': tf.tensor([1]) }, 'no/such/variable'],
        [{ [a]: tf.tensor([1, 1]), [b]: tf.tensor([1, 2]) }, b],
        [{ [a]: tf.tensor([1, 1]), [b]: tf.tensor([NaN]) }, b],
        [{ [a]: tf.tensor([1, 1], [2], 'int32'), [b]: tf.tensor([1]) }, a],
      ];
      for (const [grads, culprit] of attempts) {
        let caught: unknown;
        try {
          opt.applyGradients(grads);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(ParameterError);
        expect((caught as ParameterError).parameter).toBe(culprit);
        tf.dispose(grads);
      }
      expect(Array.from(wa.dataSync())).toEqual(before.a);
      expect(Array.from(wb.dataSync())).toEqual(before.b);
      expect(await snapshot(opt)).toEqual(before.weights);
      expect(opt.iterations).toBe(1);
      opt.dispose();
      tf.dispose([wa, wb]);
    });
  });
});

describe('getConfig keeps where the update runs', () => {
  it('a copy made by fromConfig runs on the same path with the same finite check; bad options are refused', () => {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[WeightDecayOptimizer.className];
    const fromConfig = (dict: object) => entry[1](entry[0], JSON.parse(JSON.stringify(dict))) as WeightDecayOptimizer;
    const config: WeightDecayConfig = { optimizer: { type: 'sgd', learningRate: 0.1 } };
    const original = createOptimizer(config, { kernel: 'tensor', checkFinite: true });
    const dict = original.getConfig();
    expect(dict).toMatchObject({ kernel: 'tensor', checkFinite: true });
    const copy = fromConfig(dict);
    expect(copy.getConfig()).toEqual(dict);
    // The finite check came along: a NaN gradient is refused, naming the variable.
    const w = tf.variable(tf.tensor([1]), true, 'kept-options/w');
    expect(() => copy.applyGradients({ [w.name]: tf.tensor([Number.NaN]) })).toThrow(ParameterError);
    // A config dict written before these fields reads as the defaults.
    const { kernel: _kernel, checkFinite: _checkFinite, ...older } = dict;
    expect(fromConfig(older).getConfig()).toMatchObject({ kernel: 'auto', checkFinite: false });
    expect(() => fromConfig({ ...dict, kernel: 'gpu' })).toThrow(expect.objectContaining({ name: 'ConfigError', path: 'options.kernel' }));
    expect(() => fromConfig({ ...dict, checkFinite: 'yes' })).toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'options.checkFinite' }),
    );
    for (const o of [original, copy]) o.dispose();
    w.dispose();
  });
});

async function snapshot(opt: tf.Optimizer): Promise<Array<[string, number[]]>> {
  const weights = await opt.getWeights();
  return Promise.all(weights.map(async (w) => [w.name, Array.from(await w.tensor.data())] as [string, number[]]));
}
