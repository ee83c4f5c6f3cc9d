/**
 * Ops that pick, repeat or pad elements: Gather, GatherElements, Slice,
 * Tile, Split, Expand, Pad, Where, Cast.
 */
import { intAttribute, stringAttribute } from '../../onnx/attributes.js';
import { DataType } from '../../onnx/onnx-proto.js';
import { reduceToShapeOf } from '../broadcast-reduce.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/**
 * The gradient of an op that only copies input elements to output elements
 * (each output element is one input element): apply the forward op to the
 * flat positions 0…|X|−1 laid out in X's shape, which tells where each output
 * element came from, then scatter dY back to those positions. Ops that can
 * copy one element to several outputs (Gather, GatherElements, Tile) need the
 * scatter to add (ScatterElements reduction 'add', opset ≥ 16). Negative
 * and out-of-order indices, steps and axes are handled by the forward op
 * itself, so the rule never re-implements them.
 */
function scatterBack(ctx: RuleContext, dY: string, repeats: boolean, rest = (ctx.node.input ?? []).slice(1)): string {
  const e = ctx.emit;
  const x = ctx.input(0);
  const size = e.op('Size', [x]);
  const positions = e.op('Reshape', [e.op('Range', [e.ints([0], []), size, e.ints([1], [])]), e.shape(x)]);
  const [picked] = e.like(ctx.node, [positions, ...rest]);
  const zeros = e.filled(e.op('Reshape', [size, e.ints([1])]), 0);
  const flat = e.op('ScatterElements', [zeros, e.op('Reshape', [picked, e.ints([-1])]), e.op('Reshape', [dY, e.ints([-1])])], {
    axis: 0,
    reduction: repeats ? 'add' : undefined,
  });
  return e.op('Reshape', [flat, e.shape(x)]);
}

function requireScatterAdd(ctx: RuleContext): void {
  if (ctx.opset < 16)
    ctx.fail(`the gradient adds repeated picks with ScatterElements reduction 'add', which needs opset ≥ 16; the model uses ${ctx.opset}`);
}

function selection(attributes: readonly string[], repeats: boolean): GradientRule {
  return {
    attributes,
    differentiable: [0],
    check: repeats ? requireScatterAdd : undefined,
    backward: (ctx, [dY]) => [scatterBack(ctx, dY!, repeats)],
  };
}

/** Gather along an axis (embeddings, indexing): dX scatters dY back, adding where an index repeats. */
export const gatherRule = selection(['axis'], true);
/** GatherElements: dX scatters dY back to the picked positions, adding repeats. */
export const gatherElementsRule = selection(['axis'], true);
/** Tile: dX sums the gradient of every copy. */
export const tileRule = selection([], true);
/** Slice (any starts, ends, axes, steps): dX is dY at the sliced positions, 0 elsewhere. */
export const sliceRule = selection([], false);

/** Split: dX = Concat of the outputs' gradients along the axis (zeros for outputs without one). */
export const splitRule: GradientRule = {
  attributes: ['axis', 'split', 'num_outputs'],
  differentiable: [0],
  backward(ctx, grads) {
    const e = ctx.emit;
    const pieces = (ctx.node.output ?? []).map((o, i) => grads[i] ?? e.filled(e.shape(o), 0));
    return [e.op('Concat', pieces, { axis: intAttribute(ctx.node, 'axis', 0) })];
  },
};

/** Expand: dX = dY summed over the axes X was broadcast along. */
export const expandRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [reduceToShapeOf(ctx.emit, dY!, ctx.dims(ctx.output(0)), ctx.input(0), ctx.dims(ctx.input(0)))],
};

/**
 * Pad (the pad value is not trained). Constant mode: dX = Pad(dY, −pads),
 * which crops the padding off (and pads back with zeros where the forward op
 * cropped with negative pads). Reflect and edge modes copy input elements
 * into the border, so their gradient adds each copy back (see
 * {@link scatterBack}; opset ≥ 16).
 */
export const padRule: GradientRule = {
  attributes: ['mode', 'pads', 'value'],
  differentiable: [0],
  check(ctx) {
    const mode = stringAttribute(ctx.node, 'mode', 'constant');
    if (!['constant', 'reflect', 'edge'].includes(mode)) ctx.fail(`mode "${mode}" is not supported (constant, reflect, edge)`, 'mode');
    if (mode !== 'constant') requireScatterAdd(ctx);
    if (ctx.needsGrad(2)) ctx.fail(`the pad value "${ctx.input(2)}" is trained; only a constant value is supported`);
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const pads = ctx.input(1);
    const axes = ctx.input(3);
    // The pad value (input 2) has X's float type, not the positions' int64; reflect/edge never read it.
    if (stringAttribute(ctx.node, 'mode', 'constant') !== 'constant')
      return [scatterBack(ctx, dY!, true, axes !== '' ? [pads, '', axes] : [pads])];
    const negated =
      pads !== '' ? e.op('Neg', [pads]) : e.ints((ctx.node.attribute ?? []).find((a) => a.name === 'pads')!.ints!.map((v) => -Number(v)));
    return [e.op('Pad', axes !== '' ? [dY!, negated, '', axes] : [dY!, negated], { mode: 'constant' })];
  },
};

/** Where(cond, A, B): dA = dY where cond (0 elsewhere), dB = dY where not; each summed over broadcast axes. */
export const whereRule: GradientRule = {
  attributes: [],
  differentiable: [1, 2],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const cond = ctx.input(0);
    const zero = e.float(0);
    const outDims = ctx.dims(ctx.output(0));
    const toInput = (i: number, g: string): string => reduceToShapeOf(e, g, outDims, ctx.input(i), ctx.dims(ctx.input(i)));
    return [
      undefined,
      ctx.needsGrad(1) ? toInput(1, e.op('Where', [cond, dY!, zero])) : undefined,
      ctx.needsGrad(2) ? toInput(2, e.op('Where', [cond, zero, dY!])) : undefined,
    ];
  },
};

const FLOATS: ReadonlySet<number> = new Set([DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16]);

/** Cast between float types: dX = Cast(dY) back to X's type. A cast to an integer or boolean type carries no gradient. */
export const castRule: GradientRule = {
  attributes: ['to', 'saturate'],
  differentiable: [0],
  check(ctx) {
    const from = ctx.shapes.dataType(ctx.input(0));
    if (from !== undefined && !FLOATS.has(from))
      ctx.fail(`input "${ctx.input(0)}" has element type ${from}; a gradient cannot flow through an integer cast`);
  },
  backward(ctx, [dY]) {
    const from = ctx.shapes.dataType(ctx.input(0)) ?? ctx.emit.floatType;
    return [from === intAttribute(ctx.node, 'to', from) ? dY : ctx.emit.op('Cast', [dY!], { to: from })];
  },
};
