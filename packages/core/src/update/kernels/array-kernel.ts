import type { AverageWeights } from '../average/weight-average.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';

/**
 * A generated fused loop: one update of one parameter of `n` elements, in
 * place on θ (`p`) and the slots. `g` is only read; `anchor` is read only by
 * the `anchored` decay variant; `s` holds the optimizer's scalars of this
 * step, `c` the decay coefficients. An averaging variant also takes θ_{t+1}
 * into `average` in the same pass, A ← w.keep·A + w.take·θ_{t+1}
 * (`average/weight-average.ts`); the others ignore both.
 */
export type ArrayKernel<A extends Float32Array | Float64Array> = (
  n: number,
  p: A,
  g: A,
  slots: readonly A[],
  anchor: A | undefined,
  s: Readonly<Record<string, number>>,
  c: DecayCoefficients,
  average: A | undefined,
  w: AverageWeights | undefined,
) => void;
