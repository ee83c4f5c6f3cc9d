/**
 * One training step of a transformer encoder (4 layers, d = 128, 4 heads,
 * sequence 64, batch 32, AdamW) through the ONNX Runtime bridge, next to
 * PyTorch's step on the same machine in the same run, and how the bridge's
 * step splits between the session run (forward + backward) and the update.
 *
 *   node apps/bench/dist/transformer-bench.js [--runs 5] [--warmup 2] [--python /usr/bin/python3]
 *
 * The PyTorch side (pytorch/bench_transformer_torch.py) runs first: it
 * exports the very model it times, with the same initial weights, and this
 * process trains that export. Output lines are `name value unit` and
 * `ratio a/b value`, as in `pnpm bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { buildTrainingGraph, createParameterStore, createTrainer, readInitializers } from '@weight-decay/onnxruntime';
import { adamwConfig, filled } from './kernel-bench.js';
import { measure, printRatio, printTiming, type MeasureOptions, type Timing } from './measure.js';

const batchSize = 32;
const sequence = 64;
const vocabulary = 1000;
const script = fileURLToPath(new URL('../pytorch/bench_transformer_torch.py', import.meta.url));

/** Runs the PyTorch side: exports the model to `file` and returns its step timings by name. */
function torchSide(python: string, file: string, options: Required<MeasureOptions>): Map<string, Timing> {
  const result = spawnSync(python, [script, '--export', file, '--runs', String(options.runs), '--warmup', String(options.warmup)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${python} ${script} failed: ${result.stderr || result.error?.message}`);
  const timings = new Map<string, Timing>();
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('#')) console.log(line);
    const match = /^(torch\.\S+) (\S+) ms$/.exec(line);
    if (match) timings.set(match[1], { name: match[1], medianMs: Number(match[2]), runs: options.runs });
  }
  return timings;
}

export async function benchTransformer(python: string, options: Required<MeasureOptions>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-transformer-'));
  try {
    const file = join(dir, 'transformer.onnx');
    const torch = torchSide(python, file, options);
    const model = new Uint8Array(readFileSync(file));
    const ids = BigInt64Array.from({ length: batchSize * sequence }, (_, i) => BigInt((i * 7919) % vocabulary));
    const batch = { x: { data: ids, dims: [batchSize, sequence] }, labels: { data: BigInt64Array.from({ length: batchSize }, (_, i) => BigInt(i % 2)), dims: [batchSize] } };
    const loss = { type: 'softmax-cross-entropy' } as const;
    // Setup, not timed: the graph the trainer builds internally, and the initial weights.
    const graph = buildTrainingGraph(model, { loss, batchSize });
    const initializers = readInitializers(model);
    const parameterCount = graph.parameters.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    console.log(`# transformer encoder: ${graph.parameters.length} parameters, ${parameterCount} elements; batch ${batchSize}, sequence ${sequence}`);

    for (const threads of [1, 2]) {
      const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
      const trainer = await createTrainer({ model, loss, config: adamwConfig, batchSize, sessionOptions });
      const step = await measure(`ort.transformer.step.threads${threads}`, () => trainer.step(batch), options);
      await trainer.dispose();

      const session = await ort.InferenceSession.create(graph.model, sessionOptions);
      const feeds: Record<string, ort.Tensor> = {
        x: new ort.Tensor('int64', batch.x.data, batch.x.dims),
        labels: new ort.Tensor('int64', batch.labels.data, batch.labels.dims),
      };
      for (const { name, shape } of graph.parameters) feeds[name] = new ort.Tensor('float32', initializers.get(name)!.values, shape);
      const forwardBackward = await measure(`ort.transformer.forwardBackward.threads${threads}`, () => session.run(feeds), options);
      await session.release();

      printTiming(step);
      printTiming(forwardBackward);
      printRatio(forwardBackward, step);
      const reference = torch.get(`torch.transformer.step.threads${threads}`);
      if (reference) {
        printTiming(reference);
        printRatio(step, reference);
      }
    }

    const store = createParameterStore(adamwConfig, Object.fromEntries(graph.parameters.map((p) => [p.name, initializers.get(p.name)!])));
    const grads = Object.fromEntries(store.names.map((name, i) => [name, filled(store.live(name).length, i + 11)]));
    printTiming(await measure('ort.transformer.update', () => store.applyGradients(grads), options));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
      python: { type: 'string', default: '/usr/bin/python3' },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a whole number ≥ 1, got ${values.runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup: expected a whole number ≥ 0, got ${values.warmup}`);
  console.log(`# weight-decay transformer bench, node ${process.version}, ${new Date().toISOString()}; medians of ${runs} after ${warmup}`);
  await benchTransformer(values.python, { runs, warmup });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
