/**
 * The lab's own errors. They extend core's {@link WeightDecayError} so one
 * `catch` handles every error this project throws; the CLI prints their
 * message on one line and exits non-zero.
 */
import { WeightDecayError } from '@weight-decay/core';

/** A command-line flag is unknown, missing its value, or has a bad value. */
export class FlagError extends WeightDecayError {
  /** The offending flag, e.g. `--epochs`. */
  readonly flag: string;

  /**
   * @param flag - the offending flag.
   * @param problem - what is wrong with it, as a sentence fragment.
   */
  constructor(flag: string, problem: string) {
    super(`${flag}: ${problem}`);
    this.name = 'FlagError';
    this.flag = flag;
  }
}

/** A file the lab needs (a config, the MNIST digits) cannot be read or parsed. */
export class LabInputError extends WeightDecayError {
  /** The file or resource that failed. */
  readonly source: string;

  /**
   * @param source - the file or resource that failed.
   * @param problem - what went wrong.
   */
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'LabInputError';
    this.source = source;
  }
}
