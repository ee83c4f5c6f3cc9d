/**
 * The portable config, version 1: the JSON contract every backend reads.
 *
 * Input types (`WeightDecayConfig` and friends) mark defaulted fields optional.
 * Resolved types (`Resolved*`) are what {@link resolveConfig} returns: every
 * default written out, so a saved config never depends on a library's defaults.
 *
 * @packageDocumentation
 */

/** A schedule: a pure function of t, the number of completed updates (0-based). */
export type Schedule =
  | ConstantSchedule
  | StepSchedule
  | MultistepSchedule
  | ExponentialSchedule
  | CosineSchedule
  | CosineRestartsSchedule
  | LinearSchedule
  | PolynomialSchedule
  | InverseTimeSchedule
  | PiecewiseSchedule
  | OneCycleSchedule
  | WarmupSchedule
  | SequenceSchedule;

/** The `type` names of every schedule. */
export type ScheduleType = Schedule['type'];

/** A plain number, or a schedule evaluated at each update. */
export type ScalarOrSchedule = number | Schedule;

/** `value` at every t. */
export interface ConstantSchedule {
  /** Discriminant: `'constant'`. */
  type: 'constant';
  /** The value at every t (finite, ≥ 0). */
  value: number;
}

/** `initial·gamma^⌊t/stepSize⌋` (PyTorch StepLR). */
export interface StepSchedule {
  /** Discriminant: `'step'`. */
  type: 'step';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Steps between two multiplications by gamma (integer ≥ 1). */
  stepSize: number;
  /** Multiplicative factor (≥ 0). Default 0.1. */
  gamma?: number;
}

/** `initial·gamma^(number of milestones ≤ t)` (PyTorch MultiStepLR). */
export interface MultistepSchedule {
  /** Discriminant: `'multistep'`. */
  type: 'multistep';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Strictly increasing, non-negative integers. */
  milestones: readonly number[];
  /** Multiplicative factor (≥ 0). Default 0.1. */
  gamma?: number;
}

/** `max(floor, initial·gamma^(t/transitionSteps))`, exponent floored if staircase. */
export interface ExponentialSchedule {
  /** Discriminant: `'exponential'`. */
  type: 'exponential';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Multiplicative factor (≥ 0). */
  gamma: number;
  /** Steps per power of gamma (integer ≥ 1). Default 1. */
  transitionSteps?: number;
  /** Floor the exponent to whole periods. Default false. */
  staircase?: boolean;
  /** The value never goes below this (finite, ≥ 0). Default 0. */
  floor?: number;
}

/** Half-cosine from `initial` to `minimum` over `decaySteps`, then flat (PyTorch CosineAnnealingLR). */
export interface CosineSchedule {
  /** Discriminant: `'cosine'`. */
  type: 'cosine';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Steps of the decay (integer ≥ 1). */
  decaySteps: number;
  /** The lowest value, η_min (finite, ≥ 0). Default 0. */
  minimum?: number;
}

/** SGDR, as PyTorch CosineAnnealingWarmRestarts. */
export interface CosineRestartsSchedule {
  /** Discriminant: `'cosine-restarts'`. */
  type: 'cosine-restarts';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Length of the first period, T_0 (integer ≥ 1). */
  firstPeriod: number;
  /** Integer ≥ 1. Default 1. */
  periodMultiplier?: number;
  /** The lowest value, η_min (finite, ≥ 0). Default 0. */
  minimum?: number;
}

/** `start + (end−start)·min(t,steps)/steps`. */
export interface LinearSchedule {
  /** Discriminant: `'linear'`. */
  type: 'linear';
  /** The value at t = 0 (finite, ≥ 0). */
  start: number;
  /** The value from `steps` on (finite, ≥ 0). */
  end: number;
  /** Steps of the ramp (integer ≥ 1). */
  steps: number;
}

/** `(initial−end)(1−min(t,decaySteps)/decaySteps)^power + end`. */
export interface PolynomialSchedule {
  /** Discriminant: `'polynomial'`. */
  type: 'polynomial';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** The value from `steps` on (finite, ≥ 0). Default 0. */
  end?: number;
  /** Steps of the decay (integer ≥ 1). */
  decaySteps: number;
  /** Exponent of the polynomial (> 0). Default 1. */
  power?: number;
}

