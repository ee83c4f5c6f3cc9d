/** What {@link decayMetricsCallback} reads: both optimizers of this package have these methods. */
export interface DecayMetricsSource {
  /** Coupled penalty (l2, l1) at the current weights and λ of the next update. */
  penalty(): number;
  /** Decoupled shrink ‖Δ‖₂ of the decoupled and anchor terms in the next update. */
  decoupledShrink(): number;
  /** Fraction of exactly-zero weights, over all weights. */
  zeroFraction(): number;
  /** Fraction of exactly-zero weights, over the weights some decay term touches. */
  decayedZeroFraction(): number;
  /** Config 1.1: the global gradient norm of the last update (undefined before the first). */
  gradNorm?(): number | undefined;
  /** Config 1.1: updates dropped by `gradient.nonFinite: "skip"`. */
  readonly skippedUpdates?: number;
}

/** Options of {@link decayMetricsCallback}. */
export interface DecayMetricsCallbackOptions {
  /** Where to add the metrics: after every batch, every epoch, or both (default). */
  on?: 'batch' | 'epoch' | 'both';
}

/**
 * A tfjs-layers callback (the plain-object `CustomCallbackArgs` form, so this
 * package needs no tfjs-layers import) for `model.fit`/`fitDataset`.
 */
export interface DecayMetricsCallback {
  /** Adds the metrics to the batch logs. */
  onBatchEnd(batch: number, logs?: Record<string, number>): void;
  /** Adds the metrics to the epoch logs (so they reach `history.history`). */
  onEpochEnd(epoch: number, logs?: Record<string, number>): void;
}

/**
 * Adds the decay metrics to fit's logs (docs/guides/decay-contract.md#metrics), each at the weights after the
 * batch or epoch and the rates of the next update:
 * - `coupledPenalty`: the l2 (λ/2·Σθ²) and l1 (λ·Σ|θ|) penalty, what those terms add to the loss; 0 when the
 *   config has none, e.g. under AdamW;
 * - `decoupledShrink`: ‖Δ‖₂ of the shrink the decoupled and anchor terms apply in one update,
 *   Δ = Σ c·θ + Σ c·(θ − θ₀) with c = s_t·λ_t (η_t·λ·‖θ‖ under AdamW);
 * - `zeroFraction`: the share of weights that are exactly 0, over all weights;
 * - `decayedZeroFraction`: the same over the weights some decay term touches (e.g. kernels only);
 * - `gradNorm` (config 1.1): the global gradient norm N of the last update, before clipping;
 * - `skippedUpdates` (config 1.1): updates dropped by `gradient.nonFinite: "skip"`.
 *
 * Each costs one small download per call.
 *
 * @example
 * ```ts
 * const history = await model.fit(xs, ys, { epochs: 5, callbacks: [decayMetricsCallback(optimizer)] });
 * console.log(history.history.decoupledShrink, history.history.decayedZeroFraction);
 * ```
 *
 * @param optimizer - An optimizer made by `createOptimizer` or `withWeightDecay`.
 * @param options - When to record.
 */
export function decayMetricsCallback(optimizer: DecayMetricsSource, options: DecayMetricsCallbackOptions = {}): DecayMetricsCallback {
  const on = options.on ?? 'both';
  const record = (logs: Record<string, number> | undefined): void => {
    if (logs == null) return;
    logs.coupledPenalty = optimizer.penalty();
    logs.decoupledShrink = optimizer.decoupledShrink();
    logs.zeroFraction = optimizer.zeroFraction();
    logs.decayedZeroFraction = optimizer.decayedZeroFraction();
    const gradNorm = optimizer.gradNorm?.();
    if (gradNorm !== undefined) logs.gradNorm = gradNorm;
    if (optimizer.skippedUpdates !== undefined) logs.skippedUpdates = optimizer.skippedUpdates;
  };
  return {
    onBatchEnd: (_batch, logs) => {
      if (on !== 'epoch') record(logs);
    },
    onEpochEnd: (_epoch, logs) => {
      if (on !== 'batch') record(logs);
    },
  };
}
