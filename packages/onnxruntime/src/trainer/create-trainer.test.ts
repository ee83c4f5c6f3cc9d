import { ConfigError, StateError, parseConfig, type WeightDecayConfig } from '@weight-decay/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTrainingGraph, type LossSpec } from '../gradient/index.js';
import { OnnxGraphError, decodeModel, encodeModel, readInitializers } from '../onnx/index.js';
import { BatchError } from './batch-error.js';
import { createTrainer, type Trainer, type TrainerCheckpoint } from './create-trainer.js';
import { expectClose, modelBytes, modelReference, toBatch, type ModelReference } from './reference-models.test-util.js';

const loss: LossSpec = { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels', reduction: 'mean' };

/**
 * Tolerances against PyTorch float32.
 * - Step-0 gradients: atol 1e-5 (the brief); both sides are float32 sums of a few dozen products.
 * - After 20 AdamW steps: rtol 1e-5 plus atol 1e-6. The absolute part is needed where a weight sits
 *   near zero: the proximal L1 term snaps weights to exactly 0, and a weight that PyTorch leaves at
 *   1e-8 can be 0 here (or the reverse) from one float32 rounding of |θ| − η·λ; 1e-6 is 1e-4 of the
 *   per-step change η ≈ 1e-2, so a wrong update of any element still fails.
 */
const gradientTolerance = { rtol: 0, atol: 1e-5 };
const trainingTolerance = { rtol: 1e-5, atol: 1e-6 };

const trainers: Trainer[] = [];
async function trainerFor(reference: ModelReference, extra: Partial<Parameters<typeof createTrainer>[0]> = {}): Promise<Trainer> {
  const trainer = await createTrainer({
    model: modelBytes(`${reference.name}.onnx`),
    loss,
    config: parseConfig(reference.training.config),
    ...extra,
  });
  trainers.push(trainer);
  return trainer;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(trainers.splice(0).map((t) => t.dispose()));
});

async function trainSteps(trainer: Trainer, reference: ModelReference, from: number, to: number): Promise<number[]> {
  const losses: number[] = [];
  for (let t = from; t < to; t++) {
    const batches = reference.training.batches;
    losses.push((await trainer.step(toBatch(batches[t % batches.length]))).loss);
  }
  return losses;
}

