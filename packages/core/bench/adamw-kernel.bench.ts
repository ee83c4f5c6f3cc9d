/**
 * Float32 AdamW kernel vs a memory-bandwidth yardstick (the STREAM "triad"
 * a = b + s·c over arrays of the same length), in the same process.
 *
 * Run: pnpm --filter @weight-decay/core bench
 *   (= node --import tsx bench/adamw-kernel.bench.ts; optional sizes as arguments, e.g. `1e6`).
 *
 * Prints one machine-readable line per figure, `name value unit`:
 *   adamw-float32-<n> <median ms> ms
 *   triad-float32-<n> <median ms> ms
 *   ratio-<n> <adamw median / triad median> ratio
 * The AdamW step reads θ, g, m, v and writes θ, m, v (7 arrays' worth of
 * traffic); the triad reads 2 and writes 1, so a memory-bound kernel sits
 * near 7/3 ≈ 2.3× the triad. Not a test: it asserts nothing about time.
 */
import { createUpdater } from '../src/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function fillRandom(a: Float32Array, seed: number): void {
  let x = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = x / 4294967296 - 0.5;
  }
}

function triad(a: Float32Array, b: Float32Array, c: Float32Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] = b[i] + s * c[i];
}

function benchSize(n: number, runs: number, warmup: number): void {
  const label = n.toExponential(0).replace('+', '');
  const updater = createUpdater(
    { optimizer: { type: 'adam', learningRate: 1e-3 }, decay: [{ type: 'decoupled', rate: 0.01 }] },
    [{ name: 'w', shape: [n] }],
    { precision: 'float32' },
  );
  const params = { w: new Float32Array(n) };
  const grads = { w: new Float32Array(n) };
  fillRandom(params.w, 1);
  fillRandom(grads.w, 2);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const c = new Float32Array(n);
  fillRandom(b, 3);
  fillRandom(c, 4);

  for (let i = 0; i < warmup; i++) {
    updater.update(params, grads);
    triad(a, b, c, 0.5);
  }
  const kernelTimes: number[] = [];
  const triadTimes: number[] = [];
  // Interleaved, so load from other processes hits both measurements alike.
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    updater.update(params, grads);
    kernelTimes.push(performance.now() - t0);
    t0 = performance.now();
    triad(a, b, c, 0.5 + r * 1e-3);
    triadTimes.push(performance.now() - t0);
  }
  // Keep the results observable so no work can be dropped.
  if (!Number.isFinite(params.w[n >> 1] + a[n >> 1])) throw new Error('non-finite result');
  const kernelMs = median(kernelTimes);
  const triadMs = median(triadTimes);
  console.log(`adamw-float32-${label} ${kernelMs.toFixed(3)} ms`);
  console.log(`triad-float32-${label} ${triadMs.toFixed(3)} ms`);
  console.log(`ratio-${label} ${(kernelMs / triadMs).toFixed(2)} ratio`);
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
for (const n of sizes.length > 0 ? sizes : [1e6, 1e7]) {
  benchSize(n, n >= 1e7 ? 11 : 31, n >= 1e7 ? 5 : 20);
}
