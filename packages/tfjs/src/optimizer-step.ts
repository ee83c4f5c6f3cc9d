import { add, div, maximum, mul, sqrt, square, sub, zerosLike, fill } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ResolvedOptimizerConfig } from '@weight-decay/core';

/**
 * One optimizer step on one parameter, as tensors: θ ← θ − update.
 *
 * `direction` carries the sign of u (semantics.md: θ ← θ − η_t·u) for
 * cautious decay without dividing by η_t; `update` = η_t·u computed in
 * PyTorch's operation order (e.g. Adam's `addcdiv`: (stepSize·m)/denom).
 */
export interface TensorStep {
  /** A tensor with the sign of u (e.g. m for Adam). */
  direction: Tensor;
  /** η_t·u, what the step subtracts from θ. */
  update: Tensor;
  /** The new value of every slot, by slot name. */
  slots: Record<string, Tensor>;
}

/**
 * Initial value of a slot (PyTorch `state` initialisation): zeros, except
 * Adagrad's `sum`, which starts at `initialAccumulator` (PyTorch
 * `initial_accumulator_value`, default 0; tfjs would start it at 0.1).
 */
export function initialSlot(optimizer: ResolvedOptimizerConfig, slot: string, like: Tensor): Tensor {
  if (optimizer.type === 'adagrad' && slot === 'sum') return fill(like.shape, optimizer.initialAccumulator, 'float32');
  return zerosLike(like);
}

/**
 * The optimizer step of semantics.md in tensor ops, PyTorch conventions and
 * operation order (torch/optim/*.py, single-tensor path). Must run inside `tidy`.
 *
 * @param optimizer - The resolved optimizer config (its values win over tfjs defaults).
 * @param gradient - g after coupled decay terms.
 * @param slots - Current slot tensors by name (see `optimizerSlotNames`).
 * @param parameterStep - Updates already applied to this parameter (PyTorch's per-parameter `state['step']`
 *   before this update): drives Adam's bias correction, Adagrad's lrDecay and SGD's first momentum step.
 * @param learningRate - η_t.
 */
export function optimizerStep(
  optimizer: ResolvedOptimizerConfig,
  gradient: Tensor,
  slots: Readonly<Record<string, Tensor>>,
  parameterStep: number,
  learningRate: number,
): TensorStep {
  switch (optimizer.type) {
    case 'sgd': {
      if (optimizer.momentum === 0) return { direction: gradient, update: mul(gradient, learningRate), slots: {} };
      // PyTorch: the first update sets the buffer to g itself (no dampening), later ones blend.
      const buffer =
        parameterStep === 0
          ? gradient
          : add(mul(slots.momentum, optimizer.momentum), mul(gradient, 1 - optimizer.dampening));
      const direction = optimizer.nesterov ? add(gradient, mul(buffer, optimizer.momentum)) : buffer;
      return { direction, update: mul(direction, learningRate), slots: { momentum: buffer } };
    }
    case 'adam': {
      const k = parameterStep + 1;
      const m = add(mul(slots.m, optimizer.beta1), mul(gradient, 1 - optimizer.beta1));
      const v = add(mul(slots.v, optimizer.beta2), mul(square(gradient), 1 - optimizer.beta2));
      const biasCorrection1 = 1 - optimizer.beta1 ** k;
      const biasCorrection2Sqrt = Math.sqrt(1 - optimizer.beta2 ** k);
      const next: Record<string, Tensor> = { m, v };
      let second = v;
      if (optimizer.amsgrad) {
        // amsgrad keeps the running maximum of the raw (uncorrected) v, as PyTorch does.
        second = maximum(slots.vMax, v);
        next.vMax = second;
      }
      // PyTorch: denom = (√v / √(1−β2^k)) + ε; θ ← θ − (stepSize·m)/denom with stepSize = η/(1−β1^k).
      const denominator = add(div(sqrt(second), biasCorrection2Sqrt), optimizer.epsilon);
      const stepSize = learningRate / biasCorrection1;
      return { direction: m, update: div(mul(m, stepSize), denominator), slots: next };
    }
    case 'rmsprop': {
      const alpha = optimizer.alpha;
      const squareAverage = add(mul(slots.squareAverage, alpha), mul(square(gradient), 1 - alpha));
      const next: Record<string, Tensor> = { squareAverage };
      let average: Tensor;
      if (optimizer.centered) {
        const gradAverage = add(mul(slots.gradAverage, alpha), mul(gradient, 1 - alpha));
        next.gradAverage = gradAverage;
        average = add(sqrt(sub(squareAverage, square(gradAverage))), optimizer.epsilon);
      } else {
        average = add(sqrt(squareAverage), optimizer.epsilon);
      }
      if (optimizer.momentum > 0) {
        const buffer = add(mul(slots.momentum, optimizer.momentum), div(gradient, average));
        next.momentum = buffer;
        return { direction: buffer, update: mul(buffer, learningRate), slots: next };
      }
      return { direction: gradient, update: div(mul(gradient, learningRate), average), slots: next };
    }
    case 'adagrad': {
      const sum = add(slots.sum, square(gradient));
      // PyTorch: clr = lr / (1 + (step − 1)·lr_decay) with step already incremented.
      const clr = learningRate / (1 + parameterStep * optimizer.lrDecay);
      const update = div(mul(gradient, clr), add(sqrt(sum), optimizer.epsilon));
      return { direction: gradient, update, slots: { sum } };
    }
  }
}
