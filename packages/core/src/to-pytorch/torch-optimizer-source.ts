/**
 * {@link torchOptimizerSource}: which `torch.optim` class runs a config's
 * optimizer step, and how the emitted module reads and writes its state.
 *
 * @packageDocumentation
 */
import type { ResolvedOptimizerConfig } from '../config/index.js';
import { optimizerSlotNames } from '../update/index.js';
import { pythonLionClass, pythonNadamClass } from './python-hand-optimizers.js';
import { pythonLiteral } from './python-literal.js';

/**
 * PyTorch's state key of each slot of the config (the names of `optimizerSlotNames`,
 * which the ONNX Runtime trainer's checkpoints use), per optimizer type.
 */
const torchStateKeys: Record<ResolvedOptimizerConfig['type'], Record<string, string>> = {
  sgd: { momentum: 'momentum_buffer' },
  adam: { m: 'exp_avg', v: 'exp_avg_sq', vMax: 'max_exp_avg_sq' },
  rmsprop: { squareAverage: 'square_avg', gradAverage: 'grad_avg', momentum: 'momentum_buffer' },
  adagrad: { sum: 'sum' },
  adamax: { m: 'exp_avg', infinityNorm: 'exp_inf' },
  nadam: { m: 'exp_avg', v: 'exp_avg_sq' },
  radam: { m: 'exp_avg', v: 'exp_avg_sq' },
  adadelta: { squareAverage: 'square_avg', deltaAverage: 'acc_delta' },
  lion: { m: 'exp_avg' },
};

/** The class the module defines itself for a type `torch.optim` lacks (Lion) or gets wrong in 1.13 (NAdam). */
const handWrittenClasses: Partial<Record<ResolvedOptimizerConfig['type'], { name: string; source: (name: string) => string }>> = {
  nadam: { name: 'NAdam', source: pythonNadamClass },
  lion: { name: 'Lion', source: pythonLionClass },
};

function bool(x: boolean): string {
  return x ? 'True' : 'False';
}

/** The optimizer's constructor call; lr is replaced before every step by the schedule's value. */
function constructorCall(o: ResolvedOptimizerConfig, prefix: string): string {
  const n = (x: number): string => pythonLiteral(x);
  switch (o.type) {
    case 'sgd':
      return `torch.optim.SGD(params, lr=0.0, momentum=${n(o.momentum)}, dampening=${n(o.dampening)}, nesterov=${bool(o.nesterov)}, weight_decay=0)`;
    case 'adam':
      return `torch.optim.Adam(params, lr=0.0, betas=(${n(o.beta1)}, ${n(o.beta2)}), eps=${n(o.epsilon)}, amsgrad=${bool(o.amsgrad)}, weight_decay=0)`;
    case 'rmsprop':
      return `torch.optim.RMSprop(params, lr=0.0, alpha=${n(o.alpha)}, eps=${n(o.epsilon)}, momentum=${n(o.momentum)}, centered=${bool(o.centered)}, weight_decay=0)`;
    case 'adagrad':
      return `torch.optim.Adagrad(params, lr=0.0, lr_decay=${n(o.lrDecay)}, initial_accumulator_value=${n(o.initialAccumulator)}, eps=${n(o.epsilon)}, weight_decay=0)`;
    case 'adamax':
      return `torch.optim.Adamax(params, lr=0.0, betas=(${n(o.beta1)}, ${n(o.beta2)}), eps=${n(o.epsilon)}, weight_decay=0)`;
    case 'nadam':
      return `${prefix}NAdam(params, lr=0.0, betas=(${n(o.beta1)}, ${n(o.beta2)}), eps=${n(o.epsilon)}, momentum_decay=${n(o.momentumDecay)})`;
    case 'radam':
      return `torch.optim.RAdam(params, lr=0.0, betas=(${n(o.beta1)}, ${n(o.beta2)}), eps=${n(o.epsilon)}, weight_decay=0)`;
    case 'adadelta':
      return `torch.optim.Adadelta(params, lr=0.0, rho=${n(o.rho)}, eps=${n(o.epsilon)}, weight_decay=0)`;
    case 'lion':
      return `${prefix}Lion(params, lr=0.0, betas=(${n(o.beta1)}, ${n(o.beta2)}))`;
  }
}

