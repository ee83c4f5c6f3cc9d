/**
 * Metrics for logs and tests: the coupled penalty, the weight norm and the fraction of exact zeros.
 *
 * @packageDocumentation
 */
export { coupledPenalty } from './coupled-penalty.js';
export { weightNorm } from './weight-norm.js';
export { zeroFraction } from './zero-fraction.js';
