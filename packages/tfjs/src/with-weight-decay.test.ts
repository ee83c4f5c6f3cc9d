import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, StateError } from '@weight-decay/core';
import { withWeightDecay } from './with-weight-decay.js';
import { WeightDecayWrapper } from './weight-decay-wrapper.js';
import { saveAndLoad } from './__fixtures__/save-and-load.js';
import { fitWrappedSgd } from './__fixtures__/fit-wrapped-sgd.js';

// Expected numbers are derived by hand in the comments.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function close(actual: ArrayLike<number>, expected: number[], rtol = 2e-6, atol = 1e-7): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > atol + rtol * Math.abs(expected[i])) {
      throw new Error(`element ${i}: ${actual[i]} vs expected ${expected[i]}`);
    }
  }
}

let counter = 0;
function variable(values: number[]): tf.Variable {
  counter += 1;
  return tf.variable(tf.tensor(values), true, `wrap${counter}/w`);
}

function step(opt: tf.Optimizer, w: tf.Variable, grad: number[]): void {
  const g = tf.tensor(grad);
  opt.applyGradients({ [w.name]: g });
  g.dispose();
}

/** sign-SGD, a user subclass: θ ← θ − η·sign(g). */
class SignSgd extends tf.Optimizer {
  static get className(): string {
    return 'test>SignSgd';
  }
  constructor(public learningRate: number) {
    super();
  }
  applyGradients(grads: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const list = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    tf.tidy(() => {
      for (const { name, tensor } of list) {
        const v = tf.engine().registeredVariables[name];
        v.assign(tf.sub(v, tf.mul(tf.sign(tensor), this.learningRate)));
      }
    });
    this.incrementIterations();
  }
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate };
  }
}