/** `initial/(1 + decayRate·t/decaySteps)`, t/decaySteps floored if staircase. */
export interface InverseTimeSchedule {
  /** Discriminant: `'inverse-time'`. */
  type: 'inverse-time';
  /** The value at t = 0 (finite, ≥ 0). */
  initial: number;
  /** Decay rate (finite, ≥ 0). */
  decayRate: number;
  /** Steps of the decay (integer ≥ 1). Default 1. */
  decaySteps?: number;
  /** Floor the exponent to whole periods. Default false. */
  staircase?: boolean;
}

/** `values[number of boundaries ≤ t]`. */
export interface PiecewiseSchedule {
  /** Discriminant: `'piecewise'`. */
  type: 'piecewise';
  /** Strictly increasing. */
  boundaries: readonly number[];
  /** One more than `boundaries`. */
  values: readonly number[];
}

/** PyTorch OneCycleLR with cosine annealing (two phases). */
export interface OneCycleSchedule {
  /** Discriminant: `'one-cycle'`. */
  type: 'one-cycle';
  /** The peak learning rate, max_lr (finite, ≥ 0). */
  maximum: number;
  /** Length of the cycle (integer ≥ 1). */
  totalSteps: number;
  /** Fraction of the cycle spent rising, in (0, 1). Default 0.3. */
  pctStart?: number;
  /** The cycle starts at maximum/divFactor (> 0). Default 25. */
  divFactor?: number;
  /** The cycle ends at maximum/divFactor/finalDivFactor (> 0). Default 1e4. */
  finalDivFactor?: number;
}

/** Linear from `start` to `then(0)` over `steps`, then `then(t − steps)`. */
export interface WarmupSchedule {
  /** Discriminant: `'warmup'`. */
  type: 'warmup';
  /** Steps of the ramp (integer ≥ 1). */
  steps: number;
  /** The value at t = 0 (finite, ≥ 0). Default 0. */
  start?: number;
  /** The schedule after the warmup, run at t − steps. */
  then: ScalarOrSchedule;
}

/** Piece i runs at local time `t − boundaries[i−1]` (optax join_schedules, PyTorch SequentialLR). */
export interface SequenceSchedule {
  /** Discriminant: `'sequence'`. */
  type: 'sequence';
  /** The pieces, in order. */
  schedules: readonly ScalarOrSchedule[];
  /** One fewer than `schedules`, strictly increasing. */
  boundaries: readonly number[];
}

/** Which parameters a decay term touches. Absent means every trainable parameter. */
export interface ParameterSelection {
  /**
   * Glob patterns over parameter names: `*` within one `/`-separated segment, `**` across segments.
   * Default `["**"]`, or `[]` when `names` is given (so `{ names: ["a"] }` selects just "a").
   */
  include?: readonly string[];
  /** Glob patterns removed from what `include` selected. Default `[]`. */
  exclude?: readonly string[];
  /** Minimum tensor rank; 2 skips biases and normalisation scales. Default 0. */
  minRank?: number;
  /** Explicit parameter names, added to what the patterns select (each must exist). */
  names?: readonly string[];
}

/** How a decoupled or proximal term scales its rate at step t (docs/guides/decay-contract.md). */
export type DecayScaling = 'learning-rate' | 'relative' | 'none';

/** Coupled L2: `g ← g + λ·θ`; penalty `λ/2·Σθ²` (PyTorch `weight_decay`). */
export interface L2Term {
  /** Discriminant: `'l2'`. */
  type: 'l2';
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. */
  rate: ScalarOrSchedule;
  /** Which parameters the term touches. */
  params?: ParameterSelection;
}

/** L1, as a subgradient added to g (coupled) or as a soft-threshold after the step (proximal). */
export interface L1Term {
  /** Discriminant: `'l1'`. */
  type: 'l1';
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. */
  rate: ScalarOrSchedule;
  /** Default `"subgradient"`. */
  method?: 'subgradient' | 'proximal';
  /** Only for `method: "proximal"`. Default `"learning-rate"`. */
  scaling?: DecayScaling;
  /** Which parameters the term touches. */
  params?: ParameterSelection;
}

