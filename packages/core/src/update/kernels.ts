/**
 * The element-wise update: one implementation per optimizer, fused with every
 * decay term into a single pass over a parameter's elements.
 *
 * Pinned order per element (semantics.md):
 * 1. coupled terms change g using θ_t: `g ← (g + λ₁·sign θ) + λ₂·θ`, sign(0) = 0
 *    (the l1 subgradient first, as autograd would add it to the loss gradient
 *    before PyTorch's optimizer adds `weight_decay·θ`);
 * 2. the optimizer's direction u from g (θ ← θ − η_t·u);
 * 3. decoupled terms shrink using θ_t: `θ·(1 − c)` (PyTorch AdamW's `p.mul_(1 − lr·wd)`),
 *    anchor `− c·(θ_t − θ₀)`; cautious terms only where `u·θ_t ≥ 0`, and for a cautious
 *    anchor where `u·(θ_t − θ₀) ≥ 0`: the step already moves θ toward θ₀, which is
 *    the anchor's "zero" (the reading of Cautious Weight Decay, arXiv 2510.12402,
 *    for decay toward a reference rather than toward 0);
 * 4. the optimizer step, with PyTorch's operation order (`addcdiv` = `p + (v·a)/b`,
 *    `addcmul` = `p + (v·a)·b`; Adam multiplies by 1/√(1−β2^k) where PyTorch divides),
 *    so the float64 reference tracks PyTorch to a few ulps;
 * 5. proximal l1: `sign(θ)·max(|θ| − c, 0)`, thresholds of several terms added.
 *
 * Arithmetic is in float64 (JS numbers); each store into a Float32Array rounds.
 * A zero coefficient skips its work entirely (and `θ·1` is exact), so a zero
 * rate is bit-for-bit the identity.
 *
 * @packageDocumentation
 */
import type { FloatArray, Precision } from './float-array.js';

/**
 * Layout of the per-parameter decay coefficients, a Float64Array of
 * {@link decaySlotCount} entries refilled before every update.
 */
export const Decay = {
  /** Σλ of coupled l2 terms. */
  L2: 0,
  /** Σλ of subgradient l1 terms. */
  L1: 1,
  /** 1 − Σc of plain decoupled terms. */
  Keep: 2,
  /** Σc of plain anchor terms. */
  Anchor: 3,
  /** Σc of cautious decoupled terms. */
  CautiousDecoupled: 4,
  /** Σc of cautious anchor terms. */
  CautiousAnchor: 5,
  /** Σc of proximal l1 terms (the soft threshold). */
  Threshold: 6,
} as const;

/** Length of a decay-coefficient array. */
export const decaySlotCount = 7;

/** The fused update of every optimizer, for one array type. */
export interface Kernels<A extends FloatArray> {
  /** PyTorch SGD. `first` marks update 1, where the momentum buffer becomes g. */
  sgd(p: A, g: A, buf: A, anchor: A, n: number, dc: Float64Array,
    lr: number, momentum: number, dampening: number, nesterov: boolean, first: boolean): void;
  /** PyTorch Adam. `stepSize` = η/(1−β1^k), `bc2Sqrt` = √(1−β2^k), k = t+1. */
  adam(p: A, g: A, m: A, v: A, vMax: A, anchor: A, n: number, dc: Float64Array,
    stepSize: number, beta1: number, beta2: number, bc2Sqrt: number, epsilon: number, amsgrad: boolean): void;
  /** PyTorch RMSprop. */
  rmsprop(p: A, g: A, square: A, gradAverage: A, buf: A, anchor: A, n: number, dc: Float64Array,
    lr: number, alpha: number, epsilon: number, momentum: number, centered: boolean): void;
  /** PyTorch Adagrad. `clr` = η/(1 + t·lrDecay). */
  adagrad(p: A, g: A, sum: A, anchor: A, n: number, dc: Float64Array, clr: number, epsilon: number): void;
}

/**
 * Builds the kernels.
 *
 * This function is deliberately self-contained: its body refers to nothing but
 * its own locals and `Math`, so {@link kernelsFor} can compile an independent
 * copy of it per precision (see there for why a plain second call is not enough).
 *
 * Each kernel has two loops over the same inlined helpers: a short one for the
 * common case (no coupled, anchor, cautious or proximal term; at most a plain
 * decoupled shrink, which is a multiply by 1 − c) and the general one. Loop-
 * invariant branches and the extra live coefficients cost a measurable share of
 * the AdamW step in V8, which does not unswitch loops itself.
 */
