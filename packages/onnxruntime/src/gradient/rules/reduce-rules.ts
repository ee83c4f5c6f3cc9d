/**
 * ReduceSum and ReduceMean.
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

/** Broadcasts the output gradient back over the reduced axes: Unsqueeze (when keepdims = 0), then Expand. */
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
      d && d.every((v) => typeof v === 'number') ? (d as number[]).reduce((a, b) => a * b, 1) : undefined;
    const sx = size(xd);
    const sy = size(yd);
    let count: string;
    if (sx !== undefined && sy !== undefined && sy > 0) count = e.float(sx / sy);
    else count = e.op('Cast', [e.op('Div', [e.op('Size', [x]), e.op('Size', [y])])], { to: e.floatType });
    return [e.op('Div', [spreadGrad, count])];
  },
};