/** Decoupled decay (AdamW): `θ ← θ − s_t·λ·θ` before the optimizer step. */
export interface DecoupledTerm {
  /** Discriminant: `'decoupled'`. */
  type: 'decoupled';
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. */
  rate: ScalarOrSchedule;
  /** How the rate is scaled at step t (docs/guides/decay-contract.md). Default `"learning-rate"`. */
  scaling?: DecayScaling;
  /** Cautious Weight Decay: shrink only where the step already moves θ toward zero. Default false. */
  cautious?: boolean;
  /** Which parameters the term touches. */
  params?: ParameterSelection;
}

/** L2-SP: decay toward reference weights θ₀, `θ ← θ − s_t·λ·(θ − θ₀)`. */
export interface AnchorTerm {
  /** Discriminant: `'anchor'`. */
  type: 'anchor';
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. */
  rate: ScalarOrSchedule;
  /** How the rate is scaled at step t (docs/guides/decay-contract.md). Default `"learning-rate"`. */
  scaling?: DecayScaling;
  /** Cautious Weight Decay: shrink only where the step already moves θ toward zero. Default false. */
  cautious?: boolean;
  /** Which parameters the term touches. */
  params?: ParameterSelection;
}

/** One decay term of the config. */
export type DecayTerm = L2Term | L1Term | DecoupledTerm | AnchorTerm;

