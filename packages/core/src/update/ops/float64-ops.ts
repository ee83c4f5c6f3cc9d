import type { UpdateOps } from './update-ops.js';

/** A float64 program value: a scalar, or one number per element. */
export type Float64Value = number | Float64Array;

/** A condition: one boolean, or one per element (1 true, 0 false). */
export type Float64Condition = boolean | Uint8Array;

function unary(a: Float64Value, f: (x: number) => number): Float64Value {
  return typeof a === 'number' ? f(a) : a.map(f);
}

function binary(a: Float64Value, b: Float64Value, f: (x: number, y: number) => number): Float64Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(typeof a === 'number' ? a : a[i], typeof b === 'number' ? b : b[i]);
  return out;
}

function compare(a: Float64Value, b: Float64Value, f: (x: number, y: number) => boolean): Float64Condition {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const values = binary(a, b, (x, y) => (f(x, y) ? 1 : 0)) as Float64Array;
  return Uint8Array.from(values);
}

/**
 * The interpreter of update programs in float64: JS numbers, one operation
 * at a time over whole arrays. Slow, and exact in the sense that each
 * operation rounds once, in IEEE double, in the program's order: the
 * generated float64 loops must equal it bit for bit, which the tests check.
 */
export const float64Ops: UpdateOps<Float64Value, Float64Condition> = {
  constant: (value) => value,
  add: (a, b) => binary(a, b, (x, y) => x + y),
  sub: (a, b) => binary(a, b, (x, y) => x - y),
  mul: (a, b) => binary(a, b, (x, y) => x * y),
  div: (a, b) => binary(a, b, (x, y) => x / y),
  neg: (a) => unary(a, (x) => -x),
  sqrt: (a) => unary(a, Math.sqrt),
  abs: (a) => unary(a, Math.abs),
  sign: (a) => unary(a, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)),
  // biome-ignore lint/complexity/useMathMinMax: the same comparison as the generated loops (Math.max differs for a NaN x and for ±0), so the interpreter and the loops agree bit for bit.
  max: (a, b) => binary(a, b, (x, y) => (x > y ? x : y)),
  // biome-ignore lint/complexity/useMathMinMax: the same comparison as the generated loops, so the interpreter and the loops agree bit for bit.
  min: (a, b) => binary(a, b, (x, y) => (x < y ? x : y)),
  greater: (a, b) => compare(a, b, (x, y) => x > y),
  greaterEqual: (a, b) => compare(a, b, (x, y) => x >= y),
  select(condition, a, b) {
    if (typeof condition === 'boolean') return condition ? a : b;
    const out = new Float64Array(condition.length);
    for (let i = 0; i < out.length; i++) {
      const source = condition[i] === 1 ? a : b;
      out[i] = typeof source === 'number' ? source : source[i];
    }
    return out;
  },
  sumOfSquares(a) {
    if (typeof a === 'number') return a * a;
    // Two running sums over the pairs, of the even and of the odd elements, added, then an odd length's
    // last square: the order of a two-lane SIMD loop (emitWasmLoop's `sumOfSquaresOf`), so the fused wasm
    // kernel's Σg² has these bits; two independent chains of additions also run about twice as fast as one.
    let even = 0;
    let odd = 0;
    let i = 0;
    for (; i + 1 < a.length; i += 2) {
      even += a[i] * a[i];
      odd += a[i + 1] * a[i + 1];
    }
    let sum = even + odd;
    if (i < a.length) sum += a[i] * a[i];
    return sum;
  },
};
