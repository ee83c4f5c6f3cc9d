/**
 * The model families of models/export_pytorch_families.py, exported by torch.onnx.export, against
 * PyTorch: step-0 loss, outputs and autograd gradients; 20 AdamW steps (losses, weights, batch-norm
 * running statistics, eval-mode outputs after training); dropout's rate and rescaling.
 */
import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@weight-decay/core';
import { buildTrainingGraph, type LossSpec } from '../gradient/index.js';
import { readInitializers } from '../onnx/index.js';
import type { Batch } from './batch-feeds.js';
import { createTrainer, type Trainer } from './create-trainer.js';
import { LayerState } from './layer-state.js';
import { expectClose, modelBytes } from './reference-models.test-util.js';

interface JsonTensor {
  dims: number[];
  data: number[];
}

interface FamilyReference {
  name: string;
  loss: LossSpec;
  initialParameters: Record<string, { shape: number[]; values: number[] }>;
  initialBuffers: Record<string, number[]>;
  gradientCheck: { batch: Record<string, JsonTensor>; outputs: number[]; loss: number; gradients: Record<string, number[]> };
  training: {
    config: unknown;
    steps: number;
    batches: Record<string, JsonTensor>[];
    losses: number[];
    finalParameters: Record<string, number[]>;
    finalBuffers: Record<string, number[]>;
    evalOutputs: number[];
  };
}

function family(name: string): FamilyReference {
  return JSON.parse(readFileSync(new URL(`../../models/${name}-reference.json`, import.meta.url), 'utf8')) as FamilyReference;
}

/** Token ids stay plain numbers (the trainer casts them to the input's int64); features and targets are float32. */
function toBatch(batch: Record<string, JsonTensor>, integerInputs: ReadonlySet<string>): Batch {
  return Object.fromEntries(
    Object.entries(batch).map(([name, t]) => [name, { data: integerInputs.has(name) ? t.data : Float32Array.from(t.data), dims: t.dims }]),
  );
}

/**
 * Tolerances against PyTorch float32: step-0 gradients within 1e-5 absolute (float32 sums of a few
 * hundred products at most); after 20 AdamW steps, weights within rtol 1e-4 + atol 1e-5: Adam divides
 * by √v, so a gradient element near zero turns float32 rounding differences of ~1e-7 into update
 * differences of up to ~1e-5 over 20 steps of η = 1e-2; a wrong rule misses by ≥ 1e-3.
 */
const gradientTolerance = { rtol: 0, atol: 1e-5 };
/** η of the reference runs (CONFIG in export_pytorch_families.py). */
const LEARNING_RATE = 0.01;
const trainingTolerance = { rtol: 1e-4, atol: 1e-5 };

/** Session creation for the larger graphs (an unrolled GRU/LSTM, two attention layers) takes seconds on a loaded machine. */
const slow = 60_000;

const families = ['transformer', 'cnn-bn-dropout', 'depthwise-cnn', 'text-cnn', 'branch-mlp', 'encoder-builtin', 'recurrent'] as const;
const integerInputs: Record<(typeof families)[number], ReadonlySet<string>> = {
  transformer: new Set(['x', 'labels']),
  'cnn-bn-dropout': new Set(['labels']),
  'depthwise-cnn': new Set(['labels']),
  'text-cnn': new Set(['x', 'labels']),
  'branch-mlp': new Set(),
  'encoder-builtin': new Set(['x', 'labels']),
  recurrent: new Set(['x', 'labels']),
};

const trainers: Trainer[] = [];
afterEach(async () => {
  await Promise.all(trainers.splice(0).map((t) => t.dispose()));
});

