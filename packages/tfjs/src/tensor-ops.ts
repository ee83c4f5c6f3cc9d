import {
  abs,
  add,
  div,
  fill,
  greater,
  greaterEqual,
  maximum,
  minimum,
  mul,
  neg,
  sign,
  sqrt,
  square,
  sub,
  sum,
  where,
} from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { float64Ops } from '@weight-decay/core/adapter';
import type { UpdateOps } from '@weight-decay/core/adapter';

/** A program value on tfjs: a tensor, or a plain number for the per-step scalars. */
export type TensorValue = Tensor | number;

/** A condition: a boolean tensor, or a plain boolean when both operands were numbers. */
export type TensorCondition = Tensor | boolean;

type Binary = (a: TensorValue, b: TensorValue) => Tensor;

type OnNumbers = (a: number, b: number) => unknown;

/** Numbers stay numbers (computed by core's float64 ops); anything with a tensor becomes a tfjs op. */
function binary(op: Binary, onNumbers: OnNumbers): (a: TensorValue, b: TensorValue) => TensorValue {
  return (a, b) => (typeof a === 'number' && typeof b === 'number' ? (onNumbers(a, b) as number) : op(a, b));
}

function unary(op: (a: Tensor) => Tensor, onNumber: (a: number) => unknown): (a: TensorValue) => TensorValue {
  return (a) => (typeof a === 'number' ? (onNumber(a) as number) : op(a));
}

function broadcastTo(value: TensorValue, like: Tensor): Tensor {
  return typeof value === 'number' ? fill(like.shape, value, 'float32') : value;
}

/**
 * core's update program in tfjs ops: every backend (cpu, wasm, webgl,
 * webgpu, node) runs the optimizers and decay terms of `@weight-decay/core`
 * through these. Must be used inside `tidy`.
 */
export const tensorOps: UpdateOps<TensorValue, TensorCondition> = {
  constant: (value) => value,
  add: binary(add, float64Ops.add),
  sub: binary(sub, float64Ops.sub),
  mul: binary(mul, float64Ops.mul),
  div: binary(div, float64Ops.div),
  neg: unary(neg, float64Ops.neg),
  sqrt: unary(sqrt, float64Ops.sqrt),
  abs: unary(abs, float64Ops.abs),
  // tfjs's sign(0) is 0, as the program requires.
  sign: unary(sign, float64Ops.sign),
  max: binary(maximum, float64Ops.max),
  min: binary(minimum, float64Ops.min),
  greater: (a, b) => (typeof a === 'number' && typeof b === 'number' ? (float64Ops.greater(a, b) as boolean) : greater(a, b)),
  greaterEqual: (a, b) =>
    typeof a === 'number' && typeof b === 'number' ? (float64Ops.greaterEqual(a, b) as boolean) : greaterEqual(a, b),
  select(condition, a, b) {
    if (typeof condition === 'boolean') return condition ? a : b;
    return where(condition, broadcastTo(a, condition), broadcastTo(b, condition));
  },
  sumOfSquares: unary((a) => sum(square(a)), float64Ops.sumOfSquares),
};
