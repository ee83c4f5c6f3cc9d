import * as ort from 'onnxruntime-node';
import { buildTrainingGraph, createParameterStore, createTrainer, readInitializers } from '@weight-decay/onnxruntime';
import { adamwConfig, filled } from './kernel-bench.js';
import { measure, printRatio, printTiming, type MeasureOptions } from './measure.js';
import { buildMlpModel, mlpLayers } from './mlp-model.js';

const batchSize = 128;

/**
 * Figure 3: one AdamW training step of the 784-512-512-10 MLP at batch 128
 * through the bridge, split into its two parts measured alone: the
 * forward+backward session run, and the optimizer update over the same
 * parameters. PyTorch's figure for the same step comes from
 * pytorch/bench_torch.py on the same machine.
 */
export async function benchOnnxruntime(options: MeasureOptions): Promise<void> {
  const model = buildMlpModel();
  const batch = {
    x: { data: filled(batchSize * mlpLayers[0], 7), dims: [batchSize, mlpLayers[0]] },
    labels: { data: BigInt64Array.from({ length: batchSize }, (_, i) => BigInt(i % 10)), dims: [batchSize] },
  };
  const loss = { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels' } as const;
  // Setup, not timed: the graph the trainer builds internally, and the initial weights.
  const graph = buildTrainingGraph(model, { loss, batchSize });
  const initializers = readInitializers(model);

  for (const threads of [1, 2]) {
    const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
    const trainer = await createTrainer({ model, loss, config: adamwConfig, batchSize, sessionOptions });
    const step = await measure(`ort.mlp784.step.threads${threads}`, () => trainer.step(batch), options);
    await trainer.dispose();

    const session = await ort.InferenceSession.create(graph.model, sessionOptions);
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', batch.x.data, batch.x.dims),
      labels: new ort.Tensor('int64', batch.labels.data, batch.labels.dims),
    };
    for (const [name, { shape, values }] of initializers) feeds[name] = new ort.Tensor('float32', values, shape);
    const forwardBackward = await measure(`ort.mlp784.forwardBackward.threads${threads}`, () => session.run(feeds), options);
    await session.release();

    printTiming(step);
    printTiming(forwardBackward);
    printRatio(forwardBackward, step);
  }

  const store = createParameterStore(adamwConfig, Object.fromEntries(initializers));
  const grads = Object.fromEntries(store.names.map((name, i) => [name, filled(store.live(name).length, i + 11)]));
  printTiming(await measure('ort.mlp784.update', () => store.applyGradients(grads), options));
}
