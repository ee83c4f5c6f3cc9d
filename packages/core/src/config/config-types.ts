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
  type: 'constant';
  value: number;
}

/** `initial·gamma^⌊t/stepSize⌋` (PyTorch StepLR). */
export interface StepSchedule {
  type: 'step';
  initial: number;
  stepSize: number;
  /** Default 0.1. */
  gamma?: number;
}

/** `initial·gamma^(number of milestones ≤ t)` (PyTorch MultiStepLR). */
export interface MultistepSchedule {
  type: 'multistep';
  initial: number;
  /** Strictly increasing, non-negative integers. */
  milestones: number[];
  /** Default 0.1. */
  gamma?: number;
}

/** `max(floor, initial·gamma^(t/transitionSteps))`, exponent floored if staircase. */
export interface ExponentialSchedule {
  type: 'exponential';
  initial: number;
  gamma: number;
  /** Default 1. */
  transitionSteps?: number;
  /** Default false. */
  staircase?: boolean;
  /** Default 0. */
  floor?: number;
}

/** Half-cosine from `initial` to `minimum` over `decaySteps`, then flat (PyTorch CosineAnnealingLR). */
export interface CosineSchedule {
  type: 'cosine';
  initial: number;
  decaySteps: number;
  /** Default 0. */
  minimum?: number;
}

/** SGDR, as PyTorch CosineAnnealingWarmRestarts. */
export interface CosineRestartsSchedule {
  type: 'cosine-restarts';
  initial: number;
  firstPeriod: number;
  /** Integer ≥ 1. Default 1. */
  periodMultiplier?: number;
  /** Default 0. */
  minimum?: number;
}

/** `start + (end−start)·min(t,steps)/steps`. */
export interface LinearSchedule {
  type: 'linear';
  start: number;
  end: number;
  steps: number;
}

/** `(initial−end)(1−min(t,decaySteps)/decaySteps)^power + end`. */
export interface PolynomialSchedule {
  type: 'polynomial';
  initial: number;
  /** Default 0. */
  end?: number;
  decaySteps: number;
  /** Default 1. */
  power?: number;
}

/** `initial/(1 + decayRate·t/decaySteps)`, t/decaySteps floored if staircase. */
export interface InverseTimeSchedule {
  type: 'inverse-time';
  initial: number;
  decayRate: number;
  /** Default 1. */
  decaySteps?: number;
  /** Default false. */
  staircase?: boolean;
}

/** `values[number of boundaries ≤ t]`. */
export interface PiecewiseSchedule {
  type: 'piecewise';
  /** Strictly increasing. */
  boundaries: number[];
  /** One more than `boundaries`. */
  values: number[];
}

/** PyTorch OneCycleLR with cosine annealing (two phases). */
export interface OneCycleSchedule {
  type: 'one-cycle';
  maximum: number;
  totalSteps: number;
  /** Default 0.3. */
  pctStart?: number;
  /** Default 25. */
  divFactor?: number;
  /** Default 1e4. */
  finalDivFactor?: number;
}

/** Linear from `start` to `then(0)` over `steps`, then `then(t − steps)`. */
export interface WarmupSchedule {
  type: 'warmup';
  steps: number;
  /** Default 0. */
  start?: number;
  then: ScalarOrSchedule;
}

/** Piece i runs at local time `t − boundaries[i−1]` (optax join_schedules, PyTorch SequentialLR). */
export interface SequenceSchedule {
  type: 'sequence';
  schedules: ScalarOrSchedule[];
  /** One fewer than `schedules`, strictly increasing. */
  boundaries: number[];
}

/** Which parameters a decay term touches. Absent means every trainable parameter. */
export interface ParameterSelection {
  /** Glob patterns over parameter names: `*` within one `/`-separated segment, `**` across segments. Default `["**"]`. */
  include?: string[];
  /** Glob patterns removed from what `include` selected. Default `[]`. */
  exclude?: string[];
  /** Minimum tensor rank; 2 skips biases and normalisation scales. Default 0. */
  minRank?: number;
  /** Explicit parameter names, added to what the patterns select (each must exist). */
  names?: string[];
}

/** How a decoupled or proximal term scales its rate at step t (semantics.md). */
export type DecayScaling = 'learning-rate' | 'relative' | 'none';

/** Coupled L2: `g ← g + λ·θ`; penalty `λ/2·Σθ²` (PyTorch `weight_decay`). */
export interface L2Term {
  type: 'l2';
  rate: ScalarOrSchedule;
  params?: ParameterSelection;
}

/** L1, as a subgradient added to g (coupled) or as a soft-threshold after the step (proximal). */
export interface L1Term {
  type: 'l1';
  rate: ScalarOrSchedule;
  /** Default `"subgradient"`. */
  method?: 'subgradient' | 'proximal';
  /** Only for `method: "proximal"`. Default `"learning-rate"`. */
  scaling?: DecayScaling;
  params?: ParameterSelection;
}

/** Decoupled decay (AdamW): `θ ← θ − s_t·λ·θ` before the optimizer step. */
export interface DecoupledTerm {
  type: 'decoupled';
  rate: ScalarOrSchedule;
  /** Default `"learning-rate"`. */
  scaling?: DecayScaling;
  /** Cautious Weight Decay: shrink only where the step already moves θ toward zero. Default false. */
  cautious?: boolean;
  params?: ParameterSelection;
}

