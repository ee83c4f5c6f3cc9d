/**
 * The operations an update program is written over. Each backend supplies one
 * implementation: plain numbers and Float64Arrays for the float64 reference
 * interpreter, tensors for TensorFlow.js, and a tracer that records the
 * program so a build step can emit fused loops (see `codegen/`).
 *
 * A program may branch only on its configuration and on which decay terms are
 * present, never on a value of type `T`: a value-dependent choice is written
 * with {@link UpdateOps.select}, so every implementation sees the same sequence
 * of operations.
 *
 * @packageDocumentation
 */

/**
 * Element-wise arithmetic over values of type `T` (a number, an array, a
 * tensor, a traced expression) with conditions of type `C`. Binary operations
 * broadcast a scalar operand. Every result is a new value; nothing is
 * modified in place.
 */
export interface UpdateOps<T, C = unknown> {
  /** A constant, e.g. 0 or 1 (not a per-step scalar: those are program inputs). */
  constant(value: number): T;
  /** a + b. */
  add(a: T, b: T): T;
  /** a − b. */
  sub(a: T, b: T): T;
  /** a·b. */
  mul(a: T, b: T): T;
  /** a / b. */
  div(a: T, b: T): T;
  /** −a. */
  neg(a: T): T;
  /** √a. */
  sqrt(a: T): T;
  /** |a|. */
  abs(a: T): T;
  /** 1 where a > 0, −1 where a < 0, else 0 (sign(0) = 0, as PyTorch's autograd of |θ|). */
  sign(a: T): T;
  /** a where a > b, else b. */
  max(a: T, b: T): T;
  /** a where a < b, else b. */
  min(a: T, b: T): T;
  /** a > b. */
  greater(a: T, b: T): C;
  /** a ≥ b. */
  greaterEqual(a: T, b: T): C;
  /** a where the condition holds, else b. */
  select(condition: C, a: T, b: T): T;
  /**
   * Σx² over the whole parameter, a scalar: the reduction norm clipping and
   * trust ratios need. Not element-wise, so a fused loop computes it in a pass
   * of its own before the element-wise pass.
   */
  sumOfSquares(a: T): T;
}
