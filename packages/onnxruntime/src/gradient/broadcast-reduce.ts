/**
 * Summing a gradient back to the shape of an input that was broadcast.
 */
import { DataType, type TensorProto } from '../onnx/onnx-proto.js';
import { makeTensorProto } from '../onnx/tensor-proto.js';
import type { GraphEmitter } from './graph-emitter.js';
import { sameDim, type SymDim } from './shape-inference.js';

/**
 * Returns a tensor of `target`'s shape holding `grad` summed over the axes
 * along which `target` was broadcast (numpy rules: leading axes it lacks, and
 * axes where it has size 1).
 *
 * Static path, when `target`'s rank and each of its dims relative to
 * `gradDims` are decidable: ReduceSum over the broadcast axes (size-1 axes of
 * `target` are summed even when the gradient's dim is 1 too; that sum is the
 * identity), then Reshape to `Shape(target)`. Otherwise a dynamic path:
 * pad `Shape(target)` with leading ones, compare with `Shape(grad)`, sum over
 * the axes that differ (`NonZero`, `noop_with_empty_axes=1`), and Reshape.
 */
export function reduceToShapeOf(
  emit: GraphEmitter,
  grad: string,
  gradDims: readonly SymDim[] | undefined,
  target: string,
  targetDims: readonly SymDim[] | undefined,
): string {
  if (gradDims && targetDims && gradDims.length >= targetDims.length) {
    const lead = gradDims.length - targetDims.length;
    const axes: number[] = [];
    for (let i = 0; i < lead; i++) axes.push(i);
    let decidable = true;
    for (let i = 0; i < targetDims.length; i++) {
      const t = targetDims[i];
      const g = gradDims[lead + i];
      if (t === 1) {
        if (g !== 1) axes.push(lead + i);
      } else if (sameDim(t, g) || typeof t === 'number') {
        // Same size, or a fixed size > 1 that cannot have been broadcast.
      } else {
        decidable = false;
        break;
      }
    }
    if (decidable) {
      if (axes.length === 0) return grad;
      if (axes.length === lead) return emit.op('ReduceSum', [grad, emit.ints(axes)], { keepdims: 0 });
      const summed = emit.op('ReduceSum', [grad, emit.ints(axes)], { keepdims: 1 });
      const fixed = targetDims.every((d) => typeof d === 'number');
      return emit.op('Reshape', [summed, fixed ? emit.ints(targetDims as number[]) : emit.shape(target)]);
    }
  }
  const gradShape = emit.shape(grad);
  const targetShape = emit.shape(target);
  const gradRank = emit.op('Size', [gradShape]);
  const targetRank = emit.op('Size', [targetShape]);
  const missing = emit.op('Reshape', [emit.op('Sub', [gradRank, targetRank]), emit.ints([1])]);
  const ones = emit.op('ConstantOfShape', [missing], { value: { tensor: int64One() } });
  const padded = emit.op('Concat', [ones, targetShape], { axis: 0 });
  const differs = emit.op('Not', [emit.op('Equal', [padded, gradShape])]);
  const axes = emit.op('Reshape', [emit.op('NonZero', [differs]), emit.ints([-1])]);
  const summed = emit.op('ReduceSum', [grad, axes], { keepdims: 1, noop_with_empty_axes: 1 });
  return emit.op('Reshape', [summed, targetShape]);
}

function int64One(): TensorProto {
  return makeTensorProto('one', DataType.INT64, [1], [1]);
}
