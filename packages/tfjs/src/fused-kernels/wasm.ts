import { engine, tensor } from '@tensorflow/tfjs-core';
import type { Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { TracedKernels, clipInto, createArrayUpdate, emitWasmLoop, scalarInputValues } from '@weight-decay/core/adapter';
import type { DecayCoefficients, LoopOutput, WasmLoop } from '@weight-decay/core/adapter';
import type { FusedInputs, FusedKernel, FusedUpdate } from './fused-kernel.js';
import { moveToBackend } from './fused-kernel.js';
import { wasmSumOfSquares } from './wasm-sum-of-squares.js';

/** The parts of tfjs-backend-wasm's `BackendWasm` this kernel uses. */
export interface WasmBackend {
  /** The Emscripten module: its memory is `wasmMemory` (threaded build) or `asm.memory`. */
  wasm: { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  /** Where the tensor's float32 values start on the wasm heap, in bytes. */
  getMemoryOffset(dataId: object): number;
  /** A view onto the tensor's own memory on the wasm heap. */
  typedArrayFromHeap(info: Tensor): Float32Array;
  /** How many tensors share the buffer. */
  refCount(dataId: object): number;
  /** A new tensor's buffer on the wasm heap, not initialised. */
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

// The package is typechecked without DOM or Node types; these are the few WebAssembly APIs it calls.
export interface WasmMemory {
  buffer: ArrayBuffer;
}
type UpdateExport = (...args: number[]) => void;
export interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * The fused update on tfjs's wasm backend: core's update program traced and
 * emitted as a small WebAssembly module (`emitWasmLoop`, the same arithmetic
 * and rounding as the generated float32 JS loop the cpu path runs) that
 * imports the backend's own memory and updates θ and the slots in place on
 * the wasm heap: one pass per parameter, no copies, no tfjs kernel. A buffer
 * another tensor shares (a reshape, the initial value of `tf.variable`) is
 * never written: the variable gets a buffer of its own first, once, since
 * tfjs tensors are immutable. Where compiling a module is refused (a page
 * whose CSP lacks `'wasm-unsafe-eval'`, a browser's limit on synchronous
 * compiles), the same update runs as core's float32 JS loop over views onto
 * the heap. An averaged update writes the average into a new buffer (it may
 * have been a layer's weights while swapped in, see `freshBuffer`); a clipped
 * one multiplies g by the factor in the pass, and `sumOfSquares` gives Σg²
 * for N without a kernel.
 */
export const wasmFusedKernel: FusedKernel = (optimizer) => {
  // One module per set of decay kinds present and form, compiled at its first use over the backend's memory.
  const modules = new TracedKernels(optimizer, (traced): ModuleSlot => ({ outputs: traced.outputs.map(averageIntoNewBuffer) }));
  const fallback = createArrayUpdate(optimizer, 'float32');
  const update: FusedUpdate = (inputs, learningRate, parameterStep, coefficients) => {
    const backend = engine().backend as unknown as WasmBackend;
    freshBuffer(backend, inputs.theta);
    for (const v of inputs.slots) ownBuffer(backend, v);
    for (const t of [inputs.gradient, inputs.anchor, inputs.average]) if (t !== undefined) moveToBackend(backend, t);
    const averaged = inputs.averageWeights !== undefined;
    const averageOut = averaged ? engine().makeTensorFromTensorInfo(backend.makeOutput([...inputs.theta.shape], 'float32')) : undefined;
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    const slot = modules.forCoefficients(coefficients, { averaged, clipped: inputs.clipFactor !== undefined });
    if (memory !== undefined && slot.compiled !== null && slot.compiled?.memory !== memory) slot.compiled = compile(slot.outputs, memory);
    const compiled = slot.compiled;
    if (compiled !== undefined && compiled !== null) {
      const offset = (t: Tensor): number => backend.getMemoryOffset(t.dataId);
      const pointers: Record<string, Tensor | undefined> = {
        p: inputs.theta,
        g: inputs.gradient,
        anchorValues: inputs.anchor,
        averageValues: inputs.average,
        averageOut,
      };
      inputs.slots.forEach((slotVariable, k) => {
        pointers[`slot${k}`] = slotVariable;
      });
      compiled.update(
        inputs.theta.size,
        ...compiled.loop.arrays.map((name) => offset(pointers[name] as Tensor)),
        ...scalarInputValues(compiled.loop.scalars, optimizer, learningRate, parameterStep, coefficients, inputs),
      );
    } else {
      runOnHeapViews(fallback, backend, inputs, learningRate, parameterStep, coefficients, averageOut);
    }
    if (averageOut !== undefined) {
      (inputs.average as Variable).assign(averageOut);
      averageOut.dispose();
    }
  };
  update.sumOfSquares = wasmSumOfSquares();
  return update;
};

/** The average's output goes to `averageOut`, a new buffer, while the pass reads `averageValues`. */
function averageIntoNewBuffer(output: LoopOutput): LoopOutput {
  return output.array === 'averageValues' ? { ...output, array: 'averageOut' } : output;
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
    const loop = emitWasmLoop(outputs, { sharedMemory, simd });
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
 * Core's float32 JS loop over views onto the tensors' memory (made after
 * every allocation: a malloc may grow, and so replace, the heap's buffer).
 * The loop updates the average in place, so `averageOut` (the new buffer)
 * starts as a copy of the average; a clipped g is made in a temporary.
 */
function runOnHeapViews(
  arrayUpdate: ReturnType<typeof createArrayUpdate>,
  backend: WasmBackend,
  inputs: FusedInputs,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
  averageOut?: Tensor,
): void {
  const view = (t: Tensor): Float32Array => backend.typedArrayFromHeap(t);
  const average = averageOut === undefined ? undefined : view(averageOut);
  if (average !== undefined && inputs.average !== undefined) average.set(view(inputs.average));
  let gradient = view(inputs.gradient);
  if (inputs.clipFactor !== undefined) {
    const clipped = new Float32Array(gradient.length);
    // A global-norm clip reads only the factor given (maxNorm went into it).
    clipInto(clipped, gradient, { type: 'global-norm', maxNorm: 1 }, inputs.clipFactor);
    gradient = clipped;
  }
  arrayUpdate(
    {
      theta: view(inputs.theta),
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
}

/**
 * Gives θ a new buffer on the wasm heap before the update writes it: the
 * backend caches work keyed by a tensor's buffer on the promise that tensors
 * never change (XNNPACK's packed matmul weights), so writing a layer's kernel
 * where it was would leave the next forward pass on the old values.
 */
function freshBuffer(backend: WasmBackend, v: Variable): void {
  moveToBackend(backend, v);
  const copy = tensor(v.dataSync() as Float32Array, v.shape, 'float32');
  v.assign(copy);
  copy.dispose();
}

/** Gives `v` a buffer on the wasm heap that no other tensor shares (slots: no kernel but this one reads them). */
function ownBuffer(backend: WasmBackend, v: Variable): void {
  moveToBackend(backend, v);
  if (backend.refCount(v.dataId) <= 1) return;
  const copy = tensor(v.dataSync() as Float32Array, v.shape, 'float32');
  v.assign(copy);
  copy.dispose();
}
