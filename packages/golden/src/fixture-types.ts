/**
 * The golden fixture format, version 1 (docs/guides/golden-format.md): JSON files, one
 * case per file, that any backend can replay.
 *
 * @packageDocumentation
 */

/** The `format` tag of every version-1 fixture. */
export const GOLDEN_FORMAT = 'weight-decay-golden/1' as const;

/** `|actual − expected| ≤ atol + rtol·|expected|`, element-wise. */
export interface GoldenTolerance {
  /** Relative part. */
  rtol: number;
  /** Absolute part, for elements near zero. */
  atol: number;
}

/** One parameter before the first update: its shape and row-major values. */
export interface GoldenParam {
  /** Tensor shape; `[]` for a scalar. */
  shape: number[];
  /** Row-major values; as many as the shape's product (1 for a scalar). */
  values: number[];
}

/**
 * One step of an optimizer case: an update, or with `gradient.accumulate` k
 * one micro-batch (config 1.1), of which every k-th is an update.
 */
export interface GoldenStep {
  /**
   * Raw gradients by parameter name, before any coupled decay term. The file
   * may write an element as `"NaN"`, `"Infinity"` or `"-Infinity"` (JSON has no
   * such numbers); the parser turns them into those numbers.
   */
  grads: Record<string, number[]>;
  /** Parameters expected after this step, by name (unchanged after a micro-batch that is not a boundary, or a skipped update). */
  expected: Record<string, number[]>;
  /** Top-level η_t used by this update, before any group's learningRateScale, when recorded (updates only). */
  learningRate?: number;
  /** Total coupled penalty at the parameters before this update, when recorded (updates only). */
  penalty?: number;
  /** A value to report (reduce-on-plateau) after this update; it changes the rate from the next update on (config 1.1). */
  metric?: number;
  /** The global norm N of this update's gradient before clipping (config 1.1). */
  gradNorm?: number;
  /** The averaged weights after this update; only the parameters listed are checked (config 1.1). */
  expectedAverage?: Record<string, number[]>;
  /** `true`: this update must be skipped (nonFinite `"skip"`), leaving everything but the skipped count unchanged (config 1.1). */
  skipped?: boolean;
}

/** Fields every kind shares. */
interface FixtureBase {
  /** Always {@link GOLDEN_FORMAT}. */
  format: typeof GOLDEN_FORMAT;
  /** Unique name of the case. */
  name: string;
  /** Where the expected numbers come from (free text). */
  source?: string;
}

/** A config, initial parameters and per-step gradients with the parameters expected after each step. */
export interface OptimizerFixture extends FixtureBase {
  /** Discriminant. */
  kind: 'optimizer';
  /** A portable config exactly as a user would write it. */
  config: unknown;
  /** Parameters before the first step. */
  params: Record<string, GoldenParam>;
  /** The updates, in order (at least one). */
  steps: GoldenStep[];
  /** Tolerance for float32 backends. */
  tolerance: GoldenTolerance;
  /** Tolerance for float64 backends; default {@link REFERENCE_TOLERANCE}. */
  referenceTolerance?: GoldenTolerance;
}

/** A schedule and its values at t = 0, 1, 2, … */
export interface ScheduleFixture extends FixtureBase {
  /** Discriminant. */
  kind: 'schedule';
  /** A schedule (or number) exactly as a user would write it in a config. */
  schedule: unknown;
  /** Value at t = 0, 1, 2, … */
  values: number[];
  /** Tolerance for every backend. */
  tolerance: GoldenTolerance;
}

/** A config every backend must reject, naming `errorPath`, before touching any tensor. */
export interface InvalidConfigFixture extends FixtureBase {
  /** Discriminant. */
  kind: 'invalid-config';
  /** The config that must be rejected. */
  config: unknown;
  /** Location of the offending field, e.g. `decay[0].rate`. */
  errorPath: string;
  /**
   * Parameters to create the optimizer with (optional; an extension of the
   * format so that selection errors such as an include pattern matching
   * nothing can be expressed). Absent means no parameters.
   */
  params?: Record<string, GoldenParam>;
}

/** Any golden case. */
export type GoldenFixture = OptimizerFixture | ScheduleFixture | InvalidConfigFixture;

/** The tolerance float64 backends meet unless a case sets `referenceTolerance`. */
export const REFERENCE_TOLERANCE: Readonly<GoldenTolerance> = Object.freeze({ rtol: 1e-9, atol: 1e-12 });
