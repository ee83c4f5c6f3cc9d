import { describeDecayPlan, type WeightDecayConfig } from '@weight-decay/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { LossSpec } from '../gradient/index.js';
import { createTrainer, type Trainer, type TrainerCheckpoint } from './create-trainer.js';
import { modelBytes, modelReference, toBatch } from './reference-models.test-util.js';

const loss: LossSpec = { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels', reduction: 'mean' };
const reference = modelReference('mlp');

// fc3 runs SGD with momentum of its own; the other biases run the top-level Adam at half its rate with β2 0.99.
const grouped: WeightDecayConfig = {
  optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.01, decaySteps: 20 } },
  decay: [{ type: 'decoupled', rate: 0.1 }],
  groups: [
    { params: { include: ['fc3.*'] }, optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 } },
    { params: { include: ['*.bias'] }, learningRateScale: 0.5, optimizer: { beta2: 0.99 } },
  ],
};

const trainers: Trainer[] = [];
async function trainer(config: WeightDecayConfig = grouped): Promise<Trainer> {
  const made = await createTrainer({ model: modelBytes('mlp.onnx'), loss, config });
  trainers.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.dispose()));
});

async function train(t: Trainer, from: number, to: number): Promise<number[]> {
  const batches = reference.training.batches;
  const losses: number[] = [];
  for (let i = from; i < to; i++) losses.push((await t.step(toBatch(batches[i % batches.length]))).loss);
  return losses;
}

describe('groups in the ONNX Runtime trainer', () => {
  it('the plan lists each parameter’s group', async () => {
    const t = await trainer();
    const plan = describeDecayPlan(t.plan);
    expect(plan).toContain('groups[0] learningRateScale=1 type=sgd');
    expect(plan).toContain('→ 2 parameters: fc3.weight, fc3.bias');
    expect(plan).toMatch(/groups\[1\] learningRateScale=0\.5 beta2=0\.99 → 2 parameters: fc1\.bias, fc2\.bias/);
    expect(plan).toContain('top-level optimizer → 2 parameters: fc1.weight, fc2.weight');
  });

  it('a checkpoint carries each parameter’s own slots and resumes bit-identically', async () => {
    const straight = await trainer();
    await train(straight, 0, 6);
    const checkpoint = JSON.parse(JSON.stringify(straight.saveCheckpoint())) as TrainerCheckpoint;
    expect(Object.keys(checkpoint.updater.parameters['fc3.weight']!.slots)).toEqual(['momentum']);
    expect(Object.keys(checkpoint.updater.parameters['fc1.bias']!.slots)).toEqual(['m', 'v']);
    const straightLosses = await train(straight, 6, 12);

    const resumed = await trainer();
    await train(resumed, 0, 2); // state the checkpoint must fully replace
    resumed.loadCheckpoint(checkpoint);
    expect(await train(resumed, 6, 12)).toEqual(straightLosses);
    expect(resumed.parameters()).toEqual(straight.parameters());
    expect(resumed.saveCheckpoint()).toEqual(straight.saveCheckpoint());
  });

  it('refuses a checkpoint whose parameters ran another optimizer, and keeps its state', async () => {
    const plain = await trainer({ optimizer: { type: 'adam', learningRate: 0.01 } });
    await train(plain, 0, 1);
    const t = await trainer();
    await train(t, 0, 1);
    const before = t.saveCheckpoint();
    expect(() => t.loadCheckpoint(plain.saveCheckpoint())).toThrow(
      expect.objectContaining({ name: 'StateError', path: 'parameters["fc3.weight"].slots' }),
    );
    expect(t.saveCheckpoint()).toEqual(before);
  });

  it('a group that matches nothing is a ConfigError at its path before anything is built', async () => {
    await expect(trainer({ ...grouped, groups: [{ params: { include: ['decoder.*'] } }] })).rejects.toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'groups[0].params.include[0]' }),
    );
  });
});
