import { WeightDecayError } from '@weight-decay/core';

/** A golden fixture file is not valid golden-format v1 JSON (or cannot be read). */
export class FixtureFormatError extends WeightDecayError {
  /** The offending file (or a label for in-memory input). */
  readonly file: string;
  /** Path of the offending field inside the fixture, e.g. `steps[2].expected["dense/bias"]`; `''` for the whole file. */
  readonly path: string;

  /**
   * @param file - the offending file.
   * @param path - path of the offending field inside it.
   * @param message - what is wrong (file and path are prefixed).
   */
  constructor(file: string, path: string, message: string) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${message}`);
    this.name = 'FixtureFormatError';
    this.file = file;
    this.path = path;
  }
}
