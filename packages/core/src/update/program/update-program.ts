/**
 * The order of operations of one update, written once for every backend. The
 * order and every formula are documented in docs/guides/decay-contract.md
 * ("One update, in order"); the step numbers below refer to it.
 *
 * A kind of term that is absent from {@link DecayPresence} does no work, so a
 * zero coefficient is bit for bit the identity. Branches here depend only on
 * the config and on that presence, never on a value, so the same program runs
 * on numbers, on tensors, and through the tracer that generates the fused
 * float32/float64 loops at build time.
 *
 * @packageDocumentation
 */
import type { UpdateOps } from '../ops/update-ops.js';
import type { OptimizerDefinition, OptimizerVariant } from '../optimizers/optimizer-definition.js';
import { anchorOffset, anchorShrink, cautiousAnchorShrink } from '../terms/anchor-term.js';
import { cautiousDecoupledShrink, decoupledKeep } from '../terms/decoupled-term.js';
import type { DecayCoefficients, DecayPresence } from '../terms/decay-coefficients.js';
import { l1SubgradientGradient } from '../terms/l1-subgradient-term.js';
import { l2Gradient } from '../terms/l2-term.js';
import { softThreshold } from '../terms/proximal-l1-term.js';

/** The decay coefficients as program values (numbers, tensors or traced inputs). */
export type CoefficientValues<T> = { readonly [K in keyof DecayCoefficients]: T };

/** Step 1: the gradient after the coupled terms, from θ_t. */
export function decayedGradient<T, C>(ops: UpdateOps<T, C>, presence: DecayPresence, c: CoefficientValues<T>, theta: T, gradient: T): T {
  let g = gradient;
  if (presence.l1) g = ops.add(g, l1SubgradientGradient(ops, theta, c.l1));
  if (presence.l2) g = ops.add(g, l2Gradient(ops, theta, c.l2));
  return g;
}

/** Whether {@link finishUpdate} has any work beyond θ_t − δ. */
export function hasShrinkOrThreshold(presence: DecayPresence): boolean {
  return presence.keep || presence.anchor || presence.cautiousDecoupled || presence.cautiousAnchor || presence.threshold;
}

/**
 * Steps 3–5: θ_{t+1} from θ_t, the step δ = η_t·u and a value with the sign
 * of u. `anchor` (θ₀) is read only when an anchor term is present.
 */
export function finishUpdate<T, C>(
  ops: UpdateOps<T, C>,
  presence: DecayPresence,
  c: CoefficientValues<T>,
  theta: T,
  anchor: T | undefined,
  direction: T,
  delta: T,
): T {
  let q = presence.keep ? decoupledKeep(ops, theta, c.keep) : theta;
  const offset = presence.anchor || presence.cautiousAnchor ? anchorOffset(ops, theta, anchor as T) : undefined;
  if (presence.anchor) q = ops.sub(q, anchorShrink(ops, offset as T, c.anchor));
  if (presence.cautiousDecoupled) q = ops.sub(q, cautiousDecoupledShrink(ops, theta, direction, c.cautiousDecoupled));
  if (presence.cautiousAnchor) q = ops.sub(q, cautiousAnchorShrink(ops, offset as T, direction, c.cautiousAnchor));
  q = ops.sub(q, delta);
  return presence.threshold ? softThreshold(ops, q, c.threshold) : q;
}

/** The values one parameter's update reads. */
export interface UpdateInputs<T> {
  /** θ_t. */
  theta: T;
  /** The raw gradient g. */
  gradient: T;
  /** The optimizer's slots, in its `slotNames` order. */
  slots: readonly T[];
  /** θ₀, when an anchor term is present. */
  anchor?: T;
}

/** What one parameter's update produces. */
export interface UpdateOutputs<T> {
  /** θ_{t+1}. */
  theta: T;
  /** The new slots, in the same order. */
  slots: T[];
}

/** The whole update of one parameter: steps 1–5 around an optimizer's step. */
export function updateProgram<T, C>(
  ops: UpdateOps<T, C>,
  optimizer: OptimizerDefinition,
  variant: OptimizerVariant,
  presence: DecayPresence,
  inputs: UpdateInputs<T>,
  scalars: Readonly<Record<string, T>>,
  c: CoefficientValues<T>,
): UpdateOutputs<T> {
  const gradient = decayedGradient(ops, presence, c, inputs.theta, inputs.gradient);
  const step = optimizer.step(ops, variant, gradient, inputs.slots, scalars);
  const theta = finishUpdate(ops, presence, c, inputs.theta, inputs.anchor, step.direction, step.delta);
  return { theta, slots: step.slots };
}
