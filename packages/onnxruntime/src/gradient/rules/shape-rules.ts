/**
 * Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat: ops that move
 * elements without changing them.
 */
import { intAttribute, intsAttribute } from '../../onnx/attributes.js';
import type { GradientRule } from '../gradient-rule.js';

/** Reshape, Flatten, Squeeze, Unsqueeze: dX = Reshape(dY, Shape(X)). */
function reshapeBack(attributes: readonly string[]): GradientRule {
  return {
    attributes,
    differentiable: [0],
    backward: (ctx, [dY]) => [ctx.emit.op('Reshape', [dY!, ctx.emit.shape(ctx.input(0))])],
  };
}

/** Reshape: the gradient takes X's shape back. */
export const reshapeRule = reshapeBack(['allowzero']);
/** Flatten: the gradient takes X's shape back. */
export const flattenRule = reshapeBack(['axis']);
/** Squeeze: the gradient takes X's shape back. */
export const squeezeRule = reshapeBack(['axes']);
/** Unsqueeze: the gradient takes X's shape back. */
export const unsqueezeRule = reshapeBack(['axes']);

/** Transpose by perm: dX = Transpose(dY, perm⁻¹); without perm (reversal) it is its own inverse. */
export const transposeRule: GradientRule = {
  attributes: ['perm'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const perm = intsAttribute(ctx.node, 'perm');
    if (!perm) return [ctx.emit.op('Transpose', [dY!])];
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [ctx.emit.op('Transpose', [dY!], { perm: inverse })];
  },
};

/**
 * Concat: dY is split back along the axis into pieces of the inputs' sizes
 * (static sizes when every input's dim is known, else gathered from Shape).
 */
export const concatRule: GradientRule = {
  attributes: ['axis'],
  differentiable: 'all',
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const axis = intAttribute(ctx.node, 'axis', 0);
    const inputs = ctx.node.input ?? [];
    const sizes = inputs.map((name) => {
      const d = ctx.dims(name);
      if (!d) return null;
      const v = d[axis < 0 ? axis + d.length : axis];
      return typeof v === 'number' ? v : null;
    });
    const split = sizes.every((s): s is number => s !== null)
      ? e.ints(sizes)
      : e.op(
          'Concat',
          inputs.map((name) => e.op('Gather', [e.shape(name), e.ints([axis])], { axis: 0 })),
          { axis: 0 },
        );
    const pieces = e.opN('Split', [dY!, split], { axis }, inputs.length);
    return pieces.map((p, i) => (ctx.needsGrad(i) ? p : undefined));
  },
};
