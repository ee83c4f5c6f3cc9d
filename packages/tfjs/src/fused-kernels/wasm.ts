import { engine, tensor } from '@tensorflow/tfjs-core';
import type { Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { TracedKernels, createArrayUpdate, emitWasmLoop, scalarInputValues } from '@weight-decay/core/adapter';
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
  Instance: new (module: object, imports: object) => { exports: { update: UpdateExport } };
}

/** The array the module writes θ_{t+1} to: a buffer of its own, not θ's (see {@link wasmFusedKernel}). */
const nextTheta = 'pNext';

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
 */
export const wasmFusedKernel: FusedKernel = (optimizer) => {
  // One module per set of decay kinds present, compiled at its first use over the backend's memory.
  const modules = new TracedKernels(
    optimizer,
    (traced): ModuleSlot => ({
      outputs: traced.outputs.map((o) => (o.array === 'p' ? { ...o, array: nextTheta } : o)),
    }),
  );
  const fallback = createArrayUpdate(optimizer, 'float32');
  const update = (inputs: FusedInputs, learningRate: number, parameterStep: number, coefficients: DecayCoefficients): number => {
    const backend = engine().backend as unknown as WasmBackend;
    for (const v of inputs.slots) ownBuffer(backend, v);
    for (const t of [inputs.theta, inputs.gradient, inputs.anchor]) if (t !== undefined) moveToBackend(backend, t);
    const next = engine().makeTensorFromTensorInfo(backend.makeOutput([...inputs.theta.shape], 'float32'));
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    const slot = modules.forCoefficients(coefficients);
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
      };
      inputs.slots.forEach((slotVariable, k) => {
        pointers[`slot${k}`] = slotVariable;
      });
      sumOfSquares = compiled.update(
        inputs.theta.size,
        ...compiled.loop.arrays.map((name) => offset(pointers[name] as Tensor)),
        ...scalarInputValues(compiled.loop.scalars, optimizer, learningRate, parameterStep, coefficients),
      );
    } else {
      sumOfSquares = runOnHeapViews(fallback, backend, inputs, next, learningRate, parameterStep, coefficients);
    }
    inputs.theta.assign(next);
    next.dispose();
    return sumOfSquares;
  };
  return Object.assign(update, { sumsGradientSquares: true });
};

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
      return { loop, memory, update: instance.exports.update };
    } catch {
      // Try the next form.
    }
  }
  return null;
}

/**
 * Core's float32 JS loop over views onto the tensors' memory (made after every
 * allocation: a malloc may grow, and so replace, the heap's buffer). The loop
 * updates in place, so θ is copied into `next` and updated there. Returns
 * Σg² as the module does (float32 values, summed in float64).
 */
function runOnHeapViews(
  arrayUpdate: ReturnType<typeof createArrayUpdate>,
  backend: WasmBackend,
  inputs: FusedInputs,
  next: Tensor,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): number {
  const view = (t: Tensor): Float32Array => backend.typedArrayFromHeap(t);
  const theta = view(next);
  theta.set(view(inputs.theta));
  arrayUpdate(
    {
      theta,
      gradient: view(inputs.gradient),
      slots: inputs.slots.map(view),
      anchor: inputs.anchor === undefined ? undefined : view(inputs.anchor),
    },
    learningRate,
    parameterStep,
    coefficients,
  );
  let sum = 0;
  for (const x of view(inputs.gradient)) sum += x * x;
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