describe.each(['mlp', 'cnn'] as const)('%s against PyTorch', (name) => {
  const reference = modelReference(name);

  it('the built training graph gives the autograd loss, logits and gradients at step 0', async () => {
    const graph = buildTrainingGraph(modelBytes(`${name}.onnx`), { loss });
    const session = await InferenceSession.create(graph.model);
    try {
      const batch = reference.gradientCheck.batch;
      const feeds: Record<string, Tensor> = {
        x: new Tensor('float32', Float32Array.from(batch.x.data), batch.x.dims),
        labels: new Tensor('int64', BigInt64Array.from(batch.labels.data, BigInt), batch.labels.dims),
      };
      for (const [param, { shape, values }] of Object.entries(reference.initialParameters)) {
        feeds[param] = new Tensor('float32', Float32Array.from(values), shape);
      }
      const results = await session.run(feeds);
      expect(results.loss.data[0]).toBeCloseTo(reference.gradientCheck.loss, 5);
      expect(graph.forwardOutputs).toContain('logits');
      expectClose('logits', results.logits.data as Float32Array, reference.gradientCheck.logits, gradientTolerance);
      expect(graph.parameters.map((p) => p.name).sort()).toEqual(Object.keys(reference.initialParameters).sort());
      for (const [param, expected] of Object.entries(reference.gradientCheck.gradients)) {
        expectClose(`d loss / d ${param}`, results[graph.gradientOutputs[param]].data as Float32Array, expected, gradientTolerance);
      }
    } finally {
      await session.release();
    }
  });

  it('reads the same initial weights PyTorch started from', () => {
    const initializers = readInitializers(modelBytes(`${name}.onnx`));
    for (const [param, { shape, values }] of Object.entries(reference.initialParameters)) {
      expect(initializers.get(param)?.shape).toEqual(shape);
      expect(Array.from(initializers.get(param)!.values)).toEqual(values.map(Math.fround));
    }
  });

  it(`matches ${reference.training.steps} steps of torch AdamW + proximal L1 with an lr schedule`, async () => {
    const trainer = await trainerFor(reference);
    for (let t = 0; t < reference.training.steps; t++) {
      expect(trainer.learningRate()).toBeCloseTo(reference.training.learningRates[t], 12);
      const batches = reference.training.batches;
      const result = await trainer.step(toBatch(batches[t % batches.length]));
      expect(result.learningRate).toBeCloseTo(reference.training.learningRates[t], 12);
      expect(result.loss, `loss at step ${t}`).toBeCloseTo(reference.training.losses[t], 5);
    }
    expect(trainer.stepCount).toBe(reference.training.steps);
    const params = trainer.parameters();
    for (const [param, expected] of Object.entries(reference.training.finalParameters)) {
      expectClose(`${param} after ${reference.training.steps} steps`, params[param], expected, trainingTolerance);
    }
    // The proximal term made exact zeros, as PyTorch's soft-threshold did.
    const zeros = (values: ArrayLike<number>) => Array.from(values).filter((v) => v === 0).length;
    const weightNames = Object.keys(params).filter((p) => reference.initialParameters[p].shape.length >= 2);
    const ourZeros = weightNames.reduce((n, p) => n + zeros(params[p]), 0);
    const torchZeros = weightNames.reduce((n, p) => n + zeros(reference.training.finalParameters[p]), 0);
    expect(torchZeros).toBeGreaterThan(0);
    expect(Math.abs(ourZeros - torchZeros)).toBeLessThanOrEqual(2);
  });

  it('exportModel gives a forward model that onnxruntime loads, with the trained weights and evaluate() outputs', async () => {
    const trainer = await trainerFor(reference);
    await trainSteps(trainer, reference, 0, 5);
    const exported = trainer.exportModel();
    const initializers = readInitializers(exported);
    for (const [param, values] of Object.entries(trainer.parameters())) {
      expect(initializers.get(param)!.values).toEqual(values);
    }
    const batch = toBatch(reference.gradientCheck.batch);
    const evaluated = await trainer.evaluate(batch);
    const session = await InferenceSession.create(exported);
    try {
      const x = batch.x as { data: Float32Array; dims: number[] };
      const out = await session.run({ x: new Tensor('float32', x.data, x.dims) });
      // Same weights, same forward nodes (the builder copies them): the same float32 logits, bit for bit.
      expect(out.logits.dims).toEqual(evaluated.outputs.logits.dims);
      expect(out.logits.data).toEqual(evaluated.outputs.logits.data);
      expect(evaluated.loss).toBeGreaterThan(0);
    } finally {
      await session.release();
    }
    expect(trainer.stepCount).toBe(5);
  });
});

