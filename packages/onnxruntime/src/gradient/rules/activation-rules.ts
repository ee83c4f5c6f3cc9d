/**
 * Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax.
 */
import { floatAttribute, intAttribute } from '../../onnx/attributes.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/** Relu: dX = dY where X > 0, else 0 (PyTorch's choice at 0: gradient 0). */
export const reluRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const positive = e.op('Greater', [ctx.input(0), e.float(0)]);
    return [e.op('Where', [positive, dY!, e.float(0)])];
  },
};

/** LeakyRelu: dX = dY where X > 0, else α·dY (PyTorch's choice at 0: α). */
export const leakyReluRule: GradientRule = {
  attributes: ['alpha'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const alpha = floatAttribute(ctx.node, 'alpha', 0.01);
    const positive = e.op('Greater', [ctx.input(0), e.float(0)]);
    return [e.op('Where', [positive, dY!, e.op('Mul', [dY!, e.float(alpha)])])];
  },
};

/** Sigmoid: dX = dY·Y·(1 − Y). */
export const sigmoidRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    return [e.op('Mul', [dY!, e.op('Mul', [y, e.op('Sub', [e.float(1), y])])])];
  },
};

/** Tanh: dX = dY·(1 − Y²). */
export const tanhRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    return [e.op('Mul', [dY!, e.op('Sub', [e.float(1), e.op('Mul', [y, y])])])];
  },
};

/**
 * The axis of a Softmax/LogSoftmax. From opset 13 it is one axis (default −1).
 * Before 13 the op flattened to 2-D at `axis` (default 1); the builder
 * rewrites such nodes (see `upgradeForwardNode`), so here the opset-13
 * meaning holds.
 */
function softmaxAxis(ctx: RuleContext): number {
  return intAttribute(ctx.node, 'axis', -1);
}

/** Softmax along one axis: dX = Y·(dY − Σ_axis dY·Y). */
export const softmaxRule: GradientRule = {
  attributes: ['axis'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    const dot = e.op('ReduceSum', [e.op('Mul', [dY!, y]), e.ints([softmaxAxis(ctx)])], { keepdims: 1 });
    return [e.op('Mul', [y, e.op('Sub', [dY!, dot])])];
  },
};

/** LogSoftmax along one axis: dX = dY − exp(Y)·Σ_axis dY. */
export const logSoftmaxRule: GradientRule = {
  attributes: ['axis'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const total = e.op('ReduceSum', [dY!, e.ints([softmaxAxis(ctx)])], { keepdims: 1 });
    return [e.op('Sub', [dY!, e.op('Mul', [e.op('Exp', [ctx.output(0)]), total])])];
  },
};
