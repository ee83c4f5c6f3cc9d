import { WeightDecayError } from '@weight-decay/core';

/** What {@link reduceLearningRateOnPlateau} reports to: `createOptimizer`'s optimizer has it. */
export interface PlateauMetricSink {
  /** Reports one metric value to a reduce-on-plateau learning rate. */
  reportMetric(value: number): void;
}

/** Options of {@link reduceLearningRateOnPlateau}. */
export interface ReduceLearningRateOnPlateauOptions {
  /** The epoch-log key to report (Keras `monitor`). Default `'val_loss'`. */
  monitor?: string;
}

/** A tfjs-layers callback (the plain-object `CustomCallbackArgs` form). */
export interface ReduceLearningRateOnPlateauCallback {
  /** Reports `logs[monitor]` to the optimizer. */
  onEpochEnd(epoch: number, logs?: Record<string, number>): void;
}

/**
 * Drives a `reduce-on-plateau` learning rate (config 1.1) from `model.fit`:
 * at each epoch end it reports the monitored log value (default `val_loss`,
 * as Keras's ReduceLROnPlateau) to the optimizer, so the next epoch's updates
 * use the rate PyTorch's `scheduler.step(val_loss)` would leave. The plateau
 * rules (factor, patience, cooldown, …) live in the config, not here.
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer({ optimizer: { type: 'adam', learningRate: { type: 'reduce-on-plateau', initial: 1e-3, patience: 2 } } });
 * model.compile({ optimizer, loss: 'meanSquaredError' });
 * await model.fit(xs, ys, { epochs: 20, validationSplit: 0.2, callbacks: [reduceLearningRateOnPlateau(optimizer)] });
 * ```
 *
 * @param optimizer - An optimizer made by `createOptimizer` with a reduce-on-plateau learning rate.
 * @param options - Which log value to monitor.
 * @throws WeightDecayError at the epoch end whose logs lack the monitored key (e.g. `val_loss` without validation data).
 */
export function reduceLearningRateOnPlateau(
  optimizer: PlateauMetricSink,
  options: ReduceLearningRateOnPlateauOptions = {},
): ReduceLearningRateOnPlateauCallback {
  const monitor = options.monitor ?? 'val_loss';
  if (typeof monitor !== 'string' || monitor === '') {
    throw new WeightDecayError(`reduceLearningRateOnPlateau: options.monitor must be a non-empty string, received ${String(monitor)}`);
  }
  return {
    onEpochEnd(epoch, logs) {
      const value = logs?.[monitor];
      if (typeof value !== 'number') {
        const keys = Object.keys(logs ?? {});
        const hint = monitor.startsWith('val_') ? '; give fit validationData or validationSplit, or choose another monitor' : '';
        throw new WeightDecayError(
          `reduceLearningRateOnPlateau: the logs of epoch ${epoch} have no "${monitor}" (they have ${keys.length === 0 ? 'none' : keys.join(', ')})${hint}`,
        );
      }
      optimizer.reportMetric(value);
    },
  };
}