describe('checkpoints', () => {
  const reference = modelReference('mlp');

  it('resuming from a JSON checkpoint continues bit-identically', async () => {
    const straight = await trainerFor(reference);
    await trainSteps(straight, reference, 0, 10);
    const checkpoint = JSON.parse(JSON.stringify(straight.saveCheckpoint())) as TrainerCheckpoint;
    const straightLosses = await trainSteps(straight, reference, 10, 20);

    const resumed = await trainerFor(reference);
    await trainSteps(resumed, reference, 0, 3); // state that the checkpoint must fully replace
    resumed.loadCheckpoint(checkpoint);
    expect(resumed.stepCount).toBe(10);
    const resumedLosses = await trainSteps(resumed, reference, 10, 20);

    expect(resumedLosses).toEqual(straightLosses);
    expect(resumed.parameters()).toEqual(straight.parameters());
    expect(resumed.saveCheckpoint()).toEqual(straight.saveCheckpoint());
  });

  it('a reduce-on-plateau checkpoint carries its counters: resuming mid-plateau continues bit-identically', async () => {
    // patience 1 and a cooldown: after step 6 the state holds a best loss, a bad-report count and a reduced rate.
    const config: WeightDecayConfig = {
      optimizer: { type: 'adam', learningRate: { type: 'reduce-on-plateau', initial: 0.01, factor: 0.5, patience: 1, cooldown: 1 } },
      decay: [{ type: 'decoupled', rate: 0.1 }],
    };
    // The metric is a plateauing sequence (not the loss), so the reductions happen at known reports.
    const metrics = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9];
    const run = async (trainer: Trainer, from: number, to: number): Promise<{ losses: number[]; rates: number[] }> => {
      const losses: number[] = [];
      const rates: number[] = [];
      for (let t = from; t < to; t++) {
        rates.push(trainer.learningRate());
        losses.push(...(await trainSteps(trainer, reference, t, t + 1)));
        trainer.reportMetric(metrics[t]);
      }
      return { losses, rates };
    };
    const straight = await trainerFor(reference, { config });
    const first = await run(straight, 0, 6);
    const checkpoint = JSON.parse(JSON.stringify(straight.saveCheckpoint())) as TrainerCheckpoint;
    expect(checkpoint.updater.plateau).toEqual({ rate: 0.005, best: 0.8, badReports: 0, cooldownLeft: 0, reports: 6 });
    const rest = await run(straight, 6, 12);
    // By hand (PyTorch's rules), reports counted from 0: reports 2 and 3 are two bad ones after the best 0.9 → halve;
    // report 4 is in cooldown; report 5 (0.8) is a new best; 6 and 7 are bad → halve; 8 cooldown; 9 and 10 bad → halve.
    // A report changes the rate of the step after it.
    expect([...first.rates, ...rest.rates]).toEqual([0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.00125]);

    const resumed = await trainerFor(reference, { config });
    await run(resumed, 0, 2); // state that the checkpoint must fully replace
    resumed.loadCheckpoint(checkpoint);
    const resumedRest = await run(resumed, 6, 12);
    expect(resumedRest).toEqual(rest);
    expect(resumed.saveCheckpoint()).toEqual(straight.saveCheckpoint());
  });

  it('reportMetric without a reduce-on-plateau learning rate is a ConfigError naming it', async () => {
    const trainer = await trainerFor(reference);
    expect(() => trainer.reportMetric(1)).toThrow(expect.objectContaining({ name: 'ConfigError', path: 'optimizer.learningRate' }));
  });

  it('loads into a trainer whose config changes only hyperparameters, as PyTorch load_state_dict then a new lr', async () => {
    const saved = await trainerFor(reference);
    await trainSteps(saved, reference, 0, 4);
    const checkpoint = JSON.parse(JSON.stringify(saved.saveCheckpoint())) as TrainerCheckpoint;

    const retuned = await trainerFor(reference, {
      config: { optimizer: { type: 'adam', learningRate: 1e-4, beta2: 0.99 }, decay: [{ type: 'decoupled', rate: 0.1 }] },
    });
    retuned.loadCheckpoint(checkpoint);
    expect(retuned.stepCount).toBe(4);
    expect(retuned.parameters()).toEqual(saved.parameters());
    expect(retuned.config.optimizer.learningRate).toBe(1e-4);
    await trainSteps(retuned, reference, 4, 5);
    expect(retuned.stepCount).toBe(5);
  });

  it('rejects a checkpoint of another model or optimizer and keeps its state', async () => {
    const trainer = await trainerFor(reference);
    await trainSteps(trainer, reference, 0, 2);
    const before = trainer.saveCheckpoint();

    const otherOptimizer = await trainerFor(reference, { config: { optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0.9 } } });
    expect(() => trainer.loadCheckpoint(otherOptimizer.saveCheckpoint())).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'config.optimizer.type' }),
    );

    const otherParameters = await trainerFor(reference, { trainable: ['fc3.weight', 'fc3.bias'] });
    expect(() => trainer.loadCheckpoint(otherParameters.saveCheckpoint())).toThrow(StateError);

    const truncated = structuredClone(before);
    truncated.updater.parameters['fc2.weight'].slots.v.pop();
    truncated.parameters['fc1.weight'].values[0] = 123; // would be visible if anything were applied early
    expect(() => trainer.loadCheckpoint(truncated)).toThrow(expect.objectContaining({ name: 'StateError' }));
    expect(trainer.saveCheckpoint()).toEqual(before);
  });
});

