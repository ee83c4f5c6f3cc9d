import { NonFiniteGradientError, parseConfig } from '@weight-decay/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { LossSpec } from '../gradient/index.js';
import { createTrainer, type StepResult, type Trainer, type TrainerCheckpoint } from './create-trainer.js';
import { modelBytes, modelReference, toBatch, type ReferenceBatch } from './reference-models.test-util.js';

const loss: LossSpec = { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels', reduction: 'mean' };
const reference = modelReference('mlp');

const trainers: Trainer[] = [];
async function trainerWith(gradient: unknown): Promise<Trainer> {
  const trainer = await createTrainer({
    model: modelBytes(`${reference.name}.onnx`),
    loss,
    config: parseConfig({ ...(reference.training.config as object), gradient }),
  });
  trainers.push(trainer);
  return trainer;
}

afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.dispose()));
});

async function steps(trainer: Trainer, from: number, to: number): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const batches = reference.training.batches;
  for (let t = from; t < to; t++) results.push(await trainer.step(toBatch(batches[t % batches.length])));
  return results;
}

/** A batch whose features are NaN: every gradient is NaN. */
function nanBatch(): ReturnType<typeof toBatch> {
  const batch = toBatch(reference.training.batches[0] as ReferenceBatch);
  return { ...batch, x: { ...batch.x, data: new Float32Array(batch.x.data.length).fill(Number.NaN) } };
}

describe('the ONNX Runtime trainer with a gradient section', () => {
  it('each step says whether it updated, only accumulated or was skipped, with N on updates; stepCount counts updates', async () => {
    const trainer = await trainerWith({ accumulate: 2, clip: { type: 'global-norm', maxNorm: 0.5 }, nonFinite: 'skip' });
    const [first, second] = await steps(trainer, 0, 2);
    expect(first.status).toBe('accumulated');
    expect(first.gradNorm).toBeUndefined();
    expect(second.status).toBe('updated');
    expect(second.gradNorm).toBeGreaterThan(0);
    expect(trainer.stepCount).toBe(1);
    await trainer.step(nanBatch());
    const skipped = await steps(trainer, 2, 3);
    expect(skipped[0].status).toBe('skipped');
    expect(trainer.stepCount).toBe(1);
    expect(trainer.saveCheckpoint().updater.gradient).toEqual({ microBatches: 0, skippedUpdates: 1 });
  });

  it('a checkpoint saved mid-window resumes bit-identically', async () => {
    const gradient = { accumulate: 3, clip: { type: 'norm', maxNorm: 0.1 } };
    const straight = await trainerWith(gradient);
    await steps(straight, 0, 4);
    const checkpoint = JSON.parse(JSON.stringify(straight.saveCheckpoint())) as TrainerCheckpoint;
    expect(checkpoint.updater.gradient?.microBatches).toBe(1);
    const straightResults = await steps(straight, 4, 12);

    const resumed = await trainerWith(gradient);
    await steps(resumed, 0, 2); // state the checkpoint must fully replace, the window included
    resumed.loadCheckpoint(checkpoint);
    expect(resumed.stepCount).toBe(1);
    const resumedResults = await steps(resumed, 4, 12);
    expect(resumedResults).toEqual(straightResults);
    expect(resumed.parameters()).toEqual(straight.parameters());
    expect(resumed.saveCheckpoint()).toEqual(straight.saveCheckpoint());
  });

  it('nonFinite "error" rejects naming a parameter and changes nothing', async () => {
    const trainer = await trainerWith({ accumulate: 2, nonFinite: 'error' });
    await steps(trainer, 0, 3);
    const before = trainer.saveCheckpoint();
    const error = await trainer.step(nanBatch()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonFiniteGradientError);
    expect(trainer.parameters()).toHaveProperty([(error as NonFiniteGradientError).parameter]);
    expect(trainer.saveCheckpoint()).toEqual(before);
    expect(trainer.stepCount).toBe(1);
  });
});