/** L2-SP: decay toward reference weights θ₀, `θ ← θ − s_t·λ·(θ − θ₀)`. */
export interface AnchorTerm {
  type: 'anchor';
  rate: ScalarOrSchedule;
  /** Default `"learning-rate"`. */
  scaling?: DecayScaling;
  /** Default false. */
  cautious?: boolean;
  params?: ParameterSelection;
}

/** One decay term of the config. */
export type DecayTerm = L2Term | L1Term | DecoupledTerm | AnchorTerm;

/** PyTorch SGD conventions. */
export interface SgdConfig {
  type: 'sgd';
  learningRate: ScalarOrSchedule;
  /** Default 0. */
  momentum?: number;
  /** Default 0. */
  dampening?: number;
  /** Default false. */
  nesterov?: boolean;
}

/** PyTorch Adam conventions (ε outside the square root, bias-corrected). */
export interface AdamConfig {
  type: 'adam';
  learningRate: ScalarOrSchedule;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Default false. */
  amsgrad?: boolean;
}

/** PyTorch RMSprop conventions. */
export interface RmspropConfig {
  type: 'rmsprop';
  learningRate: ScalarOrSchedule;
  /** Default 0.99. */
  alpha?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Default 0. */
  momentum?: number;
  /** Default false. */
  centered?: boolean;
}

/** PyTorch Adagrad conventions. */
export interface AdagradConfig {
  type: 'adagrad';
  learningRate: ScalarOrSchedule;
  /** Default 1e-10. */
  epsilon?: number;
  /** Default 0. */
  initialAccumulator?: number;
  /** Default 0. */
  lrDecay?: number;
}

/** The optimizer part of the config. */
export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig | AdagradConfig;

/** The `type` names of every optimizer. */
export type OptimizerType = OptimizerConfig['type'];

/** The portable config as a user writes it. */
export interface WeightDecayConfig {
  /** Optional on input, always written on output. */
  version?: 1;
  optimizer: OptimizerConfig;
  /** Zero or more terms; order does not matter. */
  decay?: DecayTerm[];
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
  | (Omit<Resolve<WarmupSchedule>, 'then'> & { then: ResolvedScalarOrSchedule })
  | (Omit<Resolve<SequenceSchedule>, 'schedules'> & { schedules: ResolvedScalarOrSchedule[] });

/** A number, or a resolved schedule. */
export type ResolvedScalarOrSchedule = number | ResolvedSchedule;

/** Parameter selection with defaults written out; `names` is kept only when given. */
export interface ResolvedParameterSelection {
  include: string[];
  exclude: string[];
  minRank: number;
  names?: string[];
}

/** A resolved L2 term. */
export interface ResolvedL2Term {
  type: 'l2';
  rate: ResolvedScalarOrSchedule;
  params: ResolvedParameterSelection;
}

/** A resolved subgradient L1 term (coupled). */
export interface ResolvedL1SubgradientTerm {
  type: 'l1';
  method: 'subgradient';
  rate: ResolvedScalarOrSchedule;
  params: ResolvedParameterSelection;
}

/** A resolved proximal L1 term (soft-threshold after the step). */
export interface ResolvedL1ProximalTerm {
  type: 'l1';
  method: 'proximal';
  rate: ResolvedScalarOrSchedule;
  scaling: DecayScaling;
  params: ResolvedParameterSelection;
}

/** A resolved decoupled term. */
export interface ResolvedDecoupledTerm {
  type: 'decoupled';
  rate: ResolvedScalarOrSchedule;
  scaling: DecayScaling;
  cautious: boolean;
  params: ResolvedParameterSelection;
}

/** A resolved anchor (L2-SP) term. */
export interface ResolvedAnchorTerm {
  type: 'anchor';
  rate: ResolvedScalarOrSchedule;
  scaling: DecayScaling;
  cautious: boolean;
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
  type: 'sgd';
  learningRate: ResolvedScalarOrSchedule;
  momentum: number;
  dampening: number;
  nesterov: boolean;
}

/** Resolved Adam. */
export interface ResolvedAdamConfig {
  type: 'adam';
  learningRate: ResolvedScalarOrSchedule;
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
}

/** Resolved RMSprop. */
export interface ResolvedRmspropConfig {
  type: 'rmsprop';
  learningRate: ResolvedScalarOrSchedule;
  alpha: number;
  epsilon: number;
  momentum: number;
  centered: boolean;
}

/** Resolved Adagrad. */
export interface ResolvedAdagradConfig {
  type: 'adagrad';
  learningRate: ResolvedScalarOrSchedule;
  epsilon: number;
  initialAccumulator: number;
  lrDecay: number;
}

/** A resolved optimizer. */
export type ResolvedOptimizerConfig =
  | ResolvedSgdConfig
  | ResolvedAdamConfig
  | ResolvedRmspropConfig
  | ResolvedAdagradConfig;

/** The config with every default written out. Round-trips through JSON unchanged. */
export interface ResolvedConfig {
  version: 1;
  optimizer: ResolvedOptimizerConfig;
  decay: ResolvedDecayTerm[];
}