/** PyTorch SGD conventions. */
export interface SgdConfig {
  /** Discriminant: `'sgd'`. */
  type: 'sgd';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Momentum μ. Default 0. */
  momentum?: number;
  /** Dampening τ of the momentum buffer. Default 0. */
  dampening?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/** PyTorch Adam conventions (ε outside the square root, bias-corrected). */
export interface AdamConfig {
  /** Discriminant: `'adam'`. */
  type: 'adam';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  beta2?: number;
  /** ε added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Keep the maximum of the second-moment average (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/** PyTorch RMSprop conventions. */
export interface RmspropConfig {
  /** Discriminant: `'rmsprop'`. */
  type: 'rmsprop';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Decay α of the squared-gradient average. Default 0.99. */
  alpha?: number;
  /** ε added to the denominator. Default 1e-8. */
  epsilon?: number;
  /** Momentum μ. Default 0. */
  momentum?: number;
  /** Divide by the centered second moment (variance estimate). Default false. */
  centered?: boolean;
}

/** PyTorch Adagrad conventions. */
export interface AdagradConfig {
  /** Discriminant: `'adagrad'`. */
  type: 'adagrad';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** ε added to the denominator. Default 1e-10. */
  epsilon?: number;
  /** Initial value of the squared-gradient sum. Default 0. */
  initialAccumulator?: number;
  /** Learning-rate decay: η_t / (1 + t·lrDecay). Default 0. */
  lrDecay?: number;
}

/** PyTorch Adamax: Adam with the infinity norm in place of the second moment. */
export interface AdamaxConfig {
  /** Discriminant: `'adamax'`. */
  type: 'adamax';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm. Default 0.999. */
  beta2?: number;
  /** ε added to |g| inside the infinity norm. Default 1e-8. */
  epsilon?: number;
}

/** The optimizer part of the config. */
export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig | AdagradConfig | AdamaxConfig;

/** The `type` names of every optimizer. */
export type OptimizerType = OptimizerConfig['type'];

/** The portable config as a user writes it. */
export interface WeightDecayConfig {
  /** Where the config's JSON Schema lives (`@weight-decay/core/config.schema.json`), for editors; ignored. */
  $schema?: string;
  /** Optional on input, always written on output: 1, or 1.1 for a config that uses a 1.1 field (docs/guides/config-1.1.md). */
  version?: 1 | 1.1;
  /** The optimizer. */
  optimizer: OptimizerConfig;
  /** Zero or more terms; order does not matter. */
  decay?: readonly DecayTerm[];
  /** Config 1.1: accumulation, clipping and non-finite handling of the raw gradient. Default: none of them. */
  gradient?: GradientConfig;
}

/** Config 1.1: clip the gradient to a global L2 norm (all parameters together), as PyTorch `clip_grad_norm_`. */
export interface GlobalNormClip {
  /** Discriminant. */
  type: 'global-norm';
  /** The largest global norm kept; finite and > 0. */
  maxNorm: number;
}

/** Config 1.1: clip each parameter tensor's gradient to its own L2 norm. */
export interface NormClip {
  /** Discriminant. */
  type: 'norm';
  /** The largest norm of one tensor's gradient; finite and > 0. */
  maxNorm: number;
}

/** Config 1.1: clamp every gradient element to [−maxValue, maxValue], as PyTorch `clip_grad_value_`. */
export interface ValueClip {
  /** Discriminant. */
  type: 'value';
  /** The bound; finite and > 0. */
  maxValue: number;
}

/** Config 1.1: how the gradient is clipped before the coupled terms. */
export type GradientClip = GlobalNormClip | NormClip | ValueClip;

/** Config 1.1: what a NaN or ±Infinity in the gradient does. */
export type NonFiniteGradient = 'propagate' | 'error' | 'skip';

/** Config 1.1: what happens to the raw gradient first (docs/guides/config-1.1.md). */
export interface GradientConfig {
  /** Micro-batches per update (integer ≥ 1); the update uses their mean. Default 1. */
  accumulate?: number;
  /** Clipping of g before the coupled terms. Default: none. */
  clip?: GradientClip;
  /** `'propagate'` (default, PyTorch), `'error'` (throw naming the parameter) or `'skip'` (drop the update). */
  nonFinite?: NonFiniteGradient;
}

/** The `gradient` section with its defaults written out (`clip` stays absent when there is none). */
export interface ResolvedGradientConfig {
  /** Micro-batches per update. */
  accumulate: number;
  /** Clipping, when set. */
  clip?: GradientClip;
  /** What a non-finite gradient does. */
  nonFinite: NonFiniteGradient;
}

// ---------------------------------------------------------------------------
// Resolved forms: every default written out.

type Resolve<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** A schedule with every default written out, nested schedules included. */
export type ResolvedSchedule =
  | Resolve<ConstantSchedule>
  | Resolve<StepSchedule>
  | Resolve<MultistepSchedule>
  | Resolve<ExponentialSchedule>
  | Resolve<CosineSchedule>
  | Resolve<CosineRestartsSchedule>
  | Resolve<LinearSchedule>
  | Resolve<PolynomialSchedule>
  | Resolve<InverseTimeSchedule>
  | Resolve<PiecewiseSchedule>
  | Resolve<OneCycleSchedule>
  | (Omit<Resolve<WarmupSchedule>, 'then'> & {
      /** The schedule after the warmup, resolved. */
      then: ResolvedScalarOrSchedule;
    })
  | (Omit<Resolve<SequenceSchedule>, 'schedules'> & {
      /** The pieces, each resolved. */
      schedules: ResolvedScalarOrSchedule[];
    });

/** A number, or a resolved schedule. */
export type ResolvedScalarOrSchedule = number | ResolvedSchedule;

/**
 * Parameter selection with defaults written out; `names` is kept only when given.
 * At least one of `include` and `names` is non-empty.
 */
export interface ResolvedParameterSelection {
  /** Glob patterns over parameter names. */
  include: string[];
  /** Glob patterns removed from what `include` selected. */
  exclude: string[];
  /** Minimum tensor rank. */
  minRank: number;
  /** Explicit parameter names, added to what the patterns select. */
  names?: string[];
}

/** A resolved L2 term. */
export interface ResolvedL2Term {
  /** Discriminant: `'l2'`. */
  type: 'l2';
  /** The rate λ: a number, or a resolved schedule evaluated at t. */
  rate: ResolvedScalarOrSchedule;
  /** Which parameters the term touches, defaults written out. */
  params: ResolvedParameterSelection;
}

/** A resolved subgradient L1 term (coupled). */
export interface ResolvedL1SubgradientTerm {
  /** Discriminant: `'l1'`. */
  type: 'l1';
  /** Always 'subgradient'. */
  method: 'subgradient';
  /** The rate λ: a number, or a resolved schedule evaluated at t. */
  rate: ResolvedScalarOrSchedule;
  /** Which parameters the term touches, defaults written out. */
  params: ResolvedParameterSelection;
}

/** A resolved proximal L1 term (soft-threshold after the step). */
export interface ResolvedL1ProximalTerm {
  /** Discriminant: `'l1'`. */
  type: 'l1';
  /** Always 'proximal'. */
  method: 'proximal';
  /** The rate λ: a number, or a resolved schedule evaluated at t. */
  rate: ResolvedScalarOrSchedule;
  /** How the rate is scaled at step t (docs/guides/decay-contract.md). */
  scaling: DecayScaling;
  /** Which parameters the term touches, defaults written out. */
  params: ResolvedParameterSelection;
}

/** A resolved decoupled term. */
export interface ResolvedDecoupledTerm {
  /** Discriminant: `'decoupled'`. */
  type: 'decoupled';
  /** The rate λ: a number, or a resolved schedule evaluated at t. */
  rate: ResolvedScalarOrSchedule;
  /** How the rate is scaled at step t (docs/guides/decay-contract.md). */
  scaling: DecayScaling;
  /** Cautious Weight Decay: shrink only where the step already moves θ toward zero. */
  cautious: boolean;
  /** Which parameters the term touches, defaults written out. */
  params: ResolvedParameterSelection;
}

/** A resolved anchor (L2-SP) term. */
export interface ResolvedAnchorTerm {
  /** Discriminant: `'anchor'`. */
  type: 'anchor';
  /** The rate λ: a number, or a resolved schedule evaluated at t. */
  rate: ResolvedScalarOrSchedule;
  /** How the rate is scaled at step t (docs/guides/decay-contract.md). */
  scaling: DecayScaling;
  /** Cautious Weight Decay: shrink only where the step already moves θ toward zero. */
  cautious: boolean;
  /** Which parameters the term touches, defaults written out. */
  params: ResolvedParameterSelection;
}

/** A resolved decay term. */
export type ResolvedDecayTerm =
  | ResolvedL2Term
  | ResolvedL1SubgradientTerm
  | ResolvedL1ProximalTerm
  | ResolvedDecoupledTerm
  | ResolvedAnchorTerm;

/** Resolved SGD. */
export interface ResolvedSgdConfig {
  /** Discriminant: `'sgd'`. */
  type: 'sgd';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Momentum μ. */
  momentum: number;
  /** Dampening τ of the momentum buffer. */
  dampening: number;
  /** Nesterov momentum. */
  nesterov: boolean;
}

/** Resolved Adam. */
export interface ResolvedAdamConfig {
  /** Discriminant: `'adam'`. */
  type: 'adam';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay of the first-moment average. */
  beta1: number;
  /** Decay of the second-moment average. */
  beta2: number;
  /** ε added to the denominator. */
  epsilon: number;
  /** Keep the maximum of the second-moment average (AMSGrad). */
  amsgrad: boolean;
}

/** Resolved RMSprop. */
export interface ResolvedRmspropConfig {
  /** Discriminant: `'rmsprop'`. */
  type: 'rmsprop';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay α of the squared-gradient average. */
  alpha: number;
  /** ε added to the denominator. */
  epsilon: number;
  /** Momentum μ. */
  momentum: number;
  /** Divide by the centered second moment (variance estimate). */
  centered: boolean;
}

/** Resolved Adagrad. */
export interface ResolvedAdagradConfig {
  /** Discriminant: `'adagrad'`. */
  type: 'adagrad';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** ε added to the denominator. */
  epsilon: number;
  /** Initial value of the squared-gradient sum. */
  initialAccumulator: number;
  /** Learning-rate decay: η_t / (1 + t·lrDecay). */
  lrDecay: number;
}

/** Adamax with every default written out. */
export interface ResolvedAdamaxConfig {
  /** Discriminant: `'adamax'`. */
  type: 'adamax';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay of the first-moment average. */
  beta1: number;
  /** Decay of the infinity norm. */
  beta2: number;
  /** ε added to |g| inside the infinity norm. */
  epsilon: number;
}

/** A resolved optimizer. */
export type ResolvedOptimizerConfig =
  | ResolvedSgdConfig
  | ResolvedAdamConfig
  | ResolvedRmspropConfig
  | ResolvedAdagradConfig
  | ResolvedAdamaxConfig;

/** The config with every default written out. Round-trips through JSON unchanged. */
export interface ResolvedConfig {
  /** 1, or 1.1 when the config uses something config 1.1 added (docs/guides/config-1.1.md). */
  version: 1 | 1.1;
  /** The optimizer, defaults written out. */
  optimizer: ResolvedOptimizerConfig;
  /** Every decay term, defaults written out. */
  decay: ResolvedDecayTerm[];
  /** Config 1.1: present only when the input had a `gradient` section. */
  gradient?: ResolvedGradientConfig;
}
