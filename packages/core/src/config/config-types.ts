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

/**
 * PyTorch ReduceLROnPlateau (config 1.1): the learning rate starts at `initial`
 * and is multiplied by `factor` when the metric the user reports between
 * updates stops improving. Not a function of t: only allowed as a whole
 * learning rate, never inside `warmup`, `sequence` or a decay rate.
 */
export interface ReduceOnPlateauSchedule {
  /** Discriminant: `'reduce-on-plateau'`. */
  type: 'reduce-on-plateau';
  /** The rate before any reduction, also η_peak (finite, ≥ 0). */
  initial: number;
  /** Multiplier of each reduction, in [0, 1). Default 0.1. */
  factor?: number;
  /** Reports without improvement tolerated before a reduction (integer ≥ 0). Default 10. */
  patience?: number;
  /** How much better than the best a report must be to count as an improvement (≥ 0). Default 1e-4. */
  threshold?: number;
  /** `"rel"`: better by threshold·|best| (as PyTorch, best·(1 ∓ threshold)); `"abs"`: by threshold. Default `"rel"`. */
  thresholdMode?: 'rel' | 'abs';
  /** `"min"`: lower is better (a loss); `"max"`: higher is better (an accuracy). Default `"min"`. */
  mode?: 'min' | 'max';
  /** Reports ignored after a reduction (integer ≥ 0). Default 0. */
  cooldown?: number;
  /** The rate is never reduced below this (finite, ≥ 0). Default 0. */
  minimum?: number;
}

/** An optimizer's learning rate: a number, a schedule of t, or reduce-on-plateau. */
export type LearningRate = ScalarOrSchedule | ReduceOnPlateauSchedule;

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
export type DecayScaling = 'learning-rate' | 'relative' | 'none' | 'corrected';

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
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. Give this or `timescale`. */
  rate?: ScalarOrSchedule;
  /**
   * Config 1.1, instead of `rate`: the EMA timescale τ of the weights, in updates (finite, > 0).
   * Resolves to λ = 1/(η_peak·τ) for `learning-rate` and `corrected` scaling, 1/τ for `relative` and `none`.
   */
  timescale?: number;
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
  /** The rate λ: a finite number ≥ 0, or a schedule evaluated at t. Give this or `timescale`. */
  rate?: ScalarOrSchedule;
  /**
   * Config 1.1, instead of `rate`: the EMA timescale τ of the weights, in updates (finite, > 0).
   * Resolves to λ = 1/(η_peak·τ) for `learning-rate` and `corrected` scaling, 1/τ for `relative` and `none`.
   */
  timescale?: number;
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
  /** The learning rate η: a finite number ≥ 0, a schedule evaluated at t, or reduce-on-plateau. */
  learningRate: LearningRate;
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
  /** The learning rate η: a finite number ≥ 0, a schedule evaluated at t, or reduce-on-plateau. */
  learningRate: LearningRate;
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
  /** The learning rate η: a finite number ≥ 0, a schedule evaluated at t, or reduce-on-plateau. */
  learningRate: LearningRate;
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
  /** The learning rate η: a finite number ≥ 0, a schedule evaluated at t, or reduce-on-plateau. */
  learningRate: LearningRate;
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
  /** The learning rate η: a finite number ≥ 0, a schedule evaluated at t, or reduce-on-plateau. */
  learningRate: LearningRate;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm. Default 0.999. */
  beta2?: number;
  /** ε added to |g| inside the infinity norm. Default 1e-8. */
  epsilon?: number;
}

/** NAdam as PyTorch ≥ 2.0 computes it (Adam with Nesterov momentum and a momentum schedule μ_k). */
export interface NadamConfig {
  /** Discriminant: `'nadam'`. */
  type: 'nadam';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Decay of the first-moment average (β1 of μ_k). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  beta2?: number;
  /** ε added to the bias-corrected √v. Default 1e-8. */
  epsilon?: number;
  /** ψ of the momentum schedule μ_k = β1·(1 − ½·0.96^(k·ψ)), ≥ 0. Default 0.004. */
  momentumDecay?: number;
}

