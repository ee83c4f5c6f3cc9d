import { ParameterError } from '../../config/index.js';

/**
 * A gradient held NaN or ±Infinity under nonFinite `"error"` (config 1.1).
 * Thrown before anything changed: parameters, optimizer state, the
 * accumulation window and t are as they were before the call.
 */
export class NonFiniteGradientError extends ParameterError {
  /** The offending element's row-major index, when known. */
  readonly index: number | undefined;

  /**
   * @param parameter - The parameter whose gradient is not finite.
   * @param index - The first non-finite element, when known.
   * @param value - Its value.
   */
  constructor(parameter: string, index?: number, value?: number) {
    super(
      parameter,
      `${index === undefined ? 'the gradient holds NaN or ±Infinity' : `gradient element ${index} is ${String(value)}`} (gradient.nonFinite is "error"); nothing was changed`,
    );
    this.name = 'NonFiniteGradientError';
    this.index = index;
  }
}
