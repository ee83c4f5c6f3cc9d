import { WeightDecayError } from '@weight-decay/core';

/**
 * A training or evaluation batch does not fit the graph: a missing or unknown
 * input, a wrong element type, wrong dims, data of the wrong length, or a batch
 * size other than the one a training graph was built for. Thrown before
 * anything runs or changes.
 */
export class BatchError extends WeightDecayError {
  /** Name of the offending graph input (or batch key). */
  readonly input: string;

  /**
   * @param input - name of the offending graph input.
   * @param message - what is wrong with it (the input name is prefixed).
   */
  constructor(input: string, message: string) {
    super(`${JSON.stringify(input)}: ${message}`);
    this.name = 'BatchError';
    this.input = input;
  }
}
