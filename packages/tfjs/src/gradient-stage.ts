import { clone, keep, stack, tensor, tidy, variable, zeros } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { NonFiniteGradientError } from '@weight-decay/core';
import type { GradientStepResult, GradientWindowState, ResolvedGradientConfig } from '@weight-decay/core';
import {
  ArrayGradientStage,
  GradientWindow,
  accumulateGradient,
  clipFactor,
  clipGradient,
  float64Ops,
  globalNorm,
  nonFiniteProbe,
  windowMean,
} from '@weight-decay/core/adapter';
import type { VariableGradient } from './gradient-list.js';
import { claimRestoredEntry } from './restored-names.js';
import type { StateForm } from './variable-state.js';
import { tensorOps } from './tensor-ops.js';

/** A held sum of an open window: the variable's shape and its row-major values. */
export interface HeldSum {
  /** The variable's shape. */
  shape: number[];
  /** The sum of its micro-batch gradients so far. */
  values: Float32Array;
}

/** One variable's gradient as the update will apply it: a tensor, or Float32Array values. */
export type StagedGradient = Tensor | Float32Array;

/** What one micro-batch did; `gradients` (in input order) only for an update. */
/** What the updates after a {@link GradientStage.take} do themselves (fused kernels); see `take`. */
export interface FusedGradientWork {
  /** Per variable of the batch: its update sums g² in its own pass. */
  sumsInPass?: readonly boolean[];
  /** Σg² of a tensor as a float64 number, with no tfjs kernel. */
  sumOfSquares?: (g: Tensor) => number;
}

export interface StagedGradients {
  /** What happened, and N for an update. */
  result: GradientStepResult;
  /** The gradients to apply (window mean, clipped unless `clipFactor` is given). */
  gradients?: StagedGradient[];
  /**
   * Takes Σg² of one variable whose update summed it in its own pass (see
   * `take`'s `sumsInPass`); every such variable's update must report it, within the same call.
   */
  addSumOfSquares?: (sum: number) => void;
  /** The global-norm clip factor the update still has to multiply every gradient by (see {@link GradientStage.take}). */
  clipFactor?: number;
}

/**
 * Config 1.1's `gradient` section (accumulate, clip, nonFinite) in front of a
 * tfjs optimizer's update, written with core's transforms. Must be called
 * inside `tidy`; the state it keeps (sums, N) survives it.
 */
export interface GradientStage {
  /** The window's position and the skip count. */
  readonly window: GradientWindow;
  /**
   * Takes one micro-batch (NonFiniteGradientError under nonFinite "error", before any change).
   *
   * @param fusedWork - What the updates that follow do themselves (fused kernels):
   *   `sumsInPass[i]`, the update of `batch[i]` sums g² in its own pass, so N needs no reduction of that
   *   gradient here (taken up only where N is not needed before the update: no `clip`; without `clip`,
   *   N's reduction of the other gradients waits until `gradNorm()` asks for it);
   *   `sumOfSquares`, Σg² of a tensor as a float64 number (a fused kernel's, see `FusedUpdate`): then,
   *   under a global-norm clip, N and the factor are computed from it (in float64, as on the array path)
   *   and the gradients handed on unclipped, with `clipFactor` for the update's pass.
   */
  take(batch: readonly VariableGradient[], fusedWork?: FusedGradientWork): StagedGradients;
  /** N of the last update (reduced and downloaded at the first call after it), or undefined before any. */
  gradNorm(): number | undefined;
  /** The held sums of an open window, by variable name (copies; empty when the window is). */
  heldSums(): Map<string, HeldSum>;
  /** Replaces the window and the sums (already checked). */
  restore(state: GradientWindowState, sums: ReadonlyMap<string, HeldSum>): void;
  /** Frees its tensors. */
  dispose(): void;
}

/** The stage for state of `form`: Float32Arrays and core's loops, or tensors and tfjs ops. */
export function createGradientStage(settings: ResolvedGradientConfig, form: StateForm): GradientStage {
  return form === 'array' ? new ArrayStage(settings) : new TensorStage(settings);
}

