import type { NonFiniteGradient, ResolvedConfig, ResolvedGradientConfig } from '../../config/index.js';
import { StateError } from '../../config/index.js';

/** What one call with one micro-batch's gradients did. */
export type GradientStatus = 'updated' | 'accumulated' | 'skipped';

/** What one call with one micro-batch's gradients did, and N for an update. */
export interface GradientStepResult {
  /** `'updated'`: an update was applied; `'accumulated'`: the gradients were only added to the window; `'skipped'`: nonFinite `"skip"` dropped the update. */
  status: GradientStatus;
  /** The global norm N of the update's g (the window mean) before clipping, as PyTorch's `clip_grad_norm_` returns it. Only on updates. */
  gradNorm?: number;
}

/** The window's position and the skip count as plain data (the accumulated sums are saved by the driver, per parameter). */
export interface GradientWindowState {
  /** Micro-batches held in the accumulator (0 ≤ n < accumulate). */
  microBatches: number;
  /** Updates nonFinite `"skip"` has dropped so far. */
  skippedUpdates: number;
}

/** The resolved `gradient` section, or its defaults when the config has none. */
export function gradientSettings(config: ResolvedConfig): ResolvedGradientConfig {
  return config.gradient ?? { accumulate: 1, nonFinite: 'propagate' };
}

/**
 * The bookkeeping of `gradient.accumulate` and nonFinite `"skip"`: where the
 * current accumulation window is and how many updates were skipped. t (the
 * update count) is the driver's and rises only on `'updated'`.
 */
export class GradientWindow {
  /** Micro-batches per update. */
  readonly accumulate: number;
  /** What a non-finite g does. */
  readonly nonFinite: NonFiniteGradient;
  private held = 0;
  private skipped = 0;

  /** @param settings - The resolved `gradient` section (see {@link gradientSettings}). */
  constructor(settings: ResolvedGradientConfig) {
    this.accumulate = settings.accumulate;
    this.nonFinite = settings.nonFinite;
  }

  /** Micro-batches held in the accumulator. */
  get microBatches(): number {
    return this.held;
  }

  /** Updates dropped by nonFinite `"skip"`. */
  get skippedUpdates(): number {
    return this.skipped;
  }

  /** Whether the next micro-batch closes the window (always, without accumulation). */
  nextCloses(): boolean {
    return this.held + 1 >= this.accumulate;
  }

  /** Records a micro-batch added to the accumulator. */
  hold(): void {
    this.held += 1;
  }

  /** Records the end of a window: an update, or a skipped one. */
  close(status: 'updated' | 'skipped'): void {
    this.held = 0;
    if (status === 'skipped') this.skipped += 1;
  }

  /** The position and skip count as plain data. */
  exportState(): GradientWindowState {
    return { microBatches: this.held, skippedUpdates: this.skipped };
  }

  /**
   * Checks a saved position and skip count against this window (StateError at `path.field`), without changing anything.
   *
   * @returns The checked state, to pass to {@link GradientWindow.restore}.
   */
  check(state: unknown, path: string): GradientWindowState {
    if (typeof state !== 'object' || state === null) throw new StateError(path, 'expected { microBatches, skippedUpdates }');
    const { microBatches, skippedUpdates } = state as Record<string, unknown>;
    if (typeof microBatches !== 'number' || !Number.isSafeInteger(microBatches) || microBatches < 0 || microBatches >= this.accumulate) {
      throw new StateError(
        `${path}.microBatches`,
        `expected an integer in [0, ${this.accumulate - 1}] (gradient.accumulate is ${this.accumulate}), received ${String(microBatches)}`,
      );
    }
    if (typeof skippedUpdates !== 'number' || !Number.isSafeInteger(skippedUpdates) || skippedUpdates < 0) {
      throw new StateError(`${path}.skippedUpdates`, `expected an integer ≥ 0, received ${String(skippedUpdates)}`);
    }
    return { microBatches, skippedUpdates };
  }

  /** Sets a state {@link GradientWindow.check} accepted. */
  restore(state: GradientWindowState): void {
    this.held = state.microBatches;
    this.skipped = state.skippedUpdates;
  }
}
