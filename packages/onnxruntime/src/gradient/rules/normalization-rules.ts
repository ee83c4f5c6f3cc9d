/**
 * LayerNormalization, InstanceNormalization and inference-mode BatchNormalization. (Training-mode
 * BatchNormalization is rewritten into standard ops before differentiation,
 * see `forward-modes.ts`.)
 */
import { floatAttribute, intAttribute } from '../../onnx/attributes.js';
import { reduceToShapeOf } from '../broadcast-reduce.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/** Mean of `x` over `axes` (kept): ReduceSum / (|x| / |sum|), valid for any opset ≥ 13. */
function meanOver(ctx: RuleContext, x: string, axes: number[]): string {
  const e = ctx.emit;
  const sum = e.op('ReduceSum', [x, e.ints(axes)], { keepdims: 1 });
  const count = e.op('Cast', [e.op('Div', [e.op('Size', [x]), e.op('Size', [sum])])], { to: e.floatType });
  return e.op('Div', [sum, count]);
}

/**
 * The statistics of X over `axes` (recomputed), X̂ = (X − μ)·σ⁻¹, and for a
 * gradient G of X̂ (dY·scale) the gradient of X: σ⁻¹·(G − mean(G) − X̂·mean(G·X̂)).
 */
function normalized(ctx: RuleContext, axes: number[]): { xhat: string; inputGradient: (g: string) => string } {
  const e = ctx.emit;
  const x = ctx.input(0);
  const centered = e.op('Sub', [x, meanOver(ctx, x, axes)]);
  const variance = meanOver(ctx, e.op('Mul', [centered, centered]), axes);
  const inv = e.op('Reciprocal', [e.op('Sqrt', [e.op('Add', [variance, e.float(floatAttribute(ctx.node, 'epsilon', 1e-5))])])]);
  const xhat = e.op('Mul', [centered, inv]);
  return {
    xhat,
    inputGradient: (g) =>
      e.op('Mul', [
        inv,
        e.op('Sub', [e.op('Sub', [g, meanOver(ctx, g, axes)]), e.op('Mul', [xhat, meanOver(ctx, e.op('Mul', [g, xhat]), axes)])]),
      ]),
  };
}

/** The normalized axes of a LayerNormalization: [axis, …, last], negative when the axis is, so the rank is needed only for a positive axis. */
function layerNormAxes(ctx: RuleContext): number[] {
  const axis = intAttribute(ctx.node, 'axis', -1);
  if (axis < 0) return Array.from({ length: -axis }, (_, i) => axis + i);
  const rank = ctx.requireRank(ctx.input(0), `a positive axis (${axis}) needs the rank to list the normalized axes`);
  return Array.from({ length: rank - axis }, (_, i) => axis + i);
}

/**
 * LayerNormalization over the axes from `axis` on, Y = X̂·scale + B with
 * X̂ = (X − μ)·σ⁻¹, σ = √(var + ε) (statistics recomputed here). With
 * G = dY·scale: dX = σ⁻¹·(G − mean(G) − X̂·mean(G·X̂)) over the normalized axes;
 * dScale = Σ dY·X̂ and dB = Σ dY over the other axes (summed to their shapes).
 */
export const layerNormalizationRule: GradientRule = {
  attributes: ['axis', 'epsilon', 'stash_type'],
  differentiable: [0, 1, 2],
  check(ctx) {
    layerNormAxes(ctx);
  },
  backward(ctx, [dY, dMean, dInvStd]) {
    if (dMean !== undefined || dInvStd !== undefined) ctx.fail('a gradient through the Mean or InvStdDev output is not supported');
    const e = ctx.emit;
    const x = ctx.input(0);
    const scale = ctx.input(1);
    const { xhat, inputGradient } = normalized(ctx, layerNormAxes(ctx));
    const xDims = ctx.dims(x);
    const dX = ctx.needsGrad(0) ? inputGradient(e.op('Mul', [dY!, scale])) : undefined;
    const dScale = ctx.needsGrad(1) ? reduceToShapeOf(e, e.op('Mul', [dY!, xhat]), xDims, scale, ctx.dims(scale)) : undefined;
    const bias = ctx.input(2);
    const dB = ctx.needsGrad(2) ? reduceToShapeOf(e, dY!, xDims, bias, ctx.dims(bias)) : undefined;
    return [dX, dScale, dB];
  },
};