/** On Float32Arrays (the cpu backend): core's {@link ArrayGradientStage} on the downloaded gradients. */
class ArrayStage implements GradientStage {
  private readonly stage: ArrayGradientStage;
  private readonly shapes = new Map<string, number[]>();
  /** Restored sums no update has used yet, by their saved name (see `claimRestoredEntry`). */
  private readonly unclaimed = new Set<string>();
  private norm: number | undefined;

  constructor(settings: ResolvedGradientConfig) {
    this.stage = new ArrayGradientStage(settings, Float32Array);
  }

  get window(): GradientWindow {
    return this.stage.window;
  }

  take(batch: readonly VariableGradient[]): StagedGradients {
    for (const g of batch) {
      const waiting = [...this.unclaimed];
      claimRestoredEntry(this.shapes, this.unclaimed, g.name, g.variable.shape, (shape) => shape);
      const claimed = waiting.find((name) => !this.unclaimed.has(name));
      if (claimed !== undefined && claimed !== g.name) this.stage.renameSum(claimed, g.name);
      this.shapes.set(g.name, [...g.variable.shape]);
    }
    const taken = this.stage.take(batch.map((g) => ({ name: g.name, gradient: g.gradient.dataSync() as Float32Array })));
    if (taken.result.gradNorm !== undefined) this.norm = taken.result.gradNorm;
    return { result: taken.result, gradients: taken.gradients as Float32Array[] | undefined };
  }

  gradNorm(): number | undefined {
    return this.norm;
  }

  heldSums(): Map<string, HeldSum> {
    const sums = new Map<string, HeldSum>();
    for (const [name, shape] of this.shapes) {
      const held = this.stage.heldSum(name);
      if (held !== undefined) sums.set(name, { shape, values: Float32Array.from(held) });
    }
    return sums;
  }

  restore(state: GradientWindowState, sums: ReadonlyMap<string, HeldSum>): void {
    this.stage.restore(state, new Map([...sums].map(([name, sum]) => [name, sum.values])));
    this.shapes.clear();
    this.unclaimed.clear();
    for (const [name, sum] of sums) {
      this.shapes.set(name, sum.shape);
      this.unclaimed.add(name);
    }
  }

  dispose(): void {}
}

/**
 * In tfjs ops (wasm, webgl, webgpu, or kernel "tensor"): sums in tf.Variables,
 * N kept as a scalar tensor and downloaded only when asked (under a global-norm
 * clip with a fused kernel's `sumOfSquares`, a number, the clip left to the kernel). Deciding "error"
 * or "skip" downloads one probe per variable, stacked into one read.
 */
class TensorStage implements GradientStage {
  readonly window: GradientWindow;
  private readonly sums = new Map<string, Variable>();
  /** Restored sums no update has used yet, by their saved name (see `claimRestoredEntry`). */
  private readonly unclaimed = new Set<string>();
  private norm: Scalar | undefined;
  /**
   * N in parts when no `clip` needs it before the update: the gradients, held
   * (a reference, not a copy) until N is first asked for or the next update
   * drops them, and the Σg² of the updates that summed g² in their own pass.
   */
  private normParts: { pending: Tensor[]; inPass: number[] } | undefined;
  private normValue: number | undefined;

  constructor(private readonly settings: ResolvedGradientConfig) {
    this.window = new GradientWindow(settings);
  }

