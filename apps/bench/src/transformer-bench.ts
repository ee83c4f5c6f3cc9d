/**
 * One training step of a transformer encoder (4 layers, d = 128, 4 heads,
 * sequence 64, batch 32, AdamW) through the ONNX Runtime bridge, next to
 * PyTorch's step on the same machine in the same run, and how the bridge's
 * step splits between the session run (forward + backward) and the update.
 *
 *   node apps/bench/dist/transformer-bench.js [--runs 5] [--warmup 2] [--python /usr/bin/python3]
 *
 * The PyTorch side (pytorch/bench_transformer_torch.py --serve) exports the
 * very model it times, with the same initial weights, and this process trains
 * that export; the two sides' steps alternate, so both see the same load. Output lines are `name value unit` and
 * `ratio a/b value`, as in `pnpm bench`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { buildTrainingGraph, createParameterStore, createTrainer, readInitializers } from '@weight-decay/onnxruntime';
import { adamwConfig, filled } from './kernel-bench.js';
import { median, printRatio, printTiming, type MeasureOptions, type Timing } from './measure.js';

const batchSize = 32;
const sequence = 64;
const vocabulary = 1000;
const script = fileURLToPath(new URL('../pytorch/bench_transformer_torch.py', import.meta.url));

/**
 * The PyTorch side as a child process in `--serve` mode: it exports the model
 * it trains (same initial weights), then runs one step per request and reports
 * that step's wall time, so its steps interleave with ours.
 */
class TorchSide {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(python: string, file: string) {
    this.child = spawn(python, [script, '--export', file, '--serve']);
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** The next output line; `#` lines are printed as comments. */
  async line(): Promise<string> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) throw new Error(`${script} exited: ${this.stderr.slice(-2000)}`);
      if (!next.value.startsWith('#')) return next.value;
      console.log(next.value);
    }
  }

  /** Waits for the export (the script prints its `# torch` banner once the file is written). */
  async ready(): Promise<void> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) throw new Error(`${script} exited: ${this.stderr.slice(-2000)}`);
      console.log(next.value);
      if (next.value.startsWith('# torch')) return;
    }
  }

  async request(command: string): Promise<string> {
    this.child.stdin.write(`${command}\n`);
    return this.line();
  }

  close(): void {
    this.child.stdin.end();
  }
}

export async function benchTransformer(python: string, options: Required<MeasureOptions>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-transformer-'));
  const file = join(dir, 'transformer.onnx');
  const torch = new TorchSide(python, file);
  try {
    await torch.ready();
    const model = new Uint8Array(readFileSync(file));
    const ids = BigInt64Array.from({ length: batchSize * sequence }, (_, i) => BigInt((i * 7919) % vocabulary));
    const batch = {
      x: { data: ids, dims: [batchSize, sequence] },
      labels: { data: BigInt64Array.from({ length: batchSize }, (_, i) => BigInt(i % 2)), dims: [batchSize] },
    };
    const loss = { type: 'softmax-cross-entropy' } as const;
    // Setup, not timed: the graph the trainer builds internally, and the initial weights.
    const graph = buildTrainingGraph(model, { loss, batchSize });
    const initializers = readInitializers(model);
    const parameterCount = graph.parameters.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    console.log(
      `# transformer encoder: ${graph.parameters.length} parameters, ${parameterCount} elements; batch ${batchSize}, sequence ${sequence}`,
    );

    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('int64', batch.x.data, batch.x.dims),
      labels: new ort.Tensor('int64', batch.labels.data, batch.labels.dims),
    };
    for (const { name, shape } of graph.parameters) feeds[name] = new ort.Tensor('float32', initializers.get(name)!.values, shape);
    const store = createParameterStore(adamwConfig, Object.fromEntries(graph.parameters.map((p) => [p.name, initializers.get(p.name)!])));
    const grads = Object.fromEntries(store.names.map((name, i) => [name, filled(store.live(name).length, i + 11)]));

    for (const threads of [1, 2]) {
      const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
      const trainer = await createTrainer({ model, loss, config: adamwConfig, batchSize, sessionOptions });
      const session = await ort.InferenceSession.create(graph.model, sessionOptions);
      await torch.request(`threads ${threads}`);
      // Each round: a bridge step, a PyTorch step, then the bridge step's two parts alone (the session
      // run, the update), so all four see the same load on a shared machine.
      const samples = { step: [] as number[], torch: [] as number[], run: [] as number[], update: [] as number[] };
      const timed = async (fn: () => unknown): Promise<number> => {
        const start = performance.now();
        await fn();
        return performance.now() - start;
      };
      for (let i = 0; i < options.warmup + options.runs; i++) {
        const step = await timed(() => trainer.step(batch));
        const torchMs = Number(await torch.request('step'));
        const run = await timed(() => session.run(feeds));
        const update = await timed(() => store.applyGradients(grads));
        if (i < options.warmup) continue;
        samples.step.push(step);
        samples.torch.push(torchMs);
        samples.run.push(run);
        samples.update.push(update);
      }
      await trainer.dispose();
      await session.release();
      const timing = (name: string, values: number[]): Timing => ({ name, medianMs: median(values), runs: options.runs });
      const step = timing(`ort.transformer.step.threads${threads}`, samples.step);
      const reference = timing(`torch.transformer.step.threads${threads}`, samples.torch);
      const run = timing(`ort.transformer.forwardBackward.threads${threads}`, samples.run);
      const update = timing(`ort.transformer.update.threads${threads}`, samples.update);
      for (const t of [step, reference, run, update]) printTiming(t);
      printRatio(step, reference);
      printRatio(run, step);
      printRatio(update, step);
    }
  } finally {
    torch.close();
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
