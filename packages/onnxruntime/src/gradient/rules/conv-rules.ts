/**
 * Conv and ConvTranspose (1-D, 2-D, 3-D; groups, strides, dilations, pads),
 * MaxPool and AveragePool (any number of spatial axes).
 */
import { intAttribute, intsAttribute, stringAttribute } from '../../onnx/attributes.js';
import { makeTensorProto } from '../../onnx/tensor-proto.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  /** Per spatial axis: (H + pad_begin + pad_end − dilation·(kernel − 1) − 1) mod stride, the rows the forward op never reads. */
  remainders: (number | null)[];
}

/**
 * Reads and checks the window attributes of a Conv/pool node over N, C and
 * one or more spatial axes (their count from the weight's rank, or from the
 * input's): auto_pad NOTSET (or VALID). The remainders (rows past the last
 * window) are known where the input's spatial size is; elsewhere they are
 * null and the transposed window is padded to the input's size at run time.
 */
function windowOf(ctx: RuleContext, kernelFrom?: string): Window {
  const x = ctx.input(0);
  const wd = kernelFrom !== undefined ? ctx.dims(kernelFrom) : undefined;
  const spatial = wd ? wd.length - 2 : ctx.requireRank(x, 'the window needs the number of spatial axes') - 2;
  if (spatial < 1) ctx.fail(`input "${x}" has ${spatial + 2} axes; a window needs N, C and at least one spatial axis`);
  const autoPad = stringAttribute(ctx.node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') ctx.fail(`auto_pad ${autoPad} is not supported; export with explicit pads`, 'auto_pad');
  const ones = new Array<number>(spatial).fill(1);
  const dilations = intsAttribute(ctx.node, 'dilations') ?? ones;
  let kernel = intsAttribute(ctx.node, 'kernel_shape');
  if (!kernel && wd && wd.slice(2).every((d) => typeof d === 'number')) kernel = wd.slice(2) as number[];
  if (!kernel || kernel.length !== spatial) ctx.fail(`the kernel shape must be known and ${spatial}-D`, 'kernel_shape');
  const strides = intsAttribute(ctx.node, 'strides') ?? ones;
  const pads =
    autoPad === 'VALID'
      ? new Array<number>(2 * spatial).fill(0)
      : (intsAttribute(ctx.node, 'pads') ?? new Array<number>(2 * spatial).fill(0));
  const dims = ctx.dims(x);
  const remainders = strides.map((s, i) => {
    if (s === 1) return 0;
    const d = dims?.[i + 2];
    const span = (size: number): number => (size + pads[i] + pads[i + spatial] - dilations[i] * (kernel![i] - 1) - 1) % s;
    return typeof d === 'number' ? span(d) : null;
  });
  return { kernel: kernel!, strides, dilations, pads, remainders };
}

/** The weight of a Conv/ConvTranspose must have a fixed shape (its rank gives the spatial axes, dim 1 the channels per group). */
function checkWeight(ctx: RuleContext): number[] {
  const wd = ctx.dims(ctx.input(1));
  if (!wd || wd.length < 3 || wd.some((d) => typeof d !== 'number'))
    ctx.fail(`the weight "${ctx.input(1)}" needs a fixed shape of rank ≥ 3`);
  return wd as number[];
}

/** perm swapping axes 0 and 1 of a rank-r tensor. */
function swap01(rank: number): number[] {
  return [1, 0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
}

/**
 * The weight gradient shared by Conv and ConvTranspose:
 * dW[b, a, k] = Σ_n Σ_o B[n, b, o]·A[n, group(b)·perGroup + a, o·stride + k·dilation − pad_begin],
 * computed as one Conv of A (batch and channel axes swapped) with B as the
 * kernel, the forward stride and dilation exchanging roles. With groups, A's
 * channels are regrouped to [perGroup, group·N, …] so a grouped Conv pairs
 * each group of A with the matching group of B. The result is cropped to the
 * kernel size (rows past the last full window) and laid out as the weight.
 */
function weightGradient(ctx: RuleContext, a: string, b: string, win: Window, perGroup: number, crop: boolean): string {
  const e = ctx.emit;
  const group = intAttribute(ctx.node, 'group', 1);
  const rank = win.kernel.length + 2;
  let input: string;
  if (group === 1) {
    input = e.op('Transpose', [a], { perm: swap01(rank) });
  } else {
    const spatialShape = e.op('Slice', [e.shape(a), e.ints([2]), e.ints([rank])]);
    const split = e.op('Reshape', [a, e.op('Concat', [e.ints([0, group, perGroup]), spatialShape], { axis: 0 })]);
    const moved = e.op('Transpose', [split], { perm: [2, 1, 0, ...Array.from({ length: rank - 2 }, (_, i) => i + 3)] });
    input = e.op('Reshape', [moved, e.op('Concat', [e.ints([perGroup, -1]), spatialShape], { axis: 0 })]);
  }
  const kernel = e.op('Transpose', [b], { perm: swap01(rank) });
  let full = e.op('Conv', [input, kernel], {
    dilations: win.strides,
    strides: win.dilations,
    pads: win.pads,
    group: group === 1 ? undefined : group,
  });
  if (crop) {
    const spatialAxes = win.kernel.map((_, i) => i + 2);
    full = e.op('Slice', [full, e.ints(win.kernel.map(() => 0)), e.ints(win.kernel), e.ints(spatialAxes)]);
  }
  return e.op('Transpose', [full], { perm: swap01(rank) });
}

function biasGradient(ctx: RuleContext, dY: string, rank: number): string {
  return ctx.emit.op('ReduceSum', [dY, ctx.emit.ints([0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)])], { keepdims: 0 });
}

const CONV_ATTRIBUTES = ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad'];

/**
 * Conv over 1, 2 or 3 spatial axes with any group, stride, dilation and
 * pads, Y = X ⋆ W + B:
 * - dX = ConvTranspose(dY, W) with the forward attributes and the remainders
 *   as output_padding, which gives back X's spatial size;
 * - dW: see {@link weightGradient} (A = X, B = dY);
 * - dB = Σ over N and the spatial axes of dY.
 */
export const convRule = convolution({
  attributes: CONV_ATTRIBUTES,
  inputGradient: (ctx, dY, win, group) => transposeWindow(ctx, dY, ctx.input(1), win, { dilations: win.dilations, group }),
  weightOperands: (ctx, dY) => [ctx.input(0), dY],
  crop: (_ctx, win) => win.remainders.some((r) => r !== 0),
});

/**
 * ConvTranspose (1-, 2-, 3-D, groups, strides, dilations, pads,
 * output_padding), the adjoint of Conv: dX = Conv(dY, W) with the same
 * attributes (its output size is X's because output_padding < stride);
 * dW: see {@link weightGradient} with A = dY, B = X; dB = Σ dY over N and the
 * spatial axes. An explicit output_shape or auto_pad SAME is refused.
 */
export const convTransposeRule = convolution({
  attributes: [...CONV_ATTRIBUTES, 'output_padding', 'output_shape'],
  check(ctx) {
    if (intsAttribute(ctx.node, 'output_shape'))
      ctx.fail('output_shape is not supported; export with pads and output_padding', 'output_shape');
  },
  inputGradient: (ctx, dY, win, group) =>
    ctx.emit.op('Conv', [dY, ctx.input(1)], {
      kernel_shape: win.kernel,
      strides: win.strides,
      dilations: win.dilations,
      pads: win.pads,
      group: group === 1 ? undefined : group,
    }),
  weightOperands: (ctx, dY) => [dY, ctx.input(0)],
  crop: (ctx) => (intsAttribute(ctx.node, 'output_padding') ?? []).some((p) => p !== 0),
});

/** What differs between Conv and ConvTranspose; the weight and bias gradients are shared. */
interface Convolution {
  attributes: readonly string[];
  check?: (ctx: RuleContext) => void;
  /** dX from dY. */
  inputGradient: (ctx: RuleContext, dY: string, win: Window, group: number) => string;
  /** A and B of {@link weightGradient}. */
  weightOperands: (ctx: RuleContext, dY: string) => [string, string];
  /** Whether the weight gradient can come out larger than the kernel. */
  crop: (ctx: RuleContext, win: Window) => boolean;
}

function convolution(c: Convolution): GradientRule {
  return {
    attributes: c.attributes,
    differentiable: [0, 1, 2],
    check(ctx) {
      c.check?.(ctx);
      checkWeight(ctx);
      windowOf(ctx, ctx.input(1));
    },
    backward(ctx, [dY]) {
      const wd = checkWeight(ctx);
      const win = windowOf(ctx, ctx.input(1));
      const group = intAttribute(ctx.node, 'group', 1);
      const dX = ctx.needsGrad(0) ? c.inputGradient(ctx, dY!, win, group) : undefined;
      const [a, b] = c.weightOperands(ctx, dY!);
      const dW = ctx.needsGrad(1) ? weightGradient(ctx, a, b, win, wd[1], c.crop(ctx, win)) : undefined;
      const dB = ctx.needsGrad(2) ? biasGradient(ctx, dY!, wd.length) : undefined;
      return [dX, dW, dB];
    },
  };
}

/**
 * The transpose of a stride/pad window applied to `grad` [N, C, …] with
 * `weights`: ConvTranspose with output_padding = the remainders, which gives
 * back the forward input's spatial size. When a remainder is unknown (a
 * symbolic input size), the ConvTranspose keeps its end rows (end pads 0),
 * is cut to the input's size, and padded with zeros where it falls short
 * (input rows no window reads); both sizes are taken at run time.
 */
function transposeWindow(
  ctx: RuleContext,
  grad: string,
  weights: string,
  w: Window,
  conv: { dilations?: number[]; group?: number } = {},
): string {
  const e = ctx.emit;
  const known = w.remainders.every((r) => r !== null);
  const spatial = w.kernel.length;
  const result = e.op('ConvTranspose', [grad, weights], {
    kernel_shape: w.kernel,
    strides: w.strides,
    pads: known ? w.pads : [...w.pads.slice(0, spatial), ...new Array<number>(spatial).fill(0)],
    dilations: conv.dilations,
    group: conv.group === undefined || conv.group === 1 ? undefined : conv.group,
    output_padding: known ? (w.remainders as number[]) : undefined,
  });
  if (known) return result;
  const rank = spatial + 2;
  const spatialShape = (t: string): string => e.op('Slice', [e.shape(t), e.ints([2]), e.ints([rank])]);
  const axes = e.ints(Array.from({ length: spatial }, (_, i) => i + 2));
  const cut = e.op('Slice', [result, e.ints(new Array<number>(spatial).fill(0)), spatialShape(ctx.input(0)), axes]);
  const missing = e.op('Sub', [spatialShape(ctx.input(0)), spatialShape(cut)]);
  return e.op('Pad', [cut, e.op('Concat', [e.ints(new Array<number>(rank + 2).fill(0)), missing], { axis: 0 })], { mode: 'constant' });
}

/**
 * MaxPool: the gradient goes to the argmax of each window. The forward node's
 * Indices output (added when absent) holds flat positions in N·C·H·W; dX =
 * ScatterElements(zeros, indices, dY) reshaped to X. Overlapping windows
 * (stride < kernel) can pick one element twice, so they need
 * ScatterElements reduction = 'add' (opset ≥ 16); with opset 13–15 only
 * non-overlapping windows (stride ≥ dilated kernel) are accepted. Ties: ONNX Runtime
 * reports the first maximum in the window, as PyTorch does on CPU.
 */
export const maxPoolRule: GradientRule = {
  attributes: ['kernel_shape', 'strides', 'pads', 'dilations', 'auto_pad', 'ceil_mode', 'storage_order'],
  differentiable: [0],
  check(ctx) {
    if (intAttribute(ctx.node, 'storage_order', 0) !== 0) ctx.fail('storage_order 1 is not supported', 'storage_order');
    const win = windowOf(ctx);
    const overlapping = win.strides.some((s, i) => s < (win.kernel[i] - 1) * win.dilations[i] + 1);
    if (overlapping && ctx.opset < 16) {
      ctx.fail(
        `overlapping windows (strides [${win.strides.join(', ')}] < kernel [${win.kernel.join(', ')}]) need opset ≥ 16 for ScatterElements reduction; the model uses ${ctx.opset}`,
        'strides',
      );
    }
  },
  backward(ctx, [dY, dIndices]) {
    if (dIndices !== undefined) ctx.fail('a gradient through the Indices output is not possible');
    const e = ctx.emit;
    const x = ctx.input(0);
    const win = windowOf(ctx);
    let indices = ctx.output(1);
    if (indices === '') {
      indices = e.fresh(`${ctx.label}/indices`);
      ctx.node.output = [ctx.output(0), indices];
    }
    const zeros = e.op('ConstantOfShape', [e.op('Reshape', [e.op('Size', [x]), e.ints([1])])], {
      value: { tensor: makeTensorProto('zero', e.floatType, [1], [0]) },
    });
    const overlapping = win.strides.some((s, i) => s < (win.kernel[i] - 1) * win.dilations[i] + 1);
    const scattered = e.op('ScatterElements', [zeros, e.op('Reshape', [indices, e.ints([-1])]), e.op('Reshape', [dY!, e.ints([-1])])], {
      axis: 0,
      reduction: overlapping ? 'add' : undefined,
    });
    return [e.op('Reshape', [scattered, e.shape(x)])];
  },
};

/**
 * AveragePool (ceil_mode 0, dilations 1): each output gradient is spread evenly over
 * its window. dY is divided by the window's divisor — kh·kw, or with
 * count_include_pad = 0 and pads the number of real elements in each window,
 * counted as kh·kw·AveragePool(ones, count_include_pad = 1) — then the
 * channels are folded into the batch ([N·C, 1, Ho, Wo]) and a ConvTranspose
 * with a ones kernel sums the windows back onto the input grid.
 */
export const averagePoolRule: GradientRule = {
  attributes: ['kernel_shape', 'strides', 'pads', 'auto_pad', 'ceil_mode', 'count_include_pad', 'dilations'],
  differentiable: [0],
  check(ctx) {
    if (intAttribute(ctx.node, 'ceil_mode', 0) !== 0) ctx.fail('ceil_mode 1 is not supported', 'ceil_mode');
    const win = windowOf(ctx);
    if (win.dilations.some((d) => d !== 1)) ctx.fail(`dilations [${win.dilations.join(', ')}] are not supported (only 1)`, 'dilations');
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const win = windowOf(ctx);
    const area = win.kernel.reduce((p, k) => p * k, 1);
    const padded = win.pads.some((p) => p !== 0);
    let scaled: string;
    if (padded && intAttribute(ctx.node, 'count_include_pad', 0) === 0) {
      const ones = e.op('ConstantOfShape', [e.shape(x)], { value: { tensor: makeTensorProto('one', e.floatType, [1], [1]) } });
      const fraction = e.op('AveragePool', [ones], {
        kernel_shape: win.kernel,
        strides: win.strides,
        pads: win.pads,
        count_include_pad: 1,
      });
      scaled = e.op('Div', [dY!, e.op('Mul', [fraction, e.float(area)])]);
    } else {
      scaled = e.op('Div', [dY!, e.float(area)]);
    }
    const spatial = e.op('Slice', [e.shape(dY!), e.ints([2]), e.ints([win.kernel.length + 2])]);
    const folded = e.op('Reshape', [scaled, e.op('Concat', [e.ints([-1, 1]), spatial], { axis: 0 })]);
    const ones = e.float(new Array<number>(area).fill(1), [1, 1, ...win.kernel]);
    return [e.op('Reshape', [transposeWindow(ctx, folded, ones, win), e.shape(x)])];
  },
};
