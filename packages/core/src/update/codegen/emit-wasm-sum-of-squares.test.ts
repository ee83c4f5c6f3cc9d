import { describe, expect, it } from 'vitest';
import { randomValues } from '../__fixtures__/run-updater.js';
import { float64Ops } from '../ops/float64-ops.js';
import { emitWasmSumOfSquares } from './emit-wasm-sum-of-squares.js';

// Core is typechecked without DOM or Node types; the few WebAssembly calls the test makes are typed here.
interface Wasm {
  Memory: new (limits: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { sumOfSquares(offset: number, n: number): number } };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

describe('emitWasmSumOfSquares', () => {
  for (const shared of [false, true]) {
    it(`gives float64Ops.sumOfSquares' bits over float32 values at an offset${shared ? ' (shared memory)' : ''}`, () => {
      const memory = new wasm.Memory(shared ? { initial: 1, maximum: 65536, shared } : { initial: 1 });
      const { sumOfSquares } = new wasm.Instance(new wasm.Module(emitWasmSumOfSquares({ sharedMemory: shared })), {
        env: { memory },
      }).exports;
      // Values spanning magnitudes, so the order of the float64 additions shows in the low bits.
      const values = Float32Array.from(randomValues(7, 101), (x, i) => x * 10 ** ((i % 9) - 4));
      new Float32Array(memory.buffer, 64, values.length).set(values);
      expect(sumOfSquares(64, values.length)).toBe(float64Ops.sumOfSquares(values as unknown as Float64Array) as number);
      // Hand-derived: 3² + (−4)² = 25; no elements, 0; a NaN propagates.
      new Float32Array(memory.buffer, 8, 3).set([3, -4, Number.NaN]);
      expect(sumOfSquares(8, 2)).toBe(25);
      expect(sumOfSquares(8, 0)).toBe(0);
      expect(sumOfSquares(8, 1)).toBe(9);
      // Odd and even lengths: the last element of an odd n joins the even sum.
      for (const length of [100, 101]) {
        expect(sumOfSquares(64, length)).toBe(float64Ops.sumOfSquares(values.subarray(0, length) as unknown as Float64Array) as number);
      }
      expect(sumOfSquares(8, 3)).toBeNaN();
    });
  }
});