export function createKernels<A extends FloatArray>(): Kernels<A> {
  // Indices of the decay-coefficient layout (`Decay`), literal so this body stays self-contained.
  const L2 = 0, L1 = 1, KEEP = 2, ANCHOR = 3, CAUTIOUS = 4, CAUTIOUS_ANCHOR = 5, THRESHOLD = 6;

  // Small number-only helpers: TurboFan inlines them into each loop, so the math
  // is written once and still fused into one pass.
  function sign0(x: number): number {
    return x > 0 ? 1 : x < 0 ? -1 : 0;
  }
  function coupledGradient(g: number, theta: number, l2: number, l1: number): number {
    return g + l1 * sign0(theta) + l2 * theta;
  }
  /** θ after the decoupled terms, from θ_t; only the sign of `u` matters. */
  function shrink(theta: number, anchor0: number, u: number, keep: number, anchorC: number,
    cautiousC: number, cautiousAnchorC: number): number {
    let q = theta * keep;
    const offset = theta - anchor0;
    if (anchorC !== 0) q -= anchorC * offset;
    if (cautiousC !== 0 && u * theta >= 0) q -= cautiousC * theta;
    if (cautiousAnchorC !== 0 && u * offset >= 0) q -= cautiousAnchorC * offset;
    return q;
  }
  function softThreshold(x: number, c: number): number {
    const excess = Math.abs(x) - c;
    // A NaN θ stays NaN (as PyTorch's sign(θ)·clamp(|θ|−c, min=0)): mapping it to an exact
    // zero would hide a diverged weight inside the sparsity figures.
    return excess > 0 ? (x > 0 ? excess : -excess) : excess <= 0 ? 0 : x;
  }
  /** `decay·average + weight·x`: PyTorch's `mul_(decay).add_(x, alpha=weight)` and, with weight = (1−β)·g, x = g, its `addcmul_`. */
  function movingAverage(average: number, decay: number, weight: number, x: number): number {
    return decay * average + weight * x;
  }
  /** SGD's buffer: g itself on the first step (PyTorch clones it), then μ·b + (1−τ)·g. */
  function sgdBuffer(previous: number, g: number, momentum: number, gradFactor: number, first: boolean): number {
    return first ? g : movingAverage(previous, momentum, gradFactor, g);
  }
  /**
   * η_t·u of Adam: `(stepSize·m)/(√v·(1/√(1−β2^k)) + ε)`. PyTorch divides by
   * √(1−β2^k); multiplying by the hoisted reciprocal differs by at most an ulp
   * and saves one of the two divisions that bound this kernel's speed.
   */
  function adamDelta(stepSize: number, m: number, v: number, inverseBc2Sqrt: number, epsilon: number): number {
    return (stepSize * m) / (Math.sqrt(v) * inverseBc2Sqrt + epsilon);
  }

  function sgd(p: A, g: A, buf: A, anchor: A, n: number, dc: Float64Array,
    lr: number, momentum: number, dampening: number, nesterov: boolean, first: boolean): void {
    const l2 = dc[L2], l1 = dc[L1], keep = dc[KEEP], anchorC = dc[ANCHOR];
    const cautiousC = dc[CAUTIOUS], cautiousAnchorC = dc[CAUTIOUS_ANCHOR], threshold = dc[THRESHOLD];
    const coupled = l2 !== 0 || l1 !== 0;
    const anchored = anchorC !== 0 || cautiousAnchorC !== 0;
    const useMomentum = momentum !== 0;
    const gradFactor = 1 - dampening;
    if (!coupled && !anchored && cautiousC === 0 && threshold === 0) {
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        let d = gi;
        if (useMomentum) {
          const b = sgdBuffer(buf[i], gi, momentum, gradFactor, first);
          buf[i] = b;
          d = nesterov ? gi + momentum * b : b;
        }
        p[i] = p[i] * keep - lr * d;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      let gi = g[i];
      if (coupled) gi = coupledGradient(gi, theta, l2, l1);
      let d = gi;
      if (useMomentum) {
        const b = sgdBuffer(buf[i], gi, momentum, gradFactor, first);
        buf[i] = b;
        d = nesterov ? gi + momentum * b : b;
      }
      let q = shrink(theta, anchored ? anchor[i] : 0, d, keep, anchorC, cautiousC, cautiousAnchorC);
      q = q - lr * d;
      if (threshold !== 0) q = softThreshold(q, threshold);
      p[i] = q;
    }
  }

  function adam(p: A, g: A, m: A, v: A, vMax: A, anchor: A, n: number, dc: Float64Array,
    stepSize: number, beta1: number, beta2: number, bc2Sqrt: number, epsilon: number, amsgrad: boolean): void {
    const l2 = dc[L2], l1 = dc[L1], keep = dc[KEEP], anchorC = dc[ANCHOR];
    const cautiousC = dc[CAUTIOUS], cautiousAnchorC = dc[CAUTIOUS_ANCHOR], threshold = dc[THRESHOLD];
    const coupled = l2 !== 0 || l1 !== 0;
    const anchored = anchorC !== 0 || cautiousAnchorC !== 0;
    const gradFactor1 = 1 - beta1, gradFactor2 = 1 - beta2;
    const inverseBc2Sqrt = 1 / bc2Sqrt;
    if (!coupled && !anchored && cautiousC === 0 && threshold === 0 && !amsgrad) {
      // Adam and AdamW: the hot path the benchmark measures.
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const mi = movingAverage(m[i], beta1, gradFactor1, gi);
        const vi = movingAverage(v[i], beta2, gradFactor2 * gi, gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] * keep - adamDelta(stepSize, mi, vi, inverseBc2Sqrt, epsilon);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      let gi = g[i];
      if (coupled) gi = coupledGradient(gi, theta, l2, l1);
      const mi = movingAverage(m[i], beta1, gradFactor1, gi);
      let vi = movingAverage(v[i], beta2, gradFactor2 * gi, gi);
      m[i] = mi;
      v[i] = vi;
      if (amsgrad) {
        // The max is kept on the raw v (PyTorch), before bias correction.
        const previous = vMax[i];
        if (previous > vi) vi = previous;
        vMax[i] = vi;
      }
      // u = m̂/(√v̂ + ε) has the sign of m.
      let q = shrink(theta, anchored ? anchor[i] : 0, mi, keep, anchorC, cautiousC, cautiousAnchorC);
      q = q - adamDelta(stepSize, mi, vi, inverseBc2Sqrt, epsilon);
      if (threshold !== 0) q = softThreshold(q, threshold);
      p[i] = q;
    }
  }

  function rmsprop(p: A, g: A, square: A, gradAverage: A, buf: A, anchor: A, n: number, dc: Float64Array,
    lr: number, alpha: number, epsilon: number, momentum: number, centered: boolean): void {
    const l2 = dc[L2], l1 = dc[L1], keep = dc[KEEP], anchorC = dc[ANCHOR];
    const cautiousC = dc[CAUTIOUS], cautiousAnchorC = dc[CAUTIOUS_ANCHOR], threshold = dc[THRESHOLD];
    const coupled = l2 !== 0 || l1 !== 0;
    const anchored = anchorC !== 0 || cautiousAnchorC !== 0;
    const plain = !coupled && !anchored && cautiousC === 0 && threshold === 0;
    const useMomentum = momentum > 0;
    const gradFactor = 1 - alpha;
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      let gi = g[i];
      if (coupled) gi = coupledGradient(gi, theta, l2, l1);
      const si = movingAverage(square[i], alpha, gradFactor * gi, gi);
      square[i] = si;
      let denom: number;
      if (centered) {
        const ai = movingAverage(gradAverage[i], alpha, gradFactor, gi);
        gradAverage[i] = ai;
        denom = Math.sqrt(si - ai * ai) + epsilon;
      } else {
        denom = Math.sqrt(si) + epsilon;
      }
      // u = buf with momentum, else g/den (same sign as g).
      let u: number, delta: number;
      if (useMomentum) {
        u = momentum * buf[i] + gi / denom;
        buf[i] = u;
        delta = lr * u;
      } else {
        u = gi;
        delta = (lr * gi) / denom;
      }
      // RMSprop is compute-bound with or without decay, so it keeps one loop.
      let q = plain ? theta * keep : shrink(theta, anchored ? anchor[i] : 0, u, keep, anchorC, cautiousC, cautiousAnchorC);
      q = q - delta;
      if (threshold !== 0) q = softThreshold(q, threshold);
      p[i] = q;
    }
  }

  function adagrad(p: A, g: A, sum: A, anchor: A, n: number, dc: Float64Array, clr: number, epsilon: number): void {
    const l2 = dc[L2], l1 = dc[L1], keep = dc[KEEP], anchorC = dc[ANCHOR];
    const cautiousC = dc[CAUTIOUS], cautiousAnchorC = dc[CAUTIOUS_ANCHOR], threshold = dc[THRESHOLD];
    const coupled = l2 !== 0 || l1 !== 0;
    const anchored = anchorC !== 0 || cautiousAnchorC !== 0;
    const plain = !coupled && !anchored && cautiousC === 0 && threshold === 0;
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      let gi = g[i];
      if (coupled) gi = coupledGradient(gi, theta, l2, l1);
      const si = movingAverage(sum[i], 1, gi, gi);
      sum[i] = si;
      // u = g/(√S + ε) has the sign of g.
      let q = plain ? theta * keep : shrink(theta, anchored ? anchor[i] : 0, gi, keep, anchorC, cautiousC, cautiousAnchorC);
      q = q - (clr * gi) / (Math.sqrt(si) + epsilon);
      if (threshold !== 0) q = softThreshold(q, threshold);
      p[i] = q;
    }
  }

  return { sgd, adam, rmsprop, adagrad };
}