describe('prebuilt training graphs', () => {
  const reference = modelReference('mlp');
  const prebuilt = () => modelBytes('mlp-training-graph.onnx');

  it('a functorch-exported graph trains like PyTorch and like the built graph', async () => {
    const fromPrebuilt = await trainerFor(reference, { trainingGraph: prebuilt() });
    expect(fromPrebuilt.batchSize).toBe(4);
    expect(fromPrebuilt.dataInputs).toEqual(['x', 'labels']);
    const built = await trainerFor(reference);
    const prebuiltLosses = await trainSteps(fromPrebuilt, reference, 0, reference.training.steps);
    const builtLosses = await trainSteps(built, reference, 0, reference.training.steps);
    const prebuiltParams = fromPrebuilt.parameters();
    const builtParams = built.parameters();
    for (const [param, expected] of Object.entries(reference.training.finalParameters)) {
      expectClose(`${param} (prebuilt graph) vs PyTorch`, prebuiltParams[param], expected, trainingTolerance);
      expectClose(`${param} (prebuilt graph) vs built graph`, prebuiltParams[param], builtParams[param], trainingTolerance);
    }
    expectClose('losses', prebuiltLosses, builtLosses, { rtol: 1e-5, atol: 1e-6 });
  });

  it('refuses a batch of another size than the graph was exported with, changing nothing', async () => {
    const trainer = await trainerFor(reference, { trainingGraph: prebuilt() });
    const before = trainer.saveCheckpoint();
    const batch = { x: { data: new Float32Array(2 * 8), dims: [2, 8] }, labels: { data: [0, 1], dims: [2] } };
    await expect(trainer.step(batch)).rejects.toThrow(expect.objectContaining({ name: 'BatchError', input: 'x' }));
    expect(trainer.saveCheckpoint()).toEqual(before);
  });

  it('refuses a batchSize option that differs from the baked one', async () => {
    const create = vi.spyOn(InferenceSession, 'create');
    await expect(trainerFor(reference, { trainingGraph: prebuilt(), batchSize: 8 })).rejects.toThrow(OnnxGraphError);
    expect(create).not.toHaveBeenCalled();
  });

  it('refuses a graph that lacks a gradient output, naming it', async () => {
    const model = decodeModel(prebuilt());
    model.graph!.output = model.graph!.output!.filter((o) => o.name !== 'fc2.bias_grad');
    const create = vi.spyOn(InferenceSession, 'create');
    const error = await trainerFor(reference, { trainingGraph: encodeModel(model) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxGraphError);
    expect((error as Error).message).toContain('fc2.bias_grad');
    expect(create).not.toHaveBeenCalled();
  });
});

describe('errors come before anything is created or changed', () => {
  const reference = modelReference('mlp');

  it('a bad config is a ConfigError before any session exists', async () => {
    const create = vi.spyOn(InferenceSession, 'create');
    const bad: WeightDecayConfig = { optimizer: { type: 'adam', learningRate: 0.01 }, decay: [{ type: 'decoupled', rate: -1 }] };
    await expect(trainerFor(reference, { config: bad })).rejects.toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'decay[0].rate' }),
    );
    const unmatched: WeightDecayConfig = {
      optimizer: { type: 'sgd', learningRate: 0.1 },
      decay: [{ type: 'l2', rate: 0.1, params: { include: ['conv*.weight'] } }],
    };
    await expect(trainerFor(reference, { config: unmatched })).rejects.toThrow(ConfigError);
    expect(create).not.toHaveBeenCalled();
    // Control: the spy does see the session a valid config creates.
    await trainerFor(reference);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('an unknown trainable name is an error before any session exists', async () => {
    const create = vi.spyOn(InferenceSession, 'create');
    await expect(trainerFor(reference, { trainable: ['fc1.weight', 'fc9.weight'] })).rejects.toThrow(
      expect.objectContaining({ name: 'OnnxGraphError', tensor: 'fc9.weight' }),
    );
    expect(create).not.toHaveBeenCalled();
  });

  it('a graph built with a batchSize refuses other batch sizes', async () => {
    const trainer = await trainerFor(reference, { batchSize: 4 });
    expect(trainer.batchSize).toBe(4);
    const batch = { x: { data: new Float32Array(3 * 8), dims: [3, 8] }, labels: { data: [0, 1, 2], dims: [3] } };
    await expect(trainer.step(batch)).rejects.toThrow(expect.objectContaining({ name: 'BatchError', input: 'x' }));
    expect(trainer.stepCount).toBe(0);
    await trainer.step(toBatch(reference.training.batches[0]));
    expect(trainer.stepCount).toBe(1);
  });

  it('a bad batch changes nothing and names the input', async () => {
    const trainer = await trainerFor(reference);
    await trainSteps(trainer, reference, 0, 1);
    const before = trainer.saveCheckpoint();
    const good = toBatch(reference.training.batches[1]);
    await expect(trainer.step({ x: good.x })).rejects.toThrow(expect.objectContaining({ name: 'BatchError', input: 'labels' }));
    await expect(trainer.step({ ...good, x: { data: new Float32Array(4 * 7), dims: [4, 7] } })).rejects.toThrow(
      expect.objectContaining({ input: 'x' }),
    );
    await expect(trainer.step({ ...good, labels: { data: [0, 1, 2], dims: [3] } })).rejects.toThrow(BatchError);
    expect(trainer.saveCheckpoint()).toEqual(before);
    // And the trainer still works, continuing exactly where it was.
    const next = await trainer.step(good);
    expect(next.loss).toBeCloseTo(reference.training.losses[1], 5);
  });

  it('refuses class labels outside [0, C) of the logits, naming the labels, before any run', async () => {
    // The MLP has 3 classes. ONNX Runtime's SoftmaxCrossEntropyLoss would wrap -1 around to class 2
    // without error, and fail on 3 with a message that names no input.
    const trainer = await trainerFor(reference);
    const before = trainer.saveCheckpoint();
    const good = toBatch(reference.training.batches[0]);
    const rows = good.labels.dims[0];
    for (const bad of [-1, 3]) {
      const labels = { data: Array.from({ length: rows }, (_, i) => (i === 1 ? bad : 0)), dims: [rows] };
      await expect(trainer.step({ ...good, labels })).rejects.toThrow(
        expect.objectContaining({
          name: 'BatchError',
          input: 'labels',
          message: expect.stringContaining(`[0, 3), received ${bad} at index 1`),
        }),
      );
      await expect(trainer.evaluate({ ...good, labels })).rejects.toThrow(BatchError);
    }
    expect(trainer.saveCheckpoint()).toEqual(before);
  });

  it('with checkFinite, a batch that gives a NaN gradient changes nothing and names the parameter', async () => {
    const good = toBatch(reference.training.batches[0]);
    const poisoned = {
      ...good,
      x: { data: Float32Array.from(good.x.data as ArrayLike<number>, (v, i) => (i === 0 ? NaN : v)), dims: good.x.dims },
    };
    const checked = await trainerFor(reference, { checkFinite: true });
    const before = checked.saveCheckpoint();
    await expect(checked.step(poisoned)).rejects.toThrow(
      expect.objectContaining({
        name: 'ParameterError',
        parameter: 'fc1.weight',
        message: expect.stringContaining('is NaN; nothing was updated'),
      }),
    );
    expect(checked.saveCheckpoint()).toEqual(before);
    // The control: without the check the same batch is applied, and the NaN spreads into the weights.
    const unchecked = await trainerFor(reference);
    await unchecked.step(poisoned);
    expect(unchecked.parameters()['fc1.weight'].some(Number.isNaN)).toBe(true);
  });

  it('refuses bytes that are not an ONNX model with an OnnxGraphError before any session exists', async () => {
    const create = vi.spyOn(InferenceSession, 'create');
    await expect(
      createTrainer({ model: new Uint8Array([1, 2, 3, 250, 251]), loss, config: { optimizer: { type: 'sgd', learningRate: 0.1 } } }),
    ).rejects.toThrow(expect.objectContaining({ name: 'OnnxGraphError', message: expect.stringContaining('not an ONNX model') }));
    expect(create).not.toHaveBeenCalled();
    create.mockRestore();
  });
});

