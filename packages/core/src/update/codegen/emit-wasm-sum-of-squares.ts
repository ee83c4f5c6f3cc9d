import { f64, i32, moduleBytes, op } from './emit-wasm-loop.js';

/**
 * A WebAssembly module exporting `sumOfSquares(offset, n) → f64`: Σx² over
 * `n` float32 values from byte `offset` of the imported `env.memory`, each
 * widened to float64, in two running sums (even and odd elements, in index
 * order) added at the end, so the same bits as `float64Ops.sumOfSquares` over
 * the Float32Array (what core's array gradient stage sums for N). One pass, no
 * temporary; a backend that keeps tensors in that memory (tfjs wasm) gets Σg²
 * without running a kernel.
 *
 * @param options - `sharedMemory`: the imported memory is shared (a threaded wasm build).
 */
export function emitWasmSumOfSquares(options: { sharedMemory?: boolean } = {}): Uint8Array {
  // Locals: 0 offset, 1 n (parameters), 2 i, 3 the even sum, 4 the odd sum, 5 the element.
  const [offset, n, i, even, odd, x] = [0, 1, 2, 3, 4, 5];
  // x[i + byteOffset/4], widened, squared and added to `sum`.
  const addSquare = (sum: number, byteOffset: number): number[] => [
    ...[op.localGet, sum],
    ...[op.localGet, offset, op.localGet, i, op.i32Const, 2, op.i32Shl, op.i32Add, op.f32Load, 2, byteOffset, op.f64PromoteF32],
    ...[op.localTee, x, op.localGet, x, op.f64Mul, op.f64Add, op.localSet, sum],
  ];
  // The sums start at 0: WebAssembly locals are zero-initialised.
  const code = [
    // Pairs while i + 1 < n: two independent chains of additions.
    ...[op.block, 0x40, op.loop, 0x40],
    ...[op.localGet, i, op.i32Const, 1, op.i32Add, op.localGet, n, op.i32GeU, op.brIf, 1],
    ...addSquare(even, 0),
    ...addSquare(odd, 4),
    ...[op.localGet, i, op.i32Const, 2, op.i32Add, op.localSet, i, op.br, 0],
    ...[op.end, op.end],
    // An odd n leaves one element, which joins the even sum.
    ...[op.block, 0x40, op.localGet, i, op.localGet, n, op.i32GeU, op.brIf, 0],
    ...addSquare(even, 0),
    op.end,
    ...[op.localGet, even, op.localGet, odd, op.f64Add],
    op.end,
  ];
  return moduleBytes(
    { name: 'sumOfSquares', params: [i32, i32], results: [f64], locals: [i32, f64, f64, f64], code },
    options.sharedMemory ?? false,
  );
}