const kernelCache: Partial<Record<Precision, Kernels<FloatArray>>> = {};

/**
 * The kernels for one precision, built on first use.
 *
 * V8 keeps type feedback per function literal, shared by every closure made
 * from it: calling {@link createKernels} twice would still let the float32
 * and float64 runs meet in one feedback vector, and the loops would turn
 * polymorphic (a map dispatch on every element access). So each precision
 * gets its own compiled copy of `createKernels`, made from its source text.
 * Where code generation is not allowed (a Content-Security-Policy without
 * `unsafe-eval`) or the source text is not usable (e.g. instrumented for
 * coverage), the shared factory is used instead: the numbers are identical,
 * only the feedback is shared.
 */
export function kernelsFor(precision: Precision): Kernels<FloatArray> {
  const cached = kernelCache[precision];
  if (cached !== undefined) return cached;
  const kernels = compileCopy(precision) ?? createKernels<FloatArray>();
  kernelCache[precision] = kernels;
  return kernels;
}

function compileCopy(precision: Precision): Kernels<FloatArray> | undefined {
  try {
    // `__name` is the one helper esbuild-based loaders (tsx, with keepNames) insert into
    // function bodies; it only sets `.name`, so an identity stand-in keeps the copy usable.
    const keepName = <T>(target: T): T => target;
    const factory = new Function('__name', `"use strict"; return (${createKernels.toString()});`)(keepName) as typeof createKernels;
    const kernels = factory<FloatArray>();
    selfCheck(kernels, precision);
    return kernels;
  } catch {
    return undefined;
  }
}

