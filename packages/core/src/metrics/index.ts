/**
 * Metrics for logs and tests: the coupled penalty, the decoupled shrink, the weight norm and the fraction of exact zeros (over all or the decayed parameters).
 *
 * @packageDocumentation
 */
export { coupledPenalty } from './coupled-penalty.js';
export { decoupledShrink, shrinkCoefficients } from './decoupled-shrink.js';
export type { ShrinkCoefficients } from './decoupled-shrink.js';
export { weightNorm } from './weight-norm.js';
export { decayedZeroFraction, zeroFraction } from './zero-fraction.js';