describe.each(families)('%s exported by PyTorch', (name) => {
  const reference = family(name);
  const ints = integerInputs[name];
  const model = modelBytes(`${name}.onnx`);

  it(
    'builds, and at step 0 gives the autograd loss, outputs and gradients',
    async () => {
      const graph = buildTrainingGraph(model, { loss: reference.loss });
      expect(graph.parameters.map((p) => p.name).sort()).toEqual(Object.keys(reference.initialParameters).sort());
      const session = await InferenceSession.create(graph.model, { intraOpNumThreads: 1 });
      try {
        const feeds: Record<string, Tensor> = {};
        for (const [input, t] of Object.entries(reference.gradientCheck.batch)) {
          feeds[input] = ints.has(input)
            ? new Tensor('int64', BigInt64Array.from(t.data, BigInt), t.dims)
            : new Tensor('float32', Float32Array.from(t.data), t.dims);
        }
        for (const [param, { shape, values }] of Object.entries(reference.initialParameters))
          feeds[param] = new Tensor('float32', Float32Array.from(values), shape);
        const layers = new LayerState(graph, readInitializers(model), 0);
        const results = await session.run({ ...feeds, ...layers.stateFeeds(), ...layers.drawNoise(feeds).feeds });
        expect(results.loss.data[0]).toBeCloseTo(reference.gradientCheck.loss, 5);
        expectClose('outputs', results.logits.data as Float32Array, reference.gradientCheck.outputs, gradientTolerance);
        for (const [param, expected] of Object.entries(reference.gradientCheck.gradients)) {
          expectClose(`d loss / d ${param}`, results[graph.gradientOutputs[param]].data as Float32Array, expected, gradientTolerance);
        }
      } finally {
        await session.release();
      }
    },
    slow,
  );

  it(
    `matches ${reference.training.steps} steps of torch AdamW with decoupled decay, then evaluates like PyTorch's eval mode`,
    async () => {
      const trainer = await createTrainer({
        model,
        loss: reference.loss,
        config: parseConfig(reference.training.config),
        sessionOptions: { intraOpNumThreads: 1 },
      });
      trainers.push(trainer);
      const { batches } = reference.training;
      expect(reference.training.config).toMatchObject({ optimizer: { learningRate: LEARNING_RATE } });
      for (let t = 0; t < reference.training.steps; t++) {
        const { loss } = await trainer.step(toBatch(batches[t % batches.length], ints));
        expect(Math.abs(loss - reference.training.losses[t]), `loss at step ${t}`).toBeLessThanOrEqual(
          1e-4 * Math.abs(reference.training.losses[t]) + 1e-5,
        );
      }
      const params = trainer.parameters();
      for (const [param, expected] of Object.entries(reference.training.finalParameters)) {
        // Elements whose gradient is zero in exact arithmetic (the key part of an attention bias: softmax
        // ignores a shift shared by all keys) get rounding noise of ~1e-10 as gradients, which Adam turns
        // into full-size steps in every framework, each with its own noise: they are only checked to stay
        // within the 20·η that Adam can move them. (Rounding noise can also be an exact 0, so units no input
        // reaches at step 0 fall in this group too.)
        const noise = reference.gradientCheck.gradients[param].map((g) => Math.abs(g) < 1e-7);
        Array.from(params[param]).forEach((v, i) => {
          if (noise[i]) expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(2 * reference.training.steps * LEARNING_RATE);
        });
        const keep = (values: ArrayLike<number>): number[] => Array.from(values).filter((_, i) => !noise[i]);
        expectClose(`${param} after ${reference.training.steps} steps`, keep(params[param]), keep(expected), trainingTolerance);
      }
      const exported = readInitializers(trainer.exportModel());
      for (const [buffer, expected] of Object.entries(reference.training.finalBuffers)) {
        expectClose(`${buffer} after ${reference.training.steps} steps`, exported.get(buffer)!.values, expected, trainingTolerance);
      }
      const evaluated = await trainer.evaluate(toBatch(reference.gradientCheck.batch, ints));
      expectClose(
        'eval-mode outputs after training',
        evaluated.outputs.logits.data as Float32Array,
        reference.training.evalOutputs,
        trainingTolerance,
      );
      // The exported model alone, in onnxruntime, gives PyTorch's eval-mode outputs too.
      const session = await InferenceSession.create(trainer.exportModel());
      try {
        const x = reference.gradientCheck.batch.x;
        const input = ints.has('x')
          ? new Tensor('int64', BigInt64Array.from(x.data, BigInt), x.dims)
          : new Tensor('float32', Float32Array.from(x.data), x.dims);
        const { logits } = await session.run({ x: input });
        expectClose('exported model outputs', logits.data as Float32Array, reference.training.evalOutputs, trainingTolerance);
      } finally {
        await session.release();
      }
    },
    slow,
  );
});

describe('batch norm state in checkpoints', () => {
  it(
    'resuming from a JSON checkpoint continues bit-identically, running statistics included',
    async () => {
      const reference = family('cnn-bn-dropout');
      const ints = integerInputs['cnn-bn-dropout'];
      const model = modelBytes('cnn-bn-dropout.onnx');
      const make = async (): Promise<Trainer> => {
        const trainer = await createTrainer({ model, loss: reference.loss, config: parseConfig(reference.training.config) });
        trainers.push(trainer);
        return trainer;
      };
      const batch = (t: number): Batch => toBatch(reference.training.batches[t % 2], ints);
      const straight = await make();
      for (let t = 0; t < 6; t++) await straight.step(batch(t));
      const first = await make();
      for (let t = 0; t < 3; t++) await first.step(batch(t));
      const checkpoint = JSON.parse(JSON.stringify(first.saveCheckpoint())) as ReturnType<Trainer['saveCheckpoint']>;
      expect(Object.keys(checkpoint.layers!.buffers).sort()).toEqual(['bn.running_mean', 'bn.running_var']);
      const resumed = await make();
      resumed.loadCheckpoint(checkpoint);
      for (let t = 3; t < 6; t++) await resumed.step(batch(t));
      expect(readInitializers(resumed.exportModel())).toEqual(readInitializers(straight.exportModel()));
    },
    slow,
  );
});

describe('dropout with p = 0.5, exported by PyTorch in training mode', () => {
  it(
    'drops about half of the elements and scales the rest by 1/(1 − p); the seed fixes the masks',
    async () => {
      const model = modelBytes('dropout-p50.onnx');
      const graph = buildTrainingGraph(model, { loss: { type: 'mse' }, batchSize: 64 });
      expect(graph.random.map((r) => r.ratio)).toEqual([0.5]);
      const session = await InferenceSession.create(graph.model);
      try {
        const w = readInitializers(model).get('w')!.values;
        const x = new Tensor('float32', new Float32Array(64 * 64).fill(1), [64, 64]);
        const feeds = { x, target: new Tensor('float32', new Float32Array(64 * 64), [64, 64]), w: new Tensor('float32', w, [64]) };
        const draw = async (seed: number): Promise<Float32Array> => {
          const layers = new LayerState(graph, new Map(), seed);
          return (await session.run({ ...feeds, ...layers.drawNoise(feeds).feeds })).logits.data as Float32Array;
        };
        const y = await draw(7);
        let dropped = 0;
        for (let i = 0; i < y.length; i++) {
          if (y[i] === 0) dropped++;
          else expect(y[i]).toBe(Math.fround(w[i % 64] * 2));
        }
        // 4096 Bernoulli(½) draws: standard deviation 32; 5σ = 160.
        expect(Math.abs(dropped - 2048)).toBeLessThan(160);
        expect(await draw(7)).toEqual(y);
        expect(await draw(8)).not.toEqual(y);
      } finally {
        await session.release();
      }
    },
    slow,
  );
});