/**
 * Runs every path of the copy once on one element and compares with the
 * original factory, so a copy that cannot run or differs is never used.
 */
function selfCheck(copy: Kernels<FloatArray>, precision: Precision): void {
  const original = createKernels<FloatArray>();
  const make = (x: number): FloatArray => (precision === 'float32' ? new Float32Array([x]) : new Float64Array([x]));
  const plainDc = new Float64Array([0, 0, 0.9, 0, 0, 0, 0]);
  const fullDc = new Float64Array([0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.01]);
  for (const dc of [plainDc, fullDc]) {
    const results = [copy, original].map((k) => {
      const p = make(0.5), s1 = make(0.25), s2 = make(0.125), s3 = make(0.0625), g = make(-0.3), a = make(0.2);
      k.sgd(p, g, s1, a, 1, dc, 0.1, 0.9, 0.1, true, false);
      k.adam(p, g, s1, s2, s3, a, 1, dc, 0.1, 0.9, 0.999, 0.5, 1e-8, false);
      k.adam(p, g, s1, s2, s3, a, 1, dc, 0.1, 0.9, 0.999, 0.5, 1e-8, true);
      k.rmsprop(p, g, s1, s2, s3, a, 1, dc, 0.1, 0.99, 1e-8, 0.9, true);
      k.adagrad(p, g, s1, a, 1, dc, 0.1, 1e-10);
      return [p[0], s1[0], s2[0], s3[0]];
    });
    if (!results[0].every((x, i) => Object.is(x, results[1][i]))) throw new Error('kernel copy differs');
  }
}
