/**
 * What BatchNormalization and Dropout need besides parameters: running
 * statistics updated by each training step (state, never trained), and the
 * seeded random stream that fills Dropout's noise inputs. Both are saved in
 * checkpoints, so a resumed run draws the same masks.
 */
import { StateError } from '@weight-decay/core';
import { Tensor } from 'onnxruntime-node';
import type { RandomInput, TrainingGraph } from '../gradient/index.js';
import { DataType } from '../onnx/onnx-proto.js';

/** The checkpoint part of the layer state: running statistics and the random stream's position. */
export interface LayerStateSnapshot {
  /** Running statistics by initializer name (float32 values as numbers, exact). */
  buffers: Record<string, number[]>;
  /** The state of the noise generator (a uint32). */
  random: number;
}

/** One step of mulberry32: a small, fast generator with a 32-bit state that fits in a checkpoint. */
function next(state: number): [number, number] {
  const a = (state + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [a, ((t ^ (t >>> 14)) >>> 0) / 4294967296];
}

/** Noise feeds drawn for one step, and the generator state to keep if the step succeeds. */
export interface DrawnNoise {
  feeds: Record<string, Tensor>;
  random: number;
}

/** Running statistics and the noise stream of one trainer. */
export class LayerState {
  private readonly buffers = new Map<string, Float32Array>();
  private readonly tensors: Record<string, Tensor> = {};
  private random: number;

  constructor(
    private readonly graph: Pick<TrainingGraph, 'state' | 'random'>,
    initial: ReadonlyMap<string, { shape: number[]; values: Float32Array }>,
    seed: number,
  ) {
    for (const { name, shape } of graph.state) {
      const values = Float32Array.from(initial.get(name)?.values ?? new Float32Array(shape.reduce((a, b) => a * b, 1)));
      this.buffers.set(name, values);
      this.tensors[name] = new Tensor('float32', values, shape);
    }
    this.random = seed >>> 0;
  }

  /** Whether anything here changes between steps. */
  get active(): boolean {
    return this.graph.state.length > 0 || this.graph.random.length > 0;
  }

  /** The running statistics as feeds (tensors over the live arrays). */
  stateFeeds(): Record<string, Tensor> {
    return this.tensors;
  }

  /** The outputs that hold the updated running statistics. */
  stateFetches(): string[] {
    return this.graph.state.map((s) => s.output);
  }

  /** Uniform [0, 1) noise for every Dropout, sized from the batch's feeds; the generator advances only on {@link commit}. */
  drawNoise(feeds: Record<string, Tensor>): DrawnNoise {
    let state = this.random;
    const out: Record<string, Tensor> = {};
    for (const input of this.graph.random) {
      const dims = input.dims.map((d) => (typeof d === 'number' ? d : sizeOf(feeds, d)));
      const n = dims.reduce((a, b) => a * b, 1);
      const values = input.dataType === DataType.DOUBLE ? new Float64Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const [s, u] = next(state);
        state = s;
        values[i] = u;
      }
      out[input.name] = input.dataType === DataType.DOUBLE ? new Tensor('float64', values, dims) : new Tensor('float32', values, dims);
    }
    return { feeds: out, random: state };
  }

  /** Keeps a successful step's running statistics and generator position. */
  commit(results: Record<string, Tensor>, random: number): void {
    for (const { name, output } of this.graph.state) this.buffers.get(name)!.set(results[output].data as Float32Array);
    this.random = random;
  }

  /** Copies of the running statistics, by name. */
  values(): Record<string, Float32Array> {
    return Object.fromEntries([...this.buffers].map(([name, v]) => [name, Float32Array.from(v)]));
  }

  /** The checkpoint data. */
  exportState(): LayerStateSnapshot {
    return { buffers: Object.fromEntries([...this.buffers].map(([name, v]) => [name, Array.from(v)])), random: this.random };
  }

  /** Checks a snapshot against this model (StateError naming the path) without changing anything; returns the apply step. */
  prepareImport(snapshot: unknown, path: string): () => void {
    if (!this.active) return () => undefined;
    if (snapshot === null || typeof snapshot !== 'object') {
      throw new StateError(path, 'missing; this model keeps running statistics or a dropout random stream');
    }
    const { buffers, random } = snapshot as Partial<LayerStateSnapshot>;
    if (!(Number.isInteger(random) && (random as number) >= 0 && (random as number) < 2 ** 32)) {
      throw new StateError(`${path}.random`, `expected a uint32; received ${String(random)}`);
    }
    if (buffers === null || typeof buffers !== 'object') throw new StateError(`${path}.buffers`, 'expected an object of arrays');
    const copies = new Map<string, Float32Array>();
    for (const [name, live] of this.buffers) {
      const values = (buffers as Record<string, unknown>)[name];
      if (!Array.isArray(values) || values.length !== live.length || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new StateError(`${path}.buffers["${name}"]`, `expected ${live.length} finite numbers`);
      }
      copies.set(name, Float32Array.from(values as number[]));
    }
    const extra = Object.keys(buffers).find((name) => !this.buffers.has(name));
    if (extra !== undefined) throw new StateError(`${path}.buffers["${extra}"]`, 'not a running statistic of this model');
    return () => {
      for (const [name, values] of copies) this.buffers.get(name)!.set(values);
      this.random = random as number;
    };
  }
}

function sizeOf(feeds: Record<string, Tensor>, dim: Exclude<RandomInput['dims'][number], number>): number {
  return dim.sources.reduce((size, { input, axis }) => size * feeds[input].dims[axis], dim.scale);
}