/**
 * BatchNormalization in inference mode (the running statistics are fixed
 * inputs; they get no gradient): with k = scale/√(var + ε) per channel
 * (axis 1), dX = dY·k, dScale = Σ dY·X̂, dB = Σ dY over all axes but 1,
 * where X̂ = (X − mean)/√(var + ε).
 */
export const batchNormalizationRule: GradientRule = {
  attributes: ['epsilon', 'momentum', 'training_mode', 'spatial'],
  differentiable: [0, 1, 2],
  check(ctx) {
    if (intAttribute(ctx.node, 'training_mode', 0) !== 0)
      ctx.fail('training_mode 1 reached the gradient rule; it should have been rewritten into batch statistics');
    if (intAttribute(ctx.node, 'spatial', 1) !== 1) ctx.fail('spatial 0 is not supported', 'spatial');
    ctx.requireRank(ctx.input(0), 'per-channel statistics are laid out along axis 1');
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const rank = ctx.requireRank(ctx.input(0), 'per-channel statistics are laid out along axis 1');
    const column = e.ints([1, -1, ...new Array<number>(rank - 2).fill(1)]);
    const perChannel = (v: string): string => e.op('Reshape', [v, column]);
    const eps = e.float(floatAttribute(ctx.node, 'epsilon', 1e-5));
    const inv = e.op('Reciprocal', [e.op('Sqrt', [e.op('Add', [ctx.input(4), eps])])]);
    const others = e.ints([0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)]);
    const dX = ctx.needsGrad(0) ? e.op('Mul', [dY!, perChannel(e.op('Mul', [ctx.input(1), inv]))]) : undefined;
    let dScale: string | undefined;
    if (ctx.needsGrad(1)) {
      const xhat = e.op('Mul', [e.op('Sub', [ctx.input(0), perChannel(ctx.input(3))]), perChannel(inv)]);
      dScale = e.op('ReduceSum', [e.op('Mul', [dY!, xhat]), others], { keepdims: 0 });
    }
    const dB = ctx.needsGrad(2) ? e.op('ReduceSum', [dY!, others], { keepdims: 0 }) : undefined;
    return [dX, dScale, dB];
  },
};

/**
 * InstanceNormalization (how torch exports GroupNorm and InstanceNorm):
 * per sample and channel, X̂ = (X − μ)·σ⁻¹ over the spatial axes, Y =
 * X̂·scale + B with per-channel scale and B. With G = dY·scale:
 * dX = σ⁻¹·(G − mean(G) − X̂·mean(G·X̂)) over the spatial axes; dScale =
 * Σ dY·X̂ and dB = Σ dY over all axes but 1.
 */
export const instanceNormalizationRule: GradientRule = {
  attributes: ['epsilon'],
  differentiable: [0, 1, 2],
  check(ctx) {
    ctx.requireRank(ctx.input(0), 'per-channel parameters are laid out along axis 1');
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const rank = ctx.requireRank(x, 'per-channel parameters are laid out along axis 1');
    const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
    const column = e.ints([1, -1, ...new Array<number>(rank - 2).fill(1)]);
    const { xhat, inputGradient } = normalized(ctx, spatial);
    const others = e.ints([0, ...spatial]);
    const dX = ctx.needsGrad(0) ? inputGradient(e.op('Mul', [dY!, e.op('Reshape', [ctx.input(1), column])])) : undefined;
    const dScale = ctx.needsGrad(1) ? e.op('ReduceSum', [e.op('Mul', [dY!, xhat]), others], { keepdims: 0 }) : undefined;
    const dB = ctx.needsGrad(2) ? e.op('ReduceSum', [dY!, others], { keepdims: 0 }) : undefined;
    return [dX, dScale, dB];
  },
};