describe('trainer behaviour', () => {
  const reference = modelReference('mlp');

  it('runs overlapping step() calls one at a time, in call order', async () => {
    const sequential = await trainerFor(reference);
    const sequentialLosses = await trainSteps(sequential, reference, 0, 4);
    const overlapping = await trainerFor(reference);
    const batches = reference.training.batches;
    const results = await Promise.all([0, 1, 2, 3].map((t) => overlapping.step(toBatch(batches[t % batches.length]))));
    expect(results.map((r) => r.loss)).toEqual(sequentialLosses);
    expect(overlapping.parameters()).toEqual(sequential.parameters());
  });

  it('evaluate changes nothing; penalty and plan describe the config', async () => {
    const trainer = await trainerFor(reference, {
      config: {
        optimizer: { type: 'sgd', learningRate: 0.1 },
        decay: [
          { type: 'l2', rate: 0.5, params: { include: ['fc3.*'] } },
          { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
        ],
      },
    });
    const before = trainer.saveCheckpoint();
    const result = await trainer.evaluate(toBatch(reference.gradientCheck.batch));
    expect(result.loss).toBeCloseTo(reference.gradientCheck.loss, 5);
    expect(trainer.saveCheckpoint()).toEqual(before);
    expect(trainer.plan.terms.map((t) => t.parameters)).toEqual([
      ['fc3.weight', 'fc3.bias'],
      ['fc1.weight', 'fc2.weight', 'fc3.weight'],
    ]);
    // l2 penalty: λ/2·Σθ² over fc3 only.
    const fc3 = [...reference.initialParameters['fc3.weight'].values, ...reference.initialParameters['fc3.bias'].values];
    const expected = (0.5 / 2) * fc3.reduce((s, v) => s + Math.fround(v) ** 2, 0);
    expect(trainer.penalty()).toBeCloseTo(expected, 6);
    // Decoupled shrink: c = η·λ = 0.01 on the weight matrices, so 0.01·‖(fc1, fc2, fc3 weights)‖.
    const weights = ['fc1.weight', 'fc2.weight', 'fc3.weight'].flatMap((name) => reference.initialParameters[name].values);
    expect(trainer.decoupledShrink()).toBeCloseTo(0.01 * Math.sqrt(weights.reduce((s, v) => s + Math.fround(v) ** 2, 0)), 6);
    const all = Object.values(trainer.parameters()).flatMap((values) => Array.from(values));
    expect(trainer.zeroFraction()).toBe(all.filter((v) => v === 0).length / all.length);
    const decayed = [...weights, ...reference.initialParameters['fc3.bias'].values]; // l2 also touches fc3.bias
    expect(trainer.decayedZeroFraction()).toBe(decayed.filter((v) => Math.fround(v) === 0).length / decayed.length);
  });

  it('trains only the trainable parameters and keeps the others in the exported model', async () => {
    const trainer = await trainerFor(reference, { trainable: ['fc3.weight', 'fc3.bias'] });
    expect(trainer.parameterSpecs.map((p) => p.name)).toEqual(['fc3.weight', 'fc3.bias']);
    await trainSteps(trainer, reference, 0, 2);
    const exported = readInitializers(trainer.exportModel());
    expect(Array.from(exported.get('fc1.weight')!.values)).toEqual(reference.initialParameters['fc1.weight'].values.map(Math.fround));
    expect(Array.from(exported.get('fc3.weight')!.values)).not.toEqual(reference.initialParameters['fc3.weight'].values.map(Math.fround));
  });

  it('decays toward the given anchors and reports unmatched patterns as warnings when asked', async () => {
    const trainer = await trainerFor(reference, {
      trainable: ['fc3.bias'],
      config: {
        optimizer: { type: 'sgd', learningRate: 0.1 },
        decay: [
          { type: 'anchor', rate: 1 },
          { type: 'l2', rate: 0.1, params: { include: ['conv*'] } },
        ],
      },
      anchors: { 'fc3.bias': [1, 1, 1] },
      unmatched: 'warn',
    });
    expect(trainer.plan.warnings.join(' ')).toContain('conv*');
    await trainer.step(toBatch(reference.gradientCheck.batch));
    // θ₁ = θ₀ − η·λ·(θ₀ − anchor) − η·g, with g PyTorch's gradient of fc3.bias on this batch.
    const theta = reference.initialParameters['fc3.bias'].values;
    const g = reference.gradientCheck.gradients['fc3.bias'];
    const expected = theta.map((v, i) => v - 0.1 * (v - 1) - 0.1 * g[i]);
    expectClose('fc3.bias', trainer.parameters()['fc3.bias'], expected, { rtol: 1e-6, atol: 1e-7 });
  });

  it('passes session options through, dropping keys set to undefined', async () => {
    const trainer = await trainerFor(reference, {
      sessionOptions: { intraOpNumThreads: undefined, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
    });
    const result = await trainer.step(toBatch(reference.training.batches[0]));
    expect(result.loss).toBeCloseTo(reference.training.losses[0], 5);
  });

  it('fails every call after dispose with a StateError', async () => {
    const trainer = await createTrainer({ model: modelBytes('mlp.onnx'), loss, config: parseConfig(reference.training.config) });
    await trainer.dispose();
    await expect(trainer.step(toBatch(reference.gradientCheck.batch))).rejects.toThrow(StateError);
    expect(() => trainer.parameters()).toThrow(StateError);
  });
});
