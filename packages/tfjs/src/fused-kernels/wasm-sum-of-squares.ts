import { engine } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { emitWasmSumOfSquares, float64Ops } from '@weight-decay/core/adapter';
import { moveToBackend } from './fused-kernel.js';
import type { WasmBackend, WasmMemory, WebAssemblyApi } from './wasm.js';

type SumOfSquaresExport = (offset: number, n: number) => number;

/**
 * Σg² of a float32 tensor on tfjs's wasm backend, in float64 and index
 * order (the bits core's array gradient stage gets): core's small
 * WebAssembly module over the backend's memory, one pass, no temporary, no
 * tfjs kernel. Where compiling is refused, the same sum over a view onto the heap.
 */
export function wasmSumOfSquares(): (g: Tensor) => number {
  // Compiled at the first call over the backend's memory (null: refused); again if the backend was replaced.
  let compiled: { memory: WasmMemory; sumOfSquares: SumOfSquaresExport } | null | undefined;
  return (g) => {
    const backend = engine().backend as unknown as WasmBackend;
    moveToBackend(backend, g);
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    if (memory !== undefined && compiled !== null && compiled?.memory !== memory) compiled = compile(memory);
    if (compiled === undefined || compiled === null)
      return float64Ops.sumOfSquares(backend.typedArrayFromHeap(g) as unknown as Float64Array) as number;
    return compiled.sumOfSquares(backend.getMemoryOffset(g.dataId), g.size);
  };
}

function compile(memory: WasmMemory): { memory: WasmMemory; sumOfSquares: SumOfSquaresExport } | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  const sharedMemory = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    const instance = new api.Instance(new api.Module(emitWasmSumOfSquares({ sharedMemory })), { env: { memory } });
    return { memory, sumOfSquares: instance.exports.sumOfSquares as SumOfSquaresExport };
  } catch {
    return null;
  }
}