  take(batch: readonly VariableGradient[], fusedWork: FusedGradientWork = {}): StagedGradients {
    if (this.window.nonFinite === 'error') {
      const bad = firstNonFinite(batch.map((g) => g.gradient));
      if (bad >= 0) throw new NonFiniteGradientError(batch[bad].name);
    }
    for (const g of batch) claimRestoredEntry(this.sums, this.unclaimed, g.name, g.variable.shape, (sum) => sum.shape);
    if (!this.window.nextCloses()) {
      for (const g of batch) {
        const sum = this.sums.get(g.name);
        if (sum === undefined) this.sums.set(g.name, variable(g.gradient, false));
        else sum.assign(accumulateGradient(tensorOps, sum, g.gradient) as Tensor);
      }
      this.window.hold();
      return { result: { status: 'accumulated' } };
    }
    const k = this.window.accumulate;
    const means = batch.map((g) => {
      const sum = k === 1 ? undefined : this.sums.get(g.name);
      const total = sum === undefined ? g.gradient : (accumulateGradient(tensorOps, sum, g.gradient) as Tensor);
      return windowMean(tensorOps, total, k) as Tensor;
    });
    for (const sum of this.sums.values()) sum.assign(zeros(sum.shape));
    if (this.window.nonFinite === 'skip' && firstNonFinite(means) >= 0) {
      this.window.close('skipped');
      return { result: { status: 'skipped' } };
    }
    this.disposeNorm();
    this.normValue = undefined;
    const clip = this.settings.clip;
    // N is read through the optimizer's gradNorm(), once per update at most. Without clip nothing needs it
    // before then, so its reduction waits until it is asked for (most updates never are).
    if (clip === undefined) {
      const parts = {
        pending: means.filter((_, i) => fusedWork.sumsInPass?.[i] !== true).map((g) => keep(clone(g))),
        inPass: [] as number[],
      };
      this.normParts = parts;
      this.window.close('updated');
      return { result: { status: 'updated' }, gradients: means, addSumOfSquares: (sum) => parts.inPass.push(sum) };
    }
    const sumOfSquares = fusedWork.sumOfSquares;
    if (clip.type === 'global-norm' && sumOfSquares !== undefined) {
      this.normValue = globalNorm(float64Ops, means.map(sumOfSquares)) as number;
      this.window.close('updated');
      return {
        result: { status: 'updated' },
        gradients: means,
        clipFactor: clipFactor(float64Ops, this.normValue, clip.maxNorm) as number,
      };
    }
    const norm = globalNorm(
      tensorOps,
      means.map((g) => tensorOps.sumOfSquares(g)),
    ) as Scalar;
    this.norm = keep(norm);
    const factor = clip?.type === 'global-norm' ? clipFactor(tensorOps, norm, clip.maxNorm) : 1;
    const gradients = means.map((g) => clipGradient(tensorOps, g, clip, factor) as Tensor);
    this.window.close('updated');
    return { result: { status: 'updated' }, gradients };
  }

  gradNorm(): number | undefined {
    if (this.normValue !== undefined) return this.normValue;
    if (this.norm !== undefined) this.normValue = this.norm.dataSync()[0];
    else if (this.normParts !== undefined) {
      const { pending, inPass } = this.normParts;
      const sums =
        pending.length === 0 ? [] : tidy(() => Array.from(stack(pending.map((g) => tensorOps.sumOfSquares(g) as Tensor)).dataSync()));
      this.normValue = globalNorm(float64Ops, [...sums, ...inPass]) as number;
      this.disposeNorm();
    }
    return this.normValue;
  }

  private disposeNorm(): void {
    this.norm?.dispose();
    this.norm = undefined;
    for (const t of this.normParts?.pending ?? []) t.dispose();
    this.normParts = undefined;
  }

  heldSums(): Map<string, HeldSum> {
    const sums = new Map<string, HeldSum>();
    if (this.window.microBatches === 0) return sums;
    for (const [name, sum] of this.sums)
      sums.set(name, { shape: [...sum.shape], values: Float32Array.from(sum.dataSync() as Float32Array) });
    return sums;
  }

  restore(state: GradientWindowState, sums: ReadonlyMap<string, HeldSum>): void {
    for (const sum of this.sums.values()) sum.dispose();
    this.sums.clear();
    this.unclaimed.clear();
    for (const [name, sum] of sums) {
      const value = tensor(sum.values, sum.shape, 'float32');
      this.sums.set(name, variable(value, false));
      this.unclaimed.add(name);
      value.dispose();
    }
    this.window.restore(state);
  }

  dispose(): void {
    for (const sum of this.sums.values()) sum.dispose();
    this.sums.clear();
    this.disposeNorm();
  }
}

/** The index of the first tensor holding NaN or ±Infinity, or −1: one download of every probe at once. */
function firstNonFinite(gradients: readonly Tensor[]): number {
  if (gradients.length === 0) return -1;
  const probes = stack(gradients.map((g) => nonFiniteProbe(tensorOps, g) as Tensor)).dataSync();
  return probes.findIndex((x) => Number.isNaN(x));
}
