/** What {@link decayMetricsCallback} reads: both optimizers of this package have these methods. */
export interface DecayMetricsSource {
  /** Coupled penalty at the current weights and λ of the next update. */
  penalty(): number;
  /** Fraction of exactly-zero weights. */
  zeroFraction(): number;
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
  /** Adds `penalty` and `zeroFraction` to the batch logs. */
  onBatchEnd(batch: number, logs?: Record<string, number>): void;
  /** Adds `penalty` and `zeroFraction` to the epoch logs (so they reach `history.history`). */
  onEpochEnd(epoch: number, logs?: Record<string, number>): void;
}

/**
 * Adds the decay metrics `penalty` (coupled l1 + l2 penalty, docs/guides/decay-contract.md) and
 * `zeroFraction` (share of weights that are exactly 0, e.g. after proximal l1),
 * and `gradNorm` (the global gradient norm of the last update) and
 * `skippedUpdates` (updates dropped by `gradient.nonFinite: "skip"`)
 * to fit's logs. Each costs one small download per call.
 *
 * @example
 * ```ts
 * const history = await model.fit(xs, ys, { epochs: 5, callbacks: [decayMetricsCallback(optimizer)] });
 * console.log(history.history.penalty, history.history.zeroFraction);
 * ```
 *
 * @param optimizer - An optimizer made by `createOptimizer` or `withWeightDecay`.
 * @param options - When to record.
 */
export function decayMetricsCallback(optimizer: DecayMetricsSource, options: DecayMetricsCallbackOptions = {}): DecayMetricsCallback {
  const on = options.on ?? 'both';
  const record = (logs: Record<string, number> | undefined): void => {
    if (logs == null) return;
    logs.penalty = optimizer.penalty();
    logs.zeroFraction = optimizer.zeroFraction();
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
