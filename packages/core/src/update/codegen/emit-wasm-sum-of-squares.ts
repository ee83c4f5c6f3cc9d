import { f64, i32, moduleBytes, op } from './emit-wasm-loop.js';

/**
 * A WebAssembly module exporting `sumOfSquares(offset, n) → f64`: Σx² over
 * `n` float32 values from byte `offset` of the imported `env.memory`, each
 * widened to float64 and added in index order, so the same bits as
 * `float64Ops.sumOfSquares` over the Float32Array (what core's array gradient
 * stage sums for N). One pass, no temporary; a backend that keeps tensors in
 * that memory (tfjs wasm) gets Σg² without running a kernel.
 *
 * @param options - `sharedMemory`: the imported memory is shared (a threaded wasm build).
 */
export function emitWasmSumOfSquares(options: { sharedMemory?: boolean } = {}): Uint8Array {
  // Locals: 0 offset, 1 n (parameters), 2 i, 3 the sum, 4 the element.
  const [offset, n, i, sum, x] = [0, 1, 2, 3, 4];
  // The sum starts at 0: WebAssembly locals are zero-initialised.
  const code = [
    op.block,
    0x40,
    op.loop,
    0x40,
    ...[op.localGet, i, op.localGet, n, op.i32GeU, op.brIf, 1],
    ...[op.localGet, sum],
    ...[op.localGet, offset, op.localGet, i, op.i32Const, 2, op.i32Shl, op.i32Add, op.f32Load, 2, 0, op.f64PromoteF32],
    ...[op.localTee, x, op.localGet, x, op.f64Mul, op.f64Add, op.localSet, sum],
    ...[op.localGet, i, op.i32Const, 1, op.i32Add, op.localSet, i, op.br, 0],
    op.end,
    op.end,
    ...[op.localGet, sum],
    op.end,
  ];
  return moduleBytes(
    { name: 'sumOfSquares', params: [i32, i32], results: [f64], locals: [i32, f64, f64], code },
    options.sharedMemory ?? false,
  );
}
