import type { DecayCoefficients } from '../terms/decay-coefficients.js';

/**
 * A generated fused loop: one update of one parameter of `n` elements, in
 * place on θ (`p`) and the slots. `g` is only read; `anchor` is read only by
 * the `anchored` decay variant; `s` holds the optimizer's scalars of this
 * step, `c` the decay coefficients.
 */
export type ArrayKernel<A extends Float32Array | Float64Array> = (
  n: number,
  p: A,
  g: A,
  slots: readonly A[],
  anchor: A | undefined,
  s: Readonly<Record<string, number>>,
  c: DecayCoefficients,
) => void;

/**
 * The generated averaging loop: A ← keep·A + take·θ over `n` elements, in
 * place on `a` (see `average/weight-average.ts`).
 */
export type AverageKernel<A extends Float32Array | Float64Array> = (n: number, a: A, p: A, keep: number, take: number) => void;
