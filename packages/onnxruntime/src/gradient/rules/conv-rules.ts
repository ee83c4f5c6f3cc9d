/**
 * 2-D Conv, MaxPool and AveragePool.
 */
import { intAttribute, intsAttribute, stringAttribute } from '../../onnx/attributes.js';
import { makeTensorProto } from '../../onnx/tensor-proto.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

interface Window {
  kernel: number[];
  strides: number[];
  pads: number[];
  /** Per spatial axis: (H + pad_begin + pad_end − kernel) mod stride, the rows the forward op never reads. */
  remainders: (number | null)[];
}

/**
 * Reads and checks the window attributes of a 2-D Conv/pool node: NCHW
 * input, auto_pad NOTSET (or VALID), dilations 1. When a stride is > 1 the
 * gradient w.r.t. the input needs the remainder above as ConvTranspose
 * output_padding, so that spatial dim must be fixed in the model (unless
 * `needRemainders` is false: MaxPool routes by indices and needs none).
 */
function windowOf(ctx: RuleContext, kernelFrom?: string, needRemainders = true): Window {
  const x = ctx.input(0);
  const rank = ctx.requireRank(x, 'only 2-D (NCHW) windows are supported');
  if (rank !== 4) ctx.fail(`input "${x}" has rank ${rank}; only 2-D (NCHW) windows are supported`);
  const autoPad = stringAttribute(ctx.node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') ctx.fail(`auto_pad ${autoPad} is not supported; export with explicit pads`, 'auto_pad');
  const dilations = intsAttribute(ctx.node, 'dilations');
  if (dilations && dilations.some((d) => d !== 1)) ctx.fail(`dilations [${dilations.join(', ')}] are not supported (only 1)`, 'dilations');
  let kernel = intsAttribute(ctx.node, 'kernel_shape');
  if (!kernel && kernelFrom) {
    const wd = ctx.dims(kernelFrom);
    if (wd && wd.length === 4 && typeof wd[2] === 'number' && typeof wd[3] === 'number') kernel = [wd[2], wd[3]];
  }
  if (!kernel || kernel.length !== 2) ctx.fail('the kernel shape must be known and 2-D', 'kernel_shape');
  const strides = intsAttribute(ctx.node, 'strides') ?? [1, 1];
  const pads = autoPad === 'VALID' ? [0, 0, 0, 0] : (intsAttribute(ctx.node, 'pads') ?? [0, 0, 0, 0]);
  const dims = ctx.dims(x)!;
  const remainders = [0, 1].map((i) => {
    if (strides[i] === 1) return 0;
    const d = dims[i + 2];
    if (!needRemainders) return typeof d === 'number' ? (d + pads[i] + pads[i + 2] - kernel![i]) % strides[i] : null;
    if (typeof d !== 'number') {
      return ctx.fail(`stride ${strides[i]} needs a fixed input size along spatial axis ${i} (input "${x}" has ${String(d)})`, 'strides');
    }
    return (d + pads[i] + pads[i + 2] - kernel![i]) % strides[i];
  });
  return { kernel: kernel!, strides, pads, remainders };
}

/**
 * The transpose of a stride/pad window applied to `grad` [N, C, Ho, Wo] with
 * `weights`: ConvTranspose with output_padding = the remainders, which gives
 * back the forward input's spatial size.
 */
function transposeWindow(ctx: RuleContext, grad: string, weights: string, w: Window): string {
  return ctx.emit.op('ConvTranspose', [grad, weights], {
    kernel_shape: w.kernel,
    strides: w.strides,
    pads: w.pads,
    output_padding: w.remainders as number[],
  });
}

/**
 * Conv (2-D, group 1, dilation 1), Y = X ⋆ W + B:
 * - dX = ConvTranspose(dY, W) with the forward strides and pads;
 * - dW = Conv(Xᵀ, dYᵀ) with the roles of stride and dilation swapped, where
 *   ᵀ swaps batch and channel axes, cropped to the kernel size and swapped back;
 * - dB = Σ over N, H, W of dY.
 */
export const convRule: GradientRule = {
  attributes: ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad'],
  differentiable: [0, 1, 2],
  check(ctx) {
    const group = intAttribute(ctx.node, 'group', 1);
    if (group !== 1) ctx.fail(`group = ${group} is not supported (only 1)`, 'group');
    const wd = ctx.dims(ctx.input(1));
    if (!wd || wd.length !== 4 || wd.some((d) => typeof d !== 'number')) ctx.fail(`the weight "${ctx.input(1)}" needs a fixed 4-D shape`);
    windowOf(ctx, ctx.input(1));
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const w = ctx.input(1);
    const win = windowOf(ctx, w);
    let dX: string | undefined;
    let dW: string | undefined;
    let dB: string | undefined;
    if (ctx.needsGrad(0)) dX = transposeWindow(ctx, dY!, w, win);
    if (ctx.needsGrad(1)) {
      const xT = e.op('Transpose', [x], { perm: [1, 0, 2, 3] });
      const dyT = e.op('Transpose', [dY!], { perm: [1, 0, 2, 3] });
      let full = e.op('Conv', [xT, dyT], { dilations: win.strides, pads: win.pads, strides: [1, 1] });
      if (win.remainders.some((r) => r !== 0)) {
        full = e.op('Slice', [full, e.ints([0, 0]), e.ints(win.kernel), e.ints([2, 3])]);
      }
      dW = e.op('Transpose', [full], { perm: [1, 0, 2, 3] });
    }
    if (ctx.needsGrad(2)) dB = e.op('ReduceSum', [dY!, e.ints([0, 2, 3])], { keepdims: 0 });
    return [dX, dW, dB];
  },
};

/**
 * MaxPool: the gradient goes to the argmax of each window. The forward node's
 * Indices output (added when absent) holds flat positions in N·C·H·W; dX =
 * ScatterElements(zeros, indices, dY) reshaped to X. Overlapping windows
 * (stride < kernel) can pick one element twice, so they need
 * ScatterElements reduction = 'add' (opset ≥ 16); with opset 13–15 only
 * non-overlapping windows (stride ≥ kernel) are accepted. Ties: ONNX Runtime
 * reports the first maximum in the window, as PyTorch does on CPU.
 */
export const maxPoolRule: GradientRule = {
  attributes: ['kernel_shape', 'strides', 'pads', 'dilations', 'auto_pad', 'ceil_mode', 'storage_order'],
  differentiable: [0],
  check(ctx) {
    if (intAttribute(ctx.node, 'storage_order', 0) !== 0) ctx.fail('storage_order 1 is not supported', 'storage_order');
    const win = windowOf(ctx, undefined, false);
    const overlapping = win.strides.some((s, i) => s < win.kernel[i]);
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
    const win = windowOf(ctx, undefined, false);
    let indices = ctx.output(1);
    if (indices === '') {
      indices = e.fresh(`${ctx.label}/indices`);
      ctx.node.output = [ctx.output(0), indices];
    }
    const zeros = e.op('ConstantOfShape', [e.op('Reshape', [e.op('Size', [x]), e.ints([1])])], {
      value: { tensor: makeTensorProto('zero', e.floatType, [1], [0]) },
    });
    const overlapping = win.strides.some((s, i) => s < win.kernel[i]);
    const scattered = e.op(
      'ScatterElements',
      [zeros, e.op('Reshape', [indices, e.ints([-1])]), e.op('Reshape', [dY!, e.ints([-1])])],
      { axis: 0, reduction: overlapping ? 'add' : undefined },
    );
    return [e.op('Reshape', [scattered, e.shape(x)])];
  },
};

/**
 * AveragePool (2-D, ceil_mode 0): each output gradient is spread evenly over
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
    windowOf(ctx);
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const win = windowOf(ctx);
    const area = win.kernel[0] * win.kernel[1];
    const padded = win.pads.some((p) => p !== 0);
    let scaled: string;
    if (padded && intAttribute(ctx.node, 'count_include_pad', 0) === 0) {
      const ones = e.op('ConstantOfShape', [e.shape(x)], { value: { tensor: makeTensorProto('one', e.floatType, [1], [1]) } });
      const fraction = e.op('AveragePool', [ones], { kernel_shape: win.kernel, strides: win.strides, pads: win.pads, count_include_pad: 1 });
      scaled = e.op('Div', [dY!, e.op('Mul', [fraction, e.float(area)])]);
    } else {
      scaled = e.op('Div', [dY!, e.float(area)]);
    }
    const spatial = e.op('Slice', [e.shape(dY!), e.ints([2]), e.ints([4])]);
    const folded = e.op('Reshape', [scaled, e.op('Concat', [e.ints([-1, 1]), spatial], { axis: 0 })]);
    const ones = e.float(new Array<number>(area).fill(1), [1, 1, win.kernel[0], win.kernel[1]]);
    return [e.op('Reshape', [transposeWindow(ctx, folded, ones, win), e.shape(x)])];
  },
};

