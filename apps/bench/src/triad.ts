/**
 * The memory-bandwidth bound: a = b + s·c streams three arrays once, which is
 * the least any element-wise update over the same data can cost. An AdamW
 * step touches θ, g, m and v (read) and θ, m, v (write), so ~2.3× the triad's
 * traffic is its floor.
 */
export function triad(a: Float32Array, b: Float32Array, c: Float32Array, s: number): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = b[i] + s * c[i];
}