/** A user optimizer without a learningRate field: θ ← θ − g. */
class PlainStep extends tf.Optimizer {
  static get className(): string {
    return 'test>PlainStep';
  }
  applyGradients(grads: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const list = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    tf.tidy(() => {
      for (const { name, tensor } of list) {
        const v = tf.engine().registeredVariables[name];
        v.assign(tf.sub(v, tensor));
      }
    });
  }
  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

describe('withWeightDecay on tfjs optimizers', () => {
  it('tf.train.sgd + decoupled in LayersModel.fit: hand-derived weights', async () => {
    // loss = w² (x = 1, y = 0), g = 2w; η = 0.1 read from the SGD, λ = 0.5 → c = 0.05:
    //   w: 1 → 1·0.95 − 0.2 = 0.75 → 0.75·0.95 − 0.15 = 0.5625.
    expect(await fitWrappedSgd()).toBeCloseTo(0.5625, 6);
  });

  it('tf.train.adam keeps its own ε (1e-7) and gains AdamW decay', () => {
    // Step 1 of Adam: update = η·g/(|g| + ε_tfjs) ≈ η·sign(g) (ε changes the 7th digit);
    // θ = [1, −2], η = 0.1, λ = 0.01 (c = 0.001): [0.999 − 0.1, −1.998 + 0.1] = [0.899, −1.898].
    const w = variable([1, -2]);
    const opt = withWeightDecay(tf.train.adam(0.1), [{ type: 'decoupled', rate: 0.01 }]);
    step(opt, w, [0.5, -0.25]);
    close(w.dataSync(), [0.899, -1.898], 1e-6);
    expect(opt.learningRate).toBe(0.1);
    opt.dispose();
    w.dispose();
  });

  it('coupled l2 and l1 join the gradient before the wrapped step', () => {
    // SGD η = 0.5, g = 0, l2 0.1 and l1 0.2 on θ = [2, 0]: g' = [0.2 + 0.2, 0] → θ = [1.8, 0].
    const w = variable([2, 0]);
    const opt = withWeightDecay(tf.train.sgd(0.5), [
      { type: 'l2', rate: 0.1 },
      { type: 'l1', rate: 0.2 },
    ]);
    // penalty before: 0.1/2·4 + 0.2·2 = 0.6
    close([opt.penalty([w])], [0.6]);
    step(opt, w, [0, 0]);
    close(w.dataSync(), [1.8, 0]);
    opt.dispose();
    w.dispose();
  });

  it('cautious decay reads the step direction from the wrapped step; proximal runs last', () => {
    // Cautious: SGD η = 0.1, rate 1 (c = 0.1), θ = [1, 1], g = [1, −1]: [1 − 0.1 − 0.1, 1 + 0.1] = [0.8, 1.1].
    const a = variable([1, 1]);
    const cautious = withWeightDecay(tf.train.sgd(0.1), [{ type: 'decoupled', rate: 1, cautious: true }]);
    step(cautious, a, [1, -1]);
    close(a.dataSync(), [0.8, 1.1]);
    // Proximal: SGD η = 1, λ = 0.1: [0.5, −0.05, 0.2] − [0.1, 0, 0] = [0.4, −0.05, 0.2] → [0.3, 0, 0.1].
    const b = variable([0.5, -0.05, 0.2]);
    const proximal = withWeightDecay(tf.train.sgd(1), [{ type: 'l1', rate: 0.1, method: 'proximal' }]);
    step(proximal, b, [0.1, 0, 0]);
    close(b.dataSync(), [0.3, 0, 0.1]);
    expect(proximal.zeroFraction()).toBeCloseTo(1 / 3, 12);
    // The penalty counts proximal l1 as core's coupledPenalty does: 0.1·(0.3 + 0 + 0.1) = 0.04.
    close([proximal.penalty([b])], [0.04]);
    cautious.dispose();
    proximal.dispose();
    tf.dispose([a, b]);
  });

  it('a learning-rate schedule drives the wrapped optimizer and the decay, step by step', () => {
    // lr piecewise 0.2 then 0.1 (from t = 1), SGD, g = 1, decoupled rate 0.5 (c = 0.1 then 0.05), θ = 1:
    //   t = 0: 1·0.9 − 0.2 = 0.7;  t = 1: 0.7·0.95 − 0.1 = 0.565.
    const w = variable([1]);
    const inner = tf.train.sgd(1);
    const opt = withWeightDecay(inner, [{ type: 'decoupled', rate: 0.5 }], {
      learningRate: { type: 'piecewise', boundaries: [1], values: [0.2, 0.1] },
    });
    step(opt, w, [1]);
    step(opt, w, [1]);
    close(w.dataSync(), [0.565]);
    expect((inner as unknown as { learningRate: number }).learningRate).toBe(0.1);
    // setLearningRate keeps state: the next update uses 1.0 → 0.565·0.5 − 1 = −0.7175.
    opt.setLearningRate(1);
    step(opt, w, [1]);
    close(w.dataSync(), [-0.7175]);
    opt.dispose();
    w.dispose();
  });
});

describe('withWeightDecay and the habits of tfjs users', () => {
  it('wrapper.learningRate = x: that rate for the decay and the wrapped optimizer from the next update, state kept, in getConfig', () => {
    // tf.train.momentum(0.1, 0.9) (acc ← 0.9·acc + g, θ ← θ − η·acc), decoupled λ = 0.5 (c = η·λ), θ = 1, g = 1:
    //   step 1, η = 0.1: c = 0.05, acc = 1 → θ = 1 − 0.05·1 − 0.1·1 = 0.85.
    //   assign η = 1; step 2: c = 0.5, acc = 1.9 → θ = 0.85 − 0.5·0.85 − 1·1.9 = −1.475 (a fresh acc = 1 would give −0.575).
    const w = variable([1]);
    const inner = tf.train.momentum(0.1, 0.9);
    const opt = withWeightDecay(inner, [{ type: 'decoupled', rate: 0.5 }]);
    step(opt, w, [1]);
    close(w.dataSync(), [0.85]);
    opt.learningRate = 1;
    expect(opt.learningRate).toBe(1);
    expect((inner as unknown as { learningRate: number }).learningRate).toBe(1);
    step(opt, w, [1]);
    close(w.dataSync(), [-1.475]);
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[WeightDecayWrapper.className];
    const copy = entry[1](entry[0], JSON.parse(JSON.stringify(opt.getConfig()))) as WeightDecayWrapper;
    expect(copy.learningRate).toBe(1);
    expect((copy.wrapped as unknown as { learningRate: number }).learningRate).toBe(1);
    expect(() => {
      opt.learningRate = -1;
    }).toThrow(ConfigError);
    expect(opt.learningRate).toBe(1);
    opt.dispose();
    copy.dispose();
    w.dispose();
  });

  it('getWeights: an earlier result stays readable after later calls; repeated calls make no tensors', async () => {
    const w = variable([1, 2]);
    const opt = withWeightDecay(tf.train.adam(0.1), [{ type: 'anchor', rate: 0.1 }]);
    step(opt, w, [1, 1]);
    const first = await opt.getWeights();
    const count = tf.memory().numTensors;
    const second = await opt.getWeights();
    await opt.getWeights();
    expect(tf.memory().numTensors).toBe(count);
    expect(first.map((x) => x.name)).toEqual(['iter', `${w.name}/anchor`, 'wrapped:iter', `wrapped:${w.name}/m`, `wrapped:${w.name}/v`]);
    expect(first.map((x) => x.tensor.isDisposed)).toEqual(first.map(() => false));
    // iter 1 (both), θ₀ = [1, 2], Adam's m = 0.1·g = [0.1, 0.1].
    expect(Array.from(first[0].tensor.dataSync())).toEqual([1]);
    expect(Array.from(first[2].tensor.dataSync())).toEqual([1]);
    close(first[1].tensor.dataSync(), [1, 2]);
    close(first[3].tensor.dataSync(), [0.1, 0.1]);
    expect(second.map((x) => Array.from(x.tensor.dataSync()))).toEqual(first.map((x) => Array.from(x.tensor.dataSync())));
    opt.dispose();
    w.dispose();
  });

  it('after dispose(), applyGradients, minimize, getWeights and setWeights throw a StateError', async () => {
    const w = variable([1]);
    const opt = withWeightDecay(tf.train.sgd(0.1), [{ type: 'decoupled', rate: 0.5 }]);
    step(opt, w, [1]);
    const saved = [{ name: 'iter', tensor: tf.scalar(1, 'int32') }];
    opt.dispose();
    const gradient = tf.tensor([1]);
    expect(() => opt.applyGradients({ [w.name]: gradient })).toThrow(StateError);
    expect(() => opt.applyGradients({ [w.name]: gradient })).toThrow('(optimizer): disposed');
    const count = tf.memory().numTensors;
    expect(() => opt.minimize(() => tf.sum(w))).toThrow(StateError);
    expect(tf.memory().numTensors).toBe(count);
    await expect(opt.getWeights()).rejects.toThrow(StateError);
    await expect(opt.setWeights(saved)).rejects.toThrow(StateError);
    // Only step 1 ran: θ = 1 − 0.1·0.5·1 − 0.1·1 = 0.85.
    close(w.dataSync(), [0.85]);
    tf.dispose([gradient, saved[0].tensor, w]);
  });
});

describe('withWeightDecay and relative scaling', () => {
  it('needs a peak: a ConfigError without options, η_t/η_peak with peakLearningRate', () => {
    const terms = [{ type: 'decoupled' as const, rate: 0.5, scaling: 'relative' as const }];
    let error: unknown;
    try {
      withWeightDecay(tf.train.sgd(0.1), terms);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('decay[0].scaling');
    // SGD η = 0.1, η_peak = 0.2 → s = 0.5, c = 0.5·0.5 = 0.25; g = 0: θ = 2·0.75 = 1.5.
    const w = variable([2]);
    const opt = withWeightDecay(tf.train.sgd(0.1), terms, { peakLearningRate: 0.2 });
    step(opt, w, [0]);
    close(w.dataSync(), [1.5]);
    opt.dispose();
    w.dispose();
  });
});

describe('withWeightDecay reports selection patterns that match nothing', () => {
  it('once, at the first update', () => {
    const w = variable([1, 2]);
    const warnings: string[] = [];
    // The only variable has rank 1, so minRank 2 leaves the term with nothing to decay.
    const opt = withWeightDecay(tf.train.sgd(0.1), [{ type: 'decoupled', rate: 0.1, params: { minRank: 2 } }], {
      onWarning: (message) => warnings.push(message),
    });
    step(opt, w, [0, 0]);
    step(opt, w, [0, 0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('decay[0]: selects no parameter');
    opt.dispose();
    w.dispose();
  });
});

describe('withWeightDecay on user subclasses', () => {
  it('wraps a subclass with a learningRate field', () => {
    // sign-SGD η = 0.1, decoupled 0.5 (c = 0.05), θ = 1, g = 2: 1·0.95 − 0.1 = 0.85.
    const w = variable([1]);
    const opt = withWeightDecay(new SignSgd(0.1), [{ type: 'decoupled', rate: 0.5 }]);
    step(opt, w, [2]);
    close(w.dataSync(), [0.85]);
    opt.dispose();
    w.dispose();
  });

  it('a subclass without a learningRate needs options.learningRate for η-scaled terms', () => {
    let caught: unknown;
    try {
      withWeightDecay(new PlainStep(), [{ type: 'decoupled', rate: 0.5 }]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('learningRate');
    // Scaling 'none' needs no η: θ = 1, g = 1, c = 0.5: 1·0.5 − 1 = −0.5.
    const w = variable([1]);
    const opt = withWeightDecay(new PlainStep(), [{ type: 'decoupled', rate: 0.5, scaling: 'none' }]);
    step(opt, w, [1]);
    close(w.dataSync(), [-0.5]);
    opt.dispose();
    w.dispose();
  });

  it('bad input: unknown variable → ParameterError, neither the wrapper nor the wrapped optimizer stepped', async () => {
    const w = variable([1, 2]);
    const inner = tf.train.adam(0.1);
    const opt = withWeightDecay(inner, [{ type: 'decoupled', rate: 0.1 }]);
    step(opt, w, [1, 1]);
    const before = Array.from(w.dataSync());
    const g = tf.tensor([1, 1]);
    expect(() => opt.applyGradients({ [w.name]: g, 'missing/var': g })).toThrow(ParameterError);
    const wrongShape = tf.tensor([1, 1, 1]);
    expect(() => opt.applyGradients({ [w.name]: wrongShape })).toThrow(/shape/);
    tf.dispose([g, wrongShape]);
    expect(Array.from(w.dataSync())).toEqual(before);
    expect(opt.iterations).toBe(1);
    expect(inner.iterations).toBe(1);
    opt.dispose();
    w.dispose();
  });
});

describe('withWeightDecay serialization and leaks', () => {
  it('model.save(includeOptimizer) + tf.loadLayersModel: wrapped Adam restored, continued training bit-identical', async () => {
    const build = (): tf.Sequential => {
      const model = tf.sequential();
      model.add(
        tf.layers.dense({ units: 2, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) }),
      );
      model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 4 }) }));
      return model;
    };
    const xs = tf.tensor2d([
      [0.1, 0.2],
      [0.3, -0.1],
      [-0.5, 0.4],
    ]);
    const ys = tf.tensor2d([[0.5], [-0.2], [0.1]]);
    const original = build();
    original.compile({
      optimizer: withWeightDecay(tf.train.adam(0.05), [
        { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
        { type: 'anchor', rate: 0.3, params: { include: ['**/bias'] } },
      ]),
      loss: 'meanSquaredError',
    });
    await original.fit(xs, ys, { epochs: 3, verbose: 0 });
    const restored = await saveAndLoad(original);
    expect(restored.optimizer).toBeInstanceOf(WeightDecayWrapper);
    expect((restored.optimizer as WeightDecayWrapper).wrapped.getClassName()).toBe('Adam');
    expect((restored.optimizer as WeightDecayWrapper).decay).toEqual((original.optimizer as WeightDecayWrapper).decay);
    await original.fit(xs, ys, { epochs: 3, verbose: 0 });
    await restored.fit(xs, ys, { epochs: 3, verbose: 0 });
    expect(restored.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(original.getWeights().map((w) => Array.from(w.dataSync())));
    tf.dispose([xs, ys]);
    original.dispose();
    restored.dispose();
  });

  it('numTensors flat over 500 steps and repeated getWeights; back to the start after dispose()', async () => {
    const w = variable([0.5, -0.5, 0.25]);
    const terms = [
      { type: 'decoupled' as const, rate: 0.01, cautious: true },
      { type: 'anchor' as const, rate: 0.01 },
      { type: 'l1' as const, rate: 0.001, method: 'proximal' as const },
      { type: 'l2' as const, rate: 0.001 },
    ];
    const loss = (): tf.Scalar => tf.sum(tf.square(w));
    const warmUp = withWeightDecay(tf.train.adam(0.01), terms);
    warmUp.minimize(loss);
    warmUp.dispose();
    const start = tf.memory().numTensors;
    const opt = withWeightDecay(tf.train.adam(0.01), terms);
    opt.minimize(loss);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 499; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(afterFirst);
    await opt.getWeights();
    const withWeights = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await opt.getWeights();
    expect(tf.memory().numTensors).toBe(withWeights);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(start);
    w.dispose();
  });
});