/** PyTorch RAdam: Adam whose adaptive step is rectified, and skipped while its variance is undefined (ρ_k ≤ 5). */
export interface RadamConfig {
  /** Discriminant: `'radam'`. */
  type: 'radam';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  beta2?: number;
  /** ε added to √v. Default 1e-8. */
  epsilon?: number;
}

/** PyTorch Adadelta. */
export interface AdadeltaConfig {
  /** Discriminant: `'adadelta'`. */
  type: 'adadelta';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. Default 1 (PyTorch). */
  learningRate?: ScalarOrSchedule;
  /** Decay ρ of both running averages (squared gradients and squared updates), in [0, 1]. Default 0.9. */
  rho?: number;
  /** ε inside both square roots. Default 1e-6. */
  epsilon?: number;
}

/** Lion (Chen et al. 2023, optax `lion`): the sign of an interpolated momentum; one slot. Its weight decay is a `decoupled` term. */
export interface LionConfig {
  /** Discriminant: `'lion'`. */
  type: 'lion';
  /** The learning rate η: a finite number ≥ 0, or a schedule evaluated at t. */
  learningRate: ScalarOrSchedule;
  /** Interpolation between momentum and gradient in the step's sign. Default 0.9. */
  beta1?: number;
  /** Decay of the momentum. Default 0.99. */
  beta2?: number;
}

/** The optimizer part of the config. */
export type OptimizerConfig =
  | SgdConfig
  | AdamConfig
  | RmspropConfig
  | AdagradConfig
  | AdamaxConfig
  | NadamConfig
  | RadamConfig
  | AdadeltaConfig
  | LionConfig;

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
  /** Per-parameter optimizer settings (config 1.1): a parameter takes the first group that selects it. */
  groups?: readonly ParameterGroup[];
  /** Weight averaging after each update (config 1.1, docs/guides/weight-averaging.md). Default: none. */
  average?: AverageConfig;
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

/** Any of the fields of one optimizer type, without `type` (distributes over a union of optimizer types). */
export type OptimizerOverridesOf<C> = C extends { type: string } ? Partial<Omit<C, 'type'>> & { type?: never } : never;

/** A group's changes to the top-level optimizer: any of its fields, `learningRate` included, and no `type`. */
export type OptimizerOverrides = OptimizerOverridesOf<OptimizerConfig>;

/** One entry of `groups` (docs/guides/config-1.1.md). */
export interface ParameterGroup {
  /** Which parameters belong to the group, as a decay term's selection; the first group that selects a parameter wins. */
  params: ParameterSelection;
  /** Multiplies the group's learning rate η_t (finite, ≥ 0; 0 freezes the group). Default 1. */
  learningRateScale?: number;
  /** Without `type`: overrides of the top-level optimizer's fields. With `type`: an optimizer of its own. Default `{}`. */
  optimizer?: OptimizerOverrides | OptimizerConfig;
}

/** An exponential moving average of the weights: A = θ_1 after update 1, then A ← d·A + (1−d)·θ_k (Keras `use_ema`). */
export interface EmaAverageConfig {
  /** Discriminant: `'ema'`. */
  type: 'ema';
  /** d, in [0, 1]: 0 follows the live weights, 1 keeps θ_1. */
  decay: number;
}

/** The plain mean of θ after each update from update `start` + 1 on (SWA; PyTorch `AveragedModel`'s default). */
export interface UniformAverageConfig {
  /** Discriminant: `'uniform'`. */
  type: 'uniform';
  /** Updates left out before averaging begins: an integer ≥ 0. Default 0. */
  start?: number;
}

/** The `average` part of the config (config 1.1). */
export type AverageConfig = EmaAverageConfig | UniformAverageConfig;

/** The `type` names of weight averaging. */
export type AverageType = AverageConfig['type'];

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

/** Reduce-on-plateau with every default written out. */
export type ResolvedReduceOnPlateau = Resolve<ReduceOnPlateauSchedule>;

