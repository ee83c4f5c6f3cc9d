import { engine, tensor } from '@tensorflow/tfjs-core';
import type { Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { TracedKernels, clipInto, createArrayUpdate, emitWasmLoop, float64Ops, scalarInputValues } from '@weight-decay/core/adapter';
import type { DecayCoefficients, LoopOutput, WasmLoop } from '@weight-decay/core/adapter';
import type { FusedInputs, FusedKernel } from './fused-kernel.js';
import { moveToBackend } from './fused-kernel.js';

/** The parts of tfjs-backend-wasm's `BackendWasm` this kernel uses. */
interface WasmBackend {
  /** The Emscripten module: its memory is `wasmMemory` (threaded build) or `asm.memory`. */
  wasm: { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  /** Where the tensor's float32 values start on the wasm heap, in bytes. */
  getMemoryOffset(dataId: object): number;
  /** A view onto the tensor's own memory on the wasm heap. */
  typedArrayFromHeap(info: Tensor): Float32Array;
  /** How many tensors share the buffer. */
  refCount(dataId: object): number;
  /** A new buffer on the wasm heap (malloc'd, registered with the backend), as a kernel's output. */
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

// The package is typechecked without DOM or Node types; these are the few WebAssembly APIs it calls.
interface WasmMemory {
  buffer: ArrayBuffer;
}
/** The module's `update`: returns Σg² (`emitWasmLoop`'s `sumOfSquaresOf`). */
type UpdateExport = (...args: number[]) => number;
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The array the module writes θ_{t+1} to: a buffer of its own, not θ's (see {@link wasmFusedKernel}). */
const nextTheta = 'pNext';
/** The array the module writes the new average to, while it reads `averageValues` (see {@link wasmFusedKernel}). */
const nextAverage = 'averageOut';

/**
 * The fused update on tfjs's wasm backend: core's update program traced and
 * emitted as a small WebAssembly module (`emitWasmLoop`, the same arithmetic
 * and rounding as the generated float32 JS loop the cpu path runs) that
 * imports the backend's own memory and runs on the wasm heap: one pass per
 * parameter, no copy through JavaScript, no tfjs kernel. The slots are
 * written in place (a slot buffer another tensor shares, e.g. one
 * `getWeights` returned, is replaced by a copy of its own first, since tfjs
 * tensors are immutable). θ is read where it is and written to a new buffer,
 * allocated as a kernel's output would be, that the variable then takes: the
 * backend caches work keyed by a tensor's buffer on the promise that tensors
 * never change (XNNPACK's packed matmul weights), so a layer's kernel written
 * in place would leave fit's next forward pass on the old values. Where
 * compiling a module is refused (a page whose CSP lacks `'wasm-unsafe-eval'`,
 * a browser's limit on synchronous compiles), the same update runs as core's
 * float32 JS loop over views onto the heap. Either way the pass also sums g²
 * (float64) and returns it: the variable's share of the global gradient norm N.
 * An averaged update writes the average into a new buffer as well (it may
 * have been a layer's weights while swapped in); a clipped one multiplies g by
 * the factor in the pass, and `sumOfSquares` gives Σg² for N before the
 * update, without a kernel.
 */
export const wasmFusedKernel: FusedKernel = (optimizer) => {
  // One module per set of decay kinds present and form, compiled at its first use over the backend's memory.
  const modules = new TracedKernels(optimizer, (traced): ModuleSlot => ({ outputs: traced.outputs.map(intoNewBuffers) }));
  const fallback = createArrayUpdate(optimizer, 'float32');
  const update = (inputs: FusedInputs, learningRate: number, parameterStep: number, coefficients: DecayCoefficients): number => {
    const backend = engine().backend as unknown as WasmBackend;
    for (const v of inputs.slots) ownBuffer(backend, v);
    for (const t of [inputs.theta, inputs.gradient, inputs.anchor, inputs.average]) if (t !== undefined) moveToBackend(backend, t);
    const newBuffer = (): Tensor => engine().makeTensorFromTensorInfo(backend.makeOutput([...inputs.theta.shape], 'float32'));
    const next = newBuffer();
    const averaged = inputs.averageWeights !== undefined;
    const averageOut = averaged ? newBuffer() : undefined;
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    const slot = modules.forCoefficients(coefficients, { averaged, clipped: inputs.clipFactor !== undefined });
    if (memory !== undefined && slot.compiled !== null && slot.compiled?.memory !== memory) slot.compiled = compile(slot.outputs, memory);
    const compiled = slot.compiled;
    let sumOfSquares: number;
    if (compiled !== undefined && compiled !== null) {
      const offset = (t: Tensor): number => backend.getMemoryOffset(t.dataId);
      const pointers: Record<string, Tensor | undefined> = {
        p: inputs.theta,
        [nextTheta]: next,
        g: inputs.gradient,
        anchorValues: inputs.anchor,
        averageValues: inputs.average,
        [nextAverage]: averageOut,
      };
      inputs.slots.forEach((slotVariable, k) => {
        pointers[`slot${k}`] = slotVariable;
      });
      sumOfSquares = compiled.update(
        inputs.theta.size,
        ...compiled.loop.arrays.map((name) => offset(pointers[name] as Tensor)),
        ...scalarInputValues(compiled.loop.scalars, optimizer, learningRate, parameterStep, coefficients, inputs),
      );
    } else {
      sumOfSquares = runOnHeapViews(
        fallback,
        backend,
        inputs,
        { theta: next, average: averageOut },
        learningRate,
        parameterStep,
        coefficients,
      );
    }
    inputs.theta.assign(next);
    next.dispose();
    if (averageOut !== undefined) {
      (inputs.average as Variable).assign(averageOut);
      averageOut.dispose();
    }
    return sumOfSquares;
  };
  return Object.assign(update, { sumsGradientSquares: true, sumOfSquares: wasmSumOfSquares() });
};

/** θ_{t+1} and the new average go to new buffers, while the pass reads θ and the average where they are. */
function intoNewBuffers(output: LoopOutput): LoopOutput {
  if (output.array === 'p') return { ...output, array: nextTheta };
  if (output.array === 'averageValues') return { ...output, array: nextAverage };
  return output;
}

/**
 * Σg² of a float32 tensor on tfjs's wasm backend, in float64, with no tfjs
 * kernel and no temporary: the update module with no outputs (`emitWasmLoop`'s
 * `sumOfSquaresOf` alone), whose f64x2 lanes give `float64Ops.sumOfSquares`'
 * bits (what core's array gradient stage sums for N). Where compiling is
 * refused, that same sum over a view onto the heap.
 */
function wasmSumOfSquares(): (g: Tensor) => number {
  // Compiled at the first call over the backend's memory (null: refused); again if the backend was replaced.
  let compiled: CompiledLoop | null | undefined;
  return (g) => {
    const backend = engine().backend as unknown as WasmBackend;
    moveToBackend(backend, g);
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    if (memory !== undefined && compiled !== null && compiled?.memory !== memory) compiled = compile([], memory);
    if (compiled === undefined || compiled === null)
      return float64Ops.sumOfSquares(backend.typedArrayFromHeap(g) as unknown as Float64Array) as number;
    return compiled.update(g.size, backend.getMemoryOffset(g.dataId));
  };
}

/** A traced update and its module: not compiled yet (undefined), refused (null), or compiled. */
interface ModuleSlot {
  outputs: readonly LoopOutput[];
  compiled?: CompiledLoop | null;
}

interface CompiledLoop {
  loop: WasmLoop;
  memory: WasmMemory;
  update: UpdateExport;
}

/**
 * Emits and instantiates the loop over the backend's memory: with f64x2 SIMD,
 * else scalar (an engine without WebAssembly SIMD), else null (compiling refused).
 */
function compile(outputs: readonly LoopOutput[], memory: WasmMemory): CompiledLoop | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  const sharedMemory = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  for (const simd of [true, false]) {
    const loop = emitWasmLoop(outputs, { sharedMemory, simd, sumOfSquaresOf: 'g' });
    try {
      const instance = new api.Instance(new api.Module(loop.bytes), { env: { memory } });
      return { loop, memory, update: instance.exports.update as UpdateExport };
    } catch {
      // Try the next form.
    }
  }
  return null;
}

/**
 * Core's float32 JS loop over views onto the tensors' memory (made after every
 * allocation: a malloc may grow, and so replace, the heap's buffer). The loop
 * updates in place, so θ (and the average) are copied into the new buffers
 * and updated there; a clipped g is made in a temporary. Returns Σg² of the
 * gradient read, as the module does (float32 values, summed in float64).
 */
function runOnHeapViews(
  arrayUpdate: ReturnType<typeof createArrayUpdate>,
  backend: WasmBackend,
  inputs: FusedInputs,
  next: { theta: Tensor; average?: Tensor },
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): number {
  const view = (t: Tensor): Float32Array => backend.typedArrayFromHeap(t);
  const theta = view(next.theta);
  theta.set(view(inputs.theta));
  const average = next.average === undefined ? undefined : view(next.average);
  if (average !== undefined && inputs.average !== undefined) average.set(view(inputs.average));
  const raw = view(inputs.gradient);
  let gradient = raw;
  if (inputs.clipFactor !== undefined) {
    gradient = new Float32Array(raw.length);
    // A global-norm clip reads only the factor given (maxNorm went into it).
    clipInto(gradient, raw, { type: 'global-norm', maxNorm: 1 }, inputs.clipFactor);
  }
  arrayUpdate(
    {
      theta,
      gradient,
      slots: inputs.slots.map(view),
      anchor: inputs.anchor === undefined ? undefined : view(inputs.anchor),
      average,
    },
    learningRate,
    parameterStep,
    coefficients,
    inputs.averageWeights,
  );
  let sum = 0;
  for (const x of raw) sum += x * x;
  return sum;
}

/** Gives `v` a buffer on the wasm heap that no other tensor shares (slots: no kernel but this one reads them). */
function ownBuffer(backend: WasmBackend, v: Variable): void {
  moveToBackend(backend, v);
  if (backend.refCount(v.dataId) <= 1) return;
  const copy = tensor(v.dataSync() as Float32Array, v.shape, 'float32');
  v.assign(copy);
  copy.dispose();
}
