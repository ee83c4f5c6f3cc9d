/**
 * `pnpm exit-ramp`: the way out of JavaScript, end to end on this machine.
 *
 * 1. Train the MLP N steps in Node with the ONNX Runtime trainer; checkpoint.
 * 2. Convert the checkpoint for PyTorch; emit the config's PyTorch module.
 * 3. Continue M steps in Node, and separately in PyTorch with
 *    `torchrun --standalone --nproc_per_node=2` (DDP, gloo, CPU), each rank on
 *    half of every batch.
 * 4. Compare the two continuations; load PyTorch's checkpoint back into the trainer.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  emitPytorchModule,
  pytorchCheckpointToTrainer,
  trainerCheckpointToPytorch,
  type PytorchCheckpoint,
  type WeightDecayConfig,
} from '@weight-decay/core';
import { createTrainer, type Trainer } from '@weight-decay/onnxruntime';
import { buildMlpOnnx, featuresInput, layerSizes, logitsOutput, makeBatches, type DemoBatch } from './mlp-model.js';

const run = promisify(execFile);

/** The config both sides run: AdamW on the weights, L2 on the biases, warmup then cosine. */
export const exitRampConfig: WeightDecayConfig = {
  optimizer: {
    type: 'adam',
    learningRate: { type: 'warmup', steps: 5, then: { type: 'cosine', initial: 0.01, decaySteps: 60, minimum: 0.001 } },
  },
  decay: [
    { type: 'decoupled', rate: 0.05, params: { minRank: 2 } },
    { type: 'l2', rate: 0.001, params: { include: ['*.bias'] } },
  ],
};

/** Options of {@link runExitRamp}. */
export interface ExitRampOptions {
  /** Steps in Node before the checkpoint. */
  nodeSteps: number;
  /** Steps each continuation runs after it. */
  continuedSteps: number;
  /** Examples per batch (even: the two ranks take half each). */
  batchSize: number;
  /** The Python with PyTorch. */
  python: string;
  /** Where progress lines go. */
  log(line: string): void;
}

/** What the run measured. */
export interface ExitRampResult {
  /** max over parameters of max|θ_node − θ_torch| / max|θ_torch| after the continuations. */
  maxRelativeDifference: number;
  /** Whether PyTorch's final checkpoint loaded back into the trainer with exactly PyTorch's weights. */
  loadedBack: boolean;
}

/** The launcher: Debian's torchrun beside the interpreter, else `python -m torch.distributed.run`. */
export function torchrunCommand(python: string): [string, string[]] {
  const torchrun = join(dirname(python), 'torchrun');
  return existsSync(torchrun) ? [torchrun, []] : [python, ['-m', 'torch.distributed.run']];
}

function batchFeeds(batch: DemoBatch): Parameters<Trainer['step']>[0] {
  return {
    [featuresInput]: { data: Float32Array.from(batch.x), dims: [batch.labels.length, layerSizes[0]] },
    labels: { data: batch.labels, dims: [batch.labels.length] },
  };
}

/** The largest relative difference of any parameter tensor, measured against that tensor's largest |value|. */
export function maxRelativeDifference(actual: Record<string, ArrayLike<number>>, expected: Record<string, ArrayLike<number>>): number {
  let worst = 0;
  for (const [name, values] of Object.entries(expected)) {
    const other = actual[name];
    if (other === undefined || other.length !== values.length) throw new Error(`parameter ${name}: missing or of another size`);
    let scale = 0;
    let difference = 0;
    for (let i = 0; i < values.length; i++) {
      scale = Math.max(scale, Math.abs(values[i]!));
      difference = Math.max(difference, Math.abs(other[i]! - values[i]!));
    }
    worst = Math.max(worst, scale === 0 ? difference : difference / scale);
  }
  return worst;
}

/**
 * Runs the demo; see the module comment.
 *
 * @throws when torchrun fails (its output is in the message).
 */
export async function runExitRamp(options: ExitRampOptions): Promise<ExitRampResult> {
  const { nodeSteps, continuedSteps, batchSize, log } = options;
  const batches = makeBatches(7, nodeSteps + continuedSteps, batchSize);
  const trainer = await createTrainer({
    model: buildMlpOnnx(42),
    loss: { type: 'softmax-cross-entropy', logits: logitsOutput, labels: 'labels' },
    config: exitRampConfig,
    batchSize,
    sessionOptions: { intraOpNumThreads: 1 },
  });
  const workdir = mkdtempSync(join(tmpdir(), 'wd-exit-ramp-'));
  try {
    let loss = 0;
    for (const batch of batches.slice(0, nodeSteps)) ({ loss } = await trainer.step(batchFeeds(batch)));
    log(`Node, ONNX Runtime: ${nodeSteps} steps, loss ${loss.toFixed(4)}; checkpoint at step ${trainer.stepCount}`);
    const checkpoint = trainer.saveCheckpoint();
    // The ONNX initializers are named and laid out as the PyTorch model's state_dict: no mapping needed.
    writeFileSync(join(workdir, 'checkpoint.json'), JSON.stringify(trainerCheckpointToPytorch(checkpoint)));
    writeFileSync(join(workdir, 'wd_optimizer.py'), emitPytorchModule(exitRampConfig));
    writeFileSync(join(workdir, 'batches.json'), JSON.stringify({ layerSizes, batches: batches.slice(nodeSteps) }));

    for (const batch of batches.slice(nodeSteps)) ({ loss } = await trainer.step(batchFeeds(batch)));
    log(`Node, ONNX Runtime: continued ${continuedSteps} steps, loss ${loss.toFixed(4)}`);
    const inNode = trainer.parameters();

    const [launcher, prefix] = torchrunCommand(options.python);
    const script = fileURLToPath(new URL('../python/continue_ddp.py', import.meta.url));
    // Debian's torch 1.13 launcher cannot parse its own defaults `--redirects 0` and `--tee 0` under
    // Python 3.11 (enum.Flag no longer lists the 0 member); a mapping that names no local rank
    // means "none" for every rank and parses on every version.
    const args = [...prefix, '--standalone', '--nproc_per_node=2', '--redirects=9:1', '--tee=9:1', script, workdir];
    log(`PyTorch: ${[launcher, ...args.slice(0, -2).filter((a) => !a.endsWith('=9:1')), 'continue_ddp.py', 'WORKDIR'].join(' ')}`);
    try {
      await run(launcher, args, { env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 16 << 20 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`torchrun failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
    }
    const result = JSON.parse(readFileSync(join(workdir, 'result.json'), 'utf8')) as PytorchCheckpoint;
    const inTorch = Object.fromEntries(Object.entries(result.model).map(([name, { values }]) => [name, values]));
    log(`PyTorch, DDP on 2 ranks (gloo, CPU): continued ${continuedSteps} steps from the checkpoint, to step ${result.optimizer.step}`);

    // And back: PyTorch's checkpoint into the trainer, which takes exactly PyTorch's weights.
    trainer.loadCheckpoint(pytorchCheckpointToTrainer(result) as Parameters<Trainer['loadCheckpoint']>[0]);
    const loaded = trainer.parameters();
    const loadedBack = trainer.stepCount === nodeSteps + continuedSteps && maxRelativeDifference(loaded, inTorch) === 0;
    log(
      `PyTorch's checkpoint loaded back into the ONNX Runtime trainer at step ${trainer.stepCount}: ${loadedBack ? 'same weights' : 'DIFFERENT weights'}`,
    );
    return { maxRelativeDifference: maxRelativeDifference(inNode, inTorch), loadedBack };
  } finally {
    await trainer.dispose();
    rmSync(workdir, { recursive: true, force: true });
  }
}
