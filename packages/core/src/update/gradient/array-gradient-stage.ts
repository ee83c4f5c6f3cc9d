import type { GradientClip, ResolvedGradientConfig } from '../../config/index.js';
import type { FloatArray } from '../float-array.js';
import { float64Ops } from '../ops/float64-ops.js';
import { GradientWindow } from './gradient-window.js';
import type { GradientStepResult } from './gradient-window.js';
import { clipFactor, globalNorm } from './gradient-transforms.js';
import { NonFiniteGradientError } from './non-finite-gradient-error.js';

/** The array type of an updater: Float32Array or Float64Array. */
export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

/** One parameter's gradient of one micro-batch. */
export interface NamedGradient {
  /** The parameter's name. */
  name: string;
  /** Its gradient, row-major (never modified). */
  gradient: ArrayLike<number>;
}

/** What {@link ArrayGradientStage.take} decided; `gradients` (in input order) only for an update. */
export interface TakenGradients {
  /** What the micro-batch did, with N for an update. */
  result: GradientStepResult;
  /** The gradients the update applies: the window mean, clipped. */
  gradients?: ArrayLike<number>[];
}

/** The first index of a NaN or ±Infinity in `values`, or −1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function sumOfSquares(values: ArrayLike<number>): number {
  return float64Ops.sumOfSquares(values as Float64Array) as number;
}

/**
 * {@link clipGradient} on typed arrays, into `out`: the same formulas (the
 * factor from {@link clipFactor}), as loops that allocate nothing.
 */
export function clipInto(out: FloatArray, g: ArrayLike<number>, clip: GradientClip, globalFactor: number): void {
  const n = g.length;
  if (clip.type === 'value') {
    const hi = clip.maxValue;
    const lo = -hi;
    // As clipGradient: only a value beyond a bound moves, so a NaN stays NaN (PyTorch's clamp_).
    for (let i = 0; i < n; i++) {
      const x = g[i];
      // biome-ignore lint/complexity/useMathMinMax: Math.min/max would turn a NaN bound check into NaN-or-bound differently from clipGradient's selects.
      out[i] = lo > x ? lo : x > hi ? hi : x;
    }
    return;
  }
  const factor = clip.type === 'global-norm' ? globalFactor : (clipFactor(float64Ops, Math.sqrt(sumOfSquares(g)), clip.maxNorm) as number);
  for (let i = 0; i < n; i++) out[i] = g[i] * factor;
}

/**
 * Config 1.1's `gradient` section on typed arrays (core's `Updater`, the ONNX
 * Runtime trainer, tfjs on the cpu backend): the accumulation window with its
 * per-parameter sums, the non-finite policy, N and the clip, in the order of
 * docs/guides/config-1.1.md. Hands the driver the gradients of each update.
 */
export class ArrayGradientStage {
  /** The window's position and skip count. */
  readonly window: GradientWindow;
  private readonly sums = new Map<string, FloatArray>();
  private readonly outputs = new Map<string, FloatArray>();

  /**
   * @param settings - The resolved `gradient` section (see `gradientSettings`).
   * @param arrayType - The array type of the sums and of clipped gradients (the update's precision).
   */
  constructor(
    readonly settings: ResolvedGradientConfig,
    private readonly arrayType: FloatArrayConstructor,
  ) {
    this.window = new GradientWindow(settings);
  }

  /**
   * Takes one micro-batch. With nonFinite `"error"`, throws a
   * NonFiniteGradientError naming the first parameter whose gradient holds
   * NaN or ±Infinity before anything changed.
   */
  take(batch: readonly NamedGradient[]): TakenGradients {
    if (this.window.nonFinite === 'error') {
      for (const { name, gradient } of batch) {
        const bad = firstNonFinite(gradient);
        if (bad >= 0) throw new NonFiniteGradientError(name, bad, gradient[bad]);
      }
    }
    if (!this.window.nextCloses()) {
      for (const { name, gradient } of batch) {
        const sum = this.sumOf(name, gradient.length);
        for (let i = 0; i < sum.length; i++) sum[i] += gradient[i];
      }
      this.window.hold();
      return { result: { status: 'accumulated' } };
    }
    const gradients = this.window.accumulate === 1 ? batch.map((b) => b.gradient) : this.closeWindow(batch);
    if (this.window.nonFinite === 'skip' && gradients.some((g) => firstNonFinite(g) >= 0)) {
      this.window.close('skipped');
      return { result: { status: 'skipped' } };
    }
    const gradNorm = globalNorm(float64Ops, gradients.map(sumOfSquares)) as number;
    const clip = this.settings.clip;
    if (clip !== undefined) {
      const factor = clip.type === 'global-norm' ? (clipFactor(float64Ops, gradNorm, clip.maxNorm) as number) : 1;
      gradients.forEach((g, i) => {
        const out = this.outputOf(batch[i].name, g.length);
        clipInto(out, g, clip, factor);
        gradients[i] = out;
      });
    }
    this.window.close('updated');
    return { result: { status: 'updated', gradNorm }, gradients };
  }

  /** The running sum of one parameter's micro-batch gradients, if the window holds any. */
  heldSum(name: string): FloatArray | undefined {
    return this.window.microBatches > 0 ? this.sums.get(name) : undefined;
  }

  /** Moves a parameter's held sum to a new name (an adapter whose parameters were renamed on load). */
  renameSum(from: string, to: string): void {
    const sum = this.sums.get(from);
    if (sum === undefined) return;
    this.sums.delete(from);
    this.sums.set(to, sum);
  }

  /** Replaces the window (position, skip count) and the sums (a parameter not in `sums` restarts at 0). */
  restore(state: { microBatches: number; skippedUpdates: number }, sums: ReadonlyMap<string, ArrayLike<number>>): void {
    for (const sum of this.sums.values()) sum.fill(0);
    for (const [name, values] of sums) this.sumOf(name, values.length).set(values);
    this.window.restore(state);
  }

  /** The window mean of each parameter (its sum plus this micro-batch, divided by `accumulate`); the sums restart at 0. */
  private closeWindow(batch: readonly NamedGradient[]): FloatArray[] {
    const k = this.window.accumulate;
    return batch.map(({ name, gradient }) => {
      const sum = this.sumOf(name, gradient.length);
      const mean = this.outputOf(name, gradient.length);
      for (let i = 0; i < sum.length; i++) {
        sum[i] += gradient[i];
        mean[i] = sum[i] / k;
      }
      sum.fill(0);
      return mean;
    });
  }

  private sumOf(name: string, size: number): FloatArray {
    return this.bufferOf(this.sums, name, size);
  }

  private outputOf(name: string, size: number): FloatArray {
    return this.bufferOf(this.outputs, name, size);
  }

  /** The parameter's array in `buffers`, made (zeroed) at first need or when its size changed. */
  private bufferOf(buffers: Map<string, FloatArray>, name: string, size: number): FloatArray {
    let buffer = buffers.get(name);
    if (buffer === undefined || buffer.length !== size) {
      buffer = new this.arrayType(size);
      buffers.set(name, buffer);
    }
    return buffer;
  }
}