/**
 * A torch param group's options (a Python `dict(...)` expression) for a config 1.1
 * group that overrides fields of the top-level optimizer: the options of the
 * group's merged optimizer as its `torch.optim` constructor takes them, so the
 * group runs as a param group of the top-level torch optimizer. Undefined when
 * the optimizer is not a `torch.optim` class taking `lr` and `weight_decay`:
 * the group then runs in a torch optimizer of its own.
 *
 * @param optimizer - the group's merged optimizer (same type as the top level's).
 */
export function torchParamGroupOptions(optimizer: ResolvedOptimizerConfig): string | undefined {
  const call = constructorCall(optimizer, '');
  const options = /^torch\.optim\.\w+\(params, lr=0\.0, (.*), weight_decay=0\)$/.exec(call);
  return options === null ? undefined : `dict(${options[1]})`;
}

/** How PyTorch keeps the optimizer's step count in its state: not at all, or as a tensor or an int. */
function stepKind(o: ResolvedOptimizerConfig): string {
  switch (o.type) {
    case 'sgd':
      // SGD keeps no count; its buffer is g itself at the first update (written only after it).
      return 'None';
    case 'lion':
      // Lion keeps no count; a zero exp_avg is its fresh state.
      return 'None';
    case 'adam':
    case 'adagrad':
    case 'adamax':
    case 'nadam':
    case 'radam':
      return '"tensor"';
    case 'rmsprop':
    case 'adadelta':
      // PyTorch 1.x counts RMSprop's steps in an int, 2.x in a tensor.
      return '"tensor" if TORCH_MAJOR >= 2 else "int"';
  }
}

/** Python expression of a tensor with the sign of u (θ ← θ − η·u), from the state after the step and g. */
function directionExpression(o: ResolvedOptimizerConfig, prefix: string): string {
  switch (o.type) {
    case 'sgd':
      if (o.momentum === 0) return 'gradient';
      return o.nesterov ? `gradient + ${pythonLiteral(o.momentum)} * state["momentum_buffer"]` : 'state["momentum_buffer"]';
    case 'adam':
    case 'adamax':
    case 'radam':
      // u = m̂ / (√v̂ + ε), m / w for Adamax, m̂ times a positive factor for RAdam: the sign of m.
      return 'state["exp_avg"]';
    case 'rmsprop':
      return o.momentum > 0 ? 'state["momentum_buffer"]' : 'gradient';
    case 'adagrad':
    case 'adadelta':
      return 'gradient';
    case 'nadam':
      return `${prefix}NAdam.direction(state, gradient, ${pythonLiteral(o.beta1)}, ${pythonLiteral(o.momentumDecay)})`;
    case 'lion':
      return 'state["update"]';
  }
}

/**
 * The Python definitions that tie one optimizer of the config to `torch.optim`:
 * `make_torch_optimizer(params)`, `SLOTS` (the config's slot names and PyTorch's
 * state keys), `INITIAL_SLOT_VALUE`, `TORCH_STEP_KIND` and `step_direction(state, gradient)`.
 *
 * @param optimizer - a resolved optimizer of the config.
 * @param prefix - prefix of every emitted name (1.1 groups with optimizers of their own get one each).
 */
export function torchOptimizerSource(optimizer: ResolvedOptimizerConfig, prefix = ''): string {
  const keys = torchStateKeys[optimizer.type];
  const slots = Object.fromEntries(optimizerSlotNames(optimizer).map((slot) => [slot, keys[slot]]));
  const initial = optimizer.type === 'adagrad' ? optimizer.initialAccumulator : 0;
  const call = constructorCall(optimizer, prefix);
  const className = call.split('(')[0];
  const handWritten = handWrittenClasses[optimizer.type];
  return `${handWritten === undefined ? '' : `${handWritten.source(prefix + handWritten.name)}\n\n`}
def ${prefix}make_torch_optimizer(params):
    """${className}: the same math as the config's "${optimizer.type}" step (the decay terms run around it)."""
    return ${call}


# The config's slot names (as in the ONNX Runtime trainer's checkpoints) and ${className}'s state keys.
${prefix}SLOTS = ${pythonLiteral(slots)}
${prefix}INITIAL_SLOT_VALUE = ${pythonLiteral(initial)}
${prefix}TORCH_STEP_KIND = ${stepKind(optimizer)}


def ${prefix}step_direction(state, gradient):
    """A tensor with the sign of u, the direction the step subtracts (theta <- theta - lr * u)."""
    return ${directionExpression(optimizer, prefix)}
`;
}
