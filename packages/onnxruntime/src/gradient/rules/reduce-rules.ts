/**
 * ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceL2, ReduceLogSumExp,
 * GlobalAveragePool, GlobalMaxPool.
 */
import { intAttribute, intsAttribute } from '../../onnx/attributes.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/**
 * The reduced axes: the `axes` input (ReduceSum from opset 13, ReduceMean
 * from opset 18) or attribute (ReduceMean before 18). `undefined` = all axes
 * (or none, with noop_with_empty_axes = 1). An axes input must be constant.
 */
function reducedAxes(ctx: RuleContext): number[] | undefined {
  const axesInput = ctx.input(1);
  if (axesInput !== '') {
    const axes = ctx.shapes.constantInts(axesInput);
    if (!axes) ctx.fail(`the axes input "${axesInput}" is not a constant; the gradient needs fixed axes`);
    return axes!.length > 0 ? axes : undefined;
  }
  const attr = intsAttribute(ctx.node, 'axes');
  return attr && attr.length > 0 ? attr : undefined;
}

/** Broadcasts an output-shaped tensor (the gradient, or Y) back over the reduced axes: Unsqueeze (when keepdims = 0), then Expand. */
function spread(ctx: RuleContext, dY: string): string {
  const e = ctx.emit;
  const axes = reducedAxes(ctx);
  const noop = intAttribute(ctx.node, 'noop_with_empty_axes', 0) === 1;
  if (!axes && noop) return dY;
  const keep = intAttribute(ctx.node, 'keepdims', 1) === 1;
  // Negative axes name the same axes in the unsqueezed tensor, whose rank is X's.
  const full = keep || !axes ? dY : e.op('Unsqueeze', [dY, e.ints(axes)]);
  return e.op('Expand', [full, e.shape(ctx.input(0))]);
}

function checkReduce(ctx: RuleContext): void {
  const keep = intAttribute(ctx.node, 'keepdims', 1);
  if (keep !== 0 && keep !== 1) ctx.fail(`keepdims = ${keep} is not 0 or 1`, 'keepdims');
  reducedAxes(ctx);
}

/** ReduceSum: dX = dY broadcast back over the reduced axes. */
export const reduceSumRule: GradientRule = {
  attributes: ['keepdims', 'noop_with_empty_axes', 'axes'],
  differentiable: [0],
  check: checkReduce,
  backward: (ctx, [dY]) => [spread(ctx, dY!)],
};

/**
 * ReduceMean: dX = dY broadcast back, divided by the number of reduced
 * elements (|X| / |Y|, from static dims when known, else from Size).
 */
export const reduceMeanRule: GradientRule = {
  attributes: ['keepdims', 'noop_with_empty_axes', 'axes'],
  differentiable: [0],
  check: checkReduce,
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const y = ctx.output(0);
    const spreadGrad = spread(ctx, dY!);
    if (spreadGrad === dY) return [dY];
    const xd = ctx.dims(x);
    const yd = ctx.dims(y);
    const size = (d: typeof xd): number | undefined =>
      d?.every((v) => typeof v === 'number') ? (d as number[]).reduce((a, b) => a * b, 1) : undefined;
    const sx = size(xd);
    const sy = size(yd);
    let count: string;
    if (sx !== undefined && sy !== undefined && sy > 0) count = e.float(sx / sy);
    else count = e.op('Cast', [e.op('Div', [e.op('Size', [x]), e.op('Size', [y])])], { to: e.floatType });
    return [e.op('Div', [spreadGrad, count])];
  },
};

function reduceRule(backward: GradientRule['backward']): GradientRule {
  return { attributes: ['keepdims', 'noop_with_empty_axes', 'axes'], differentiable: [0], check: checkReduce, backward };
}

/**
 * ReduceMax/ReduceMin: the gradient goes to the elements equal to the
 * result, split evenly between ties (as PyTorch's amax/amin).
 */
function extremeReduceRule(): GradientRule {
  return reduceRule((ctx, [dY]) => {
    const e = ctx.emit;
    const x = ctx.input(0);
    const hit = e.op('Cast', [e.op('Equal', [x, spread(ctx, ctx.output(0))])], { to: e.floatType });
    const ties = spread(ctx, reduceLike(ctx, hit));
    return [e.op('Mul', [e.op('Div', [spread(ctx, dY!), ties]), hit])];
  });
}

/** The forward reduction's axes/keepdims applied as a ReduceSum to another tensor of X's shape. */
function reduceLike(ctx: RuleContext, t: string): string {
  const e = ctx.emit;
  const axes = reducedAxes(ctx);
  const keepdims = intAttribute(ctx.node, 'keepdims', 1);
  const noop = intAttribute(ctx.node, 'noop_with_empty_axes', 0);
  return e.op('ReduceSum', axes ? [t, e.ints(axes)] : [t], { keepdims, noop_with_empty_axes: noop });
}

/** ReduceMax: see {@link extremeReduceRule}. */
export const reduceMaxRule = extremeReduceRule();
/** ReduceMin: see {@link extremeReduceRule}. */
export const reduceMinRule = extremeReduceRule();

/** ReduceL2: Y = √Σx²; dX = dY·X/Y, and 0 where Y = 0 (PyTorch's norm subgradient). */
export const reduceL2Rule = reduceRule((ctx, [dY]) => {
  const e = ctx.emit;
  const y = spread(ctx, ctx.output(0));
  const ratio = e.op('Div', [ctx.input(0), y]);
  const safe = e.op('Where', [e.op('Equal', [y, e.float(0)]), e.float(0), ratio]);
  return [e.op('Mul', [spread(ctx, dY!), safe])];
});

/** ReduceLogSumExp: dX = dY·exp(X − Y), the softmax over the reduced axes. */
export const reduceLogSumExpRule = reduceRule((ctx, [dY]) => {
  const e = ctx.emit;
  return [e.op('Mul', [spread(ctx, dY!), e.op('Exp', [e.op('Sub', [ctx.input(0), spread(ctx, ctx.output(0))])])])];
});

/** GlobalAveragePool: dX = dY spread over the spatial axes, divided by their size. */
export const globalAveragePoolRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const count = e.op('Cast', [e.op('Div', [e.op('Size', [x]), e.op('Size', [dY!])])], { to: e.floatType });
    return [e.op('Div', [e.op('Expand', [dY!, e.shape(x)]), count])];
  },
};

/**
 * GlobalMaxPool: the gradient goes to the first maximum of each channel (as
 * PyTorch's adaptive max pooling): ArgMax over the flattened spatial axes,
 * then ScatterElements into zeros.
 */
export const globalMaxPoolRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const nc = e.op('Slice', [e.shape(x), e.ints([0]), e.ints([2])]);
    const flatShape = e.op('Concat', [nc, e.ints([-1])], { axis: 0 });
    const flat = e.op('Reshape', [x, flatShape]);
    const argmax = e.op('ArgMax', [flat], { axis: 2, keepdims: 1 });
    const zeros = e.filled(e.shape(flat), 0);
    const scattered = e.op('ScatterElements', [zeros, argmax, e.op('Reshape', [dY!, e.op('Concat', [nc, e.ints([1])], { axis: 0 })])], {
      axis: 2,
    });
    return [e.op('Reshape', [scattered, e.shape(x)])];
  },
};
