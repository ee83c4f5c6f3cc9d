import { engine, tensor } from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  createArrayUpdate,
  decayPresence,
  decayVariantOf,
  emitWasmLoop,
  scalarInputValues,
  traceDecayVariants,
} from '@weight-decay/core/adapter';
import type { DecayCoefficients, DecayVariant, WasmLoop } from '@weight-decay/core/adapter';
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
}

// The package is typechecked without DOM or Node types; these are the few WebAssembly APIs it calls.
interface WasmMemory {
  buffer: ArrayBuffer;
}
type UpdateExport = (...args: number[]) => void;
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { update: UpdateExport } };
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
 * the heap.
 */
export const wasmFusedKernel: FusedKernel = (optimizer) => {
  const traced = traceDecayVariants(optimizer);
  const modules = new Map<DecayVariant, CompiledLoop | undefined>();
  const fallback = createArrayUpdate(optimizer, 'float32');
  return (inputs, learningRate, parameterStep, coefficients) => {
    const backend = engine().backend as unknown as WasmBackend;
    for (const v of [inputs.theta, ...inputs.slots]) ownBuffer(backend, v);
    for (const t of [inputs.gradient, inputs.anchor]) if (t !== undefined) moveToBackend(backend, t);
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    const variant = decayVariantOf(decayPresence(coefficients));
    if (!modules.has(variant) && memory !== undefined) modules.set(variant, compile(traced[variant].outputs, memory));
    const compiled = modules.get(variant);
    if (compiled !== undefined && compiled.memory === memory) {
      const offset = (t: Tensor): number => backend.getMemoryOffset(t.dataId);
      const pointers: Record<string, Tensor | undefined> = { p: inputs.theta, g: inputs.gradient, anchorValues: inputs.anchor };
      inputs.slots.forEach((slot, k) => {
        pointers[`slot${k}`] = slot;
      });
      compiled.update(
        inputs.theta.size,
        ...compiled.loop.arrays.map((name) => offset(pointers[name] as Tensor)),
        ...scalarInputValues(compiled.loop.scalars, optimizer, learningRate, parameterStep, coefficients),
      );
    } else {
      runOnHeapViews(fallback, backend, inputs, learningRate, parameterStep, coefficients);
    }
  };
};

interface CompiledLoop {
  loop: WasmLoop;
  memory: WasmMemory;
  update: UpdateExport;
}

/** Emits and instantiates the loop over the backend's memory, or undefined when compiling is refused. */
function compile(outputs: Parameters<typeof emitWasmLoop>[0], memory: WasmMemory): CompiledLoop | undefined {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return undefined;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const loop = emitWasmLoop(outputs, shared);
  try {
    const instance = new api.Instance(new api.Module(loop.bytes), { env: { memory } });
    return { loop, memory, update: instance.exports.update };
  } catch {
    return undefined;
  }
}

/** Core's float32 JS loop over views onto the tensors' memory (made after every allocation: a malloc may grow, and so replace, the heap's buffer). */
function runOnHeapViews(
  arrayUpdate: ReturnType<typeof createArrayUpdate>,
  backend: WasmBackend,
  inputs: FusedInputs,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): void {
  const view = (t: Tensor): Float32Array => backend.typedArrayFromHeap(t);
  arrayUpdate(
    {
      theta: view(inputs.theta),
      gradient: view(inputs.gradient),
      slots: inputs.slots.map(view),
      anchor: inputs.anchor === undefined ? undefined : view(inputs.anchor),
    },
    learningRate,
    parameterStep,
    coefficients,
  );
}

/** Gives `v` a buffer on the wasm heap that no other tensor shares. */
function ownBuffer(backend: WasmBackend, v: Variable): void {
  moveToBackend(backend, v);
  if (backend.refCount(v.dataId) <= 1) return;
  const copy = tensor(v.dataSync() as Float32Array, v.shape, 'float32');
  v.assign(copy);
  copy.dispose();
}