/** A resolved learning rate: a number, a resolved schedule, or reduce-on-plateau. */
export type ResolvedLearningRate = ResolvedScalarOrSchedule | ResolvedReduceOnPlateau;

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
  /** The learning rate η: a number, a resolved schedule evaluated at t, or reduce-on-plateau. */
  learningRate: ResolvedLearningRate;
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
  /** The learning rate η: a number, a resolved schedule evaluated at t, or reduce-on-plateau. */
  learningRate: ResolvedLearningRate;
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
  /** The learning rate η: a number, a resolved schedule evaluated at t, or reduce-on-plateau. */
  learningRate: ResolvedLearningRate;
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
  /** The learning rate η: a number, a resolved schedule evaluated at t, or reduce-on-plateau. */
  learningRate: ResolvedLearningRate;
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
  /** The learning rate η: a number, a resolved schedule evaluated at t, or reduce-on-plateau. */
  learningRate: ResolvedLearningRate;
  /** Decay of the first-moment average. */
  beta1: number;
  /** Decay of the infinity norm. */
  beta2: number;
  /** ε added to |g| inside the infinity norm. */
  epsilon: number;
}

/** NAdam with every default written out. */
export interface ResolvedNadamConfig {
  /** Discriminant: `'nadam'`. */
  type: 'nadam';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay of the first-moment average. */
  beta1: number;
  /** Decay of the second-moment average. */
  beta2: number;
  /** ε added to the bias-corrected √v. */
  epsilon: number;
  /** ψ of the momentum schedule. */
  momentumDecay: number;
}

/** RAdam with every default written out. */
export interface ResolvedRadamConfig {
  /** Discriminant: `'radam'`. */
  type: 'radam';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay of the first-moment average. */
  beta1: number;
  /** Decay of the second-moment average. */
  beta2: number;
  /** ε added to √v. */
  epsilon: number;
}

/** Adadelta with every default written out. */
export interface ResolvedAdadeltaConfig {
  /** Discriminant: `'adadelta'`. */
  type: 'adadelta';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Decay ρ of both running averages. */
  rho: number;
  /** ε inside both square roots. */
  epsilon: number;
}

/** Lion with every default written out. */
export interface ResolvedLionConfig {
  /** Discriminant: `'lion'`. */
  type: 'lion';
  /** The learning rate η: a number, or a resolved schedule evaluated at t. */
  learningRate: ResolvedScalarOrSchedule;
  /** Interpolation between momentum and gradient in the step's sign. */
  beta1: number;
  /** Decay of the momentum. */
  beta2: number;
}

/** A resolved optimizer. */
export type ResolvedOptimizerConfig =
  | ResolvedSgdConfig
  | ResolvedAdamConfig
  | ResolvedRmspropConfig
  | ResolvedAdagradConfig
  | ResolvedAdamaxConfig
  | ResolvedNadamConfig
  | ResolvedRadamConfig
  | ResolvedAdadeltaConfig
  | ResolvedLionConfig;

/** The config with every default written out. Round-trips through JSON unchanged. */
export interface ResolvedConfig {
  /** 1, or 1.1 when the config uses something config 1.1 added (docs/guides/config-1.1.md). */
  version: 1 | 1.1;
  /** The optimizer, defaults written out. */
  optimizer: ResolvedOptimizerConfig;
  /** Every decay term, defaults written out. */
  decay: ResolvedDecayTerm[];
  /** The parameter groups, when the config has them (config 1.1). */
  groups?: ResolvedParameterGroup[];
  /** Weight averaging, defaults written out; absent when the config averages nothing. */
  average?: ResolvedAverageConfig;
  /** Config 1.1: present only when the input had a `gradient` section. */
  gradient?: ResolvedGradientConfig;
}

/** A group's resolved overrides: only the fields it changes, each checked against the top-level optimizer's type. */
export type ResolvedOptimizerOverrides = OptimizerOverridesOf<ResolvedOptimizerConfig>;

/** A resolved entry of `groups`. */
export interface ResolvedParameterGroup {
  /** Which parameters belong to the group, defaults written out. */
  params: ResolvedParameterSelection;
  /** Multiplies the group's learning rate η_t. */
  learningRateScale: number;
  /** Overrides of the top-level optimizer (no `type`), or a whole optimizer of its own (with `type`, defaults written out). */
  optimizer: ResolvedOptimizerOverrides | ResolvedOptimizerConfig;
}

/** {@link AverageConfig} with every default written out. */
export type ResolvedAverageConfig = Resolve<EmaAverageConfig> | Resolve<UniformAverageConfig>;
