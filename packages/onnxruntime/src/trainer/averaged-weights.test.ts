import { ConfigError, StateError, parseConfig, type AverageConfig } from '@weight-decay/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { LossSpec } from '../gradient/index.js';
import { readInitializers } from '../onnx/index.js';
import { createTrainer, type Trainer, type TrainerCheckpoint } from './create-trainer.js';
import { modelBytes, modelReference, toBatch } from './reference-models.test-util.js';

const loss: LossSpec = { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels', reduction: 'mean' };
const reference = modelReference('mlp');
const trainers: Trainer[] = [];

async function trainerWith(average: AverageConfig | undefined): Promise<Trainer> {
  const config = { ...parseConfig(reference.training.config), ...(average === undefined ? {} : { average }) };
  const trainer = await createTrainer({ model: modelBytes('mlp.onnx'), loss, config });
  trainers.push(trainer);
  return trainer;
}

afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.dispose()));
});

async function train(trainer: Trainer, from: number, to: number, after?: Record<string, Float32Array>[]): Promise<void> {
  const batches = reference.training.batches;
  for (let t = from; t < to; t++) {
    await trainer.step(toBatch(batches[t % batches.length]));
    after?.push(trainer.parameters());
  }
}

describe('trainer with average (config 1.1)', () => {
  it('keeps the EMA of the parameters after each step, derived by hand from them', async () => {
    const trainer = await trainerWith({ type: 'ema', decay: 0.9 });
    const after: Record<string, Float32Array>[] = [];
    await train(trainer, 0, 6, after);
    // A = θ_1, then A ← 0.9·A + 0.1·θ_k, in float64 over the recorded float32 parameters.
    const expected: Record<string, number[]> = {};
    for (const name of Object.keys(after[0])) {
      expected[name] = after.slice(1).reduce((a, theta) => a.map((x, i) => 0.9 * x + 0.1 * theta[name][i]), Array.from(after[0][name]));
    }
    const averaged = trainer.averagedParameters() ?? {};
    expect(Object.keys(averaged).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, values] of Object.entries(expected)) {
      values.forEach((x, i) => expect(averaged[name][i]).toBeCloseTo(x, 6));
    }
  });

  it('evaluate and exportModel use the averaged weights on request and leave the live ones untouched', async () => {
    const trainer = await trainerWith({ type: 'uniform', start: 2 });
    await train(trainer, 0, 6);
    const live = trainer.parameters();
    const averaged = trainer.averagedParameters() ?? {};
    expect(averaged['fc1.weight']).not.toEqual(live['fc1.weight']);

    const batch = toBatch(reference.gradientCheck.batch);
    const onLive = await trainer.evaluate(batch);
    const onAverage = await trainer.evaluate(batch, { weights: 'averaged' });
    expect(onAverage.loss).not.toBe(onLive.loss);
    const exported = trainer.exportModel({ weights: 'averaged' });
    const initializers = readInitializers(exported);
    for (const [name, values] of Object.entries(averaged)) expect(initializers.get(name)?.values).toEqual(values);
    const session = await InferenceSession.create(exported);
    try {
      const x = batch.x as { data: Float32Array; dims: number[] };
      const out = await session.run({ x: new Tensor('float32', x.data, x.dims) });
      expect(out.logits.data).toEqual(onAverage.outputs.logits.data);
    } finally {
      await session.release();
    }
    // The live weights are bit-identical, and so is the next evaluation on them.
    expect(trainer.parameters()).toEqual(live);
    expect((await trainer.evaluate(batch)).loss).toBe(onLive.loss);
    expect(readInitializers(trainer.exportModel()).get('fc1.weight')?.values).toEqual(live['fc1.weight']);
  });

  it('a JSON checkpoint carries the average: resuming continues bit-identically', async () => {
    const average: AverageConfig = { type: 'ema', decay: 0.8 };
    const straight = await trainerWith(average);
    await train(straight, 0, 5);
    const checkpoint = JSON.parse(JSON.stringify(straight.saveCheckpoint())) as TrainerCheckpoint;
    expect(checkpoint.updater.averaged).toBe(5);
    await train(straight, 5, 10);

    const resumed = await trainerWith(average);
    await train(resumed, 0, 2); // state the checkpoint must fully replace
    resumed.loadCheckpoint(checkpoint);
    await train(resumed, 5, 10);
    expect(resumed.parameters()).toEqual(straight.parameters());
    expect(resumed.averagedParameters()).toEqual(straight.averagedParameters());
    expect(resumed.saveCheckpoint()).toEqual(straight.saveCheckpoint());
  });

  it('refuses averaged weights that do not exist, and an unknown choice, before running anything', async () => {
    const plain = await trainerWith(undefined);
    await train(plain, 0, 1);
    const batch = toBatch(reference.gradientCheck.batch);
    await expect(plain.evaluate(batch, { weights: 'averaged' })).rejects.toThrow(StateError);
    expect(() => plain.exportModel({ weights: 'averaged' })).toThrow(/the config has no `average`/);
    expect(() => plain.exportModel({ weights: 'best' as 'live' })).toThrow(ConfigError);

    const late = await trainerWith({ type: 'uniform', start: 3 });
    await train(late, 0, 2);
    expect(late.averagedParameters()).toBeUndefined();
    expect(() => late.exportModel({ weights: 'averaged' })).toThrow(/no update has been averaged yet/);
  });
});
