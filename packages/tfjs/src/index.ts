/**
 * `@weight-decay/tfjs`: weight decay (L1, L2, AdamW-style decoupled, anchor),
 * learning-rate and decay-rate schedules and parameter selection for every
 * TensorFlow.js optimizer, from one portable config, with the
 * meaning pinned in docs/guides/decay-contract.md and checked against PyTorch.
 *
 * - {@link createOptimizer}: a `tf.Optimizer` from the portable config.
 * - {@link withWeightDecay}: decay terms on top of any existing `tf.Optimizer`.
 * - {@link decayMetricsCallback}: `coupledPenalty`, `decoupledShrink`, `zeroFraction` and `decayedZeroFraction` in fit's logs.
 * - {@link reduceLearningRateOnPlateau}: drives a `reduce-on-plateau` learning rate from fit's epoch logs.
 * - {@link withAveragedWeights}: evaluate or save with the averaged weights (config `average`), then swap back.
 *
 * Only `@tensorflow/tfjs-core` is imported, so it runs wherever tfjs runs
 * (browser, Node, cpu, wasm, webgl, webgpu).
 *
 * @packageDocumentation
 */
export { createOptimizer } from './create-optimizer.js';
export { WeightDecayOptimizer } from './weight-decay-optimizer.js';
export type { CreateOptimizerOptions, WeightDecayOptimizerConfigDict } from './weight-decay-optimizer.js';
export { DecayOptimizerBase } from './decay-optimizer-base.js';
export type { DecayOptimizerOptions } from './decay-optimizer-base.js';
export type { StateForm } from './variable-state.js';
export { withWeightDecay } from './with-weight-decay.js';
export { WeightDecayWrapper } from './weight-decay-wrapper.js';
export type { WithWeightDecayOptions, WeightDecayWrapperConfigDict } from './weight-decay-wrapper.js';
export { registerWeightDecayOptimizers } from './register-optimizers.js';
export { decayMetricsCallback } from './decay-metrics-callback.js';
export { withAveragedWeights } from './with-averaged-weights.js';
export type { AveragingOptimizer } from './with-averaged-weights.js';
export type { DecayMetricsCallback, DecayMetricsCallbackOptions, DecayMetricsSource } from './decay-metrics-callback.js';
export { reduceLearningRateOnPlateau } from './reduce-on-plateau-callback.js';
export type {
  PlateauMetricSink,
  ReduceLearningRateOnPlateauCallback,
  ReduceLearningRateOnPlateauOptions,
} from './reduce-on-plateau-callback.js';
export type { NamedTensor } from './gradient-list.js';
export type { PlannedParameter } from './variable-terms.js';
export { ConfigError, ParameterError, StateError, WeightDecayError } from '@weight-decay/core';
export type { WeightDecayConfig, ResolvedConfig, DecayTerm, DecayPlan, ScalarOrSchedule, Schedule, StepScalars } from '@weight-decay/core';
