/**
 * SoftmaxCrossEntropyLoss.
 */
import { stringAttribute } from '../../onnx/attributes.js';
import { DataType } from '../../onnx/onnx-proto.js';
import type { GradientRule } from '../gradient-rule.js';

/**
 * SoftmaxCrossEntropyLoss(scores [N, C, d…], labels [N, d…] int64), no
 * weights, no ignore_index. With p = softmax(scores) along axis 1 and
 * onehot(labels) along axis 1:
 * - reduction 'mean': dScores = (p − onehot)·dLoss / |labels|
 * - reduction 'sum':  dScores = (p − onehot)·dLoss
 * - reduction 'none': dScores = (p − onehot)·Unsqueeze(dLoss, 1)
 * p comes from the op's log_prob output (added to the node when absent); the
 * one-hot is Equal(Unsqueeze(labels, 1), Range(0, C)) cast to the float type
 * (OneHot has no double kernel in ORT's CPU provider).
 */
export const softmaxCrossEntropyLossRule: GradientRule = {
  attributes: ['reduction'],
  differentiable: [0],
  check(ctx) {
    const reduction = stringAttribute(ctx.node, 'reduction', 'mean');
    if (!['mean', 'sum', 'none'].includes(reduction)) ctx.fail(`reduction "${reduction}" is unknown`, 'reduction');
    if (ctx.input(2) !== '') ctx.fail(`class weights ("${ctx.input(2)}") are not supported`);
    ctx.requireRank(ctx.input(0), 'the one-hot of the labels is laid out along axis 1 of the scores');
  },
  backward(ctx, [dLoss, dLogProb]) {
    if (dLogProb !== undefined) ctx.fail('a gradient through the log_prob output is not supported');
    const e = ctx.emit;
    const scores = ctx.input(0);
    const labels = ctx.input(1);
    const rank = ctx.requireRank(scores, 'the one-hot of the labels is laid out along axis 1 of the scores');
    let logProb = ctx.output(1);
    if (logProb === '') {
      logProb = e.fresh(`${ctx.label}/log_prob`);
      ctx.node.output = [ctx.output(0), logProb];
    }
    const classes = e.op('Gather', [e.shape(scores), e.ints([1], [])], { axis: 0 });
    const range = e.op('Range', [e.ints([0], []), classes, e.ints([1], [])]);
    const column = rank > 2 ? e.op('Reshape', [range, e.ints([-1, ...new Array<number>(rank - 2).fill(1)])]) : range;
    // Labels may be int32 (ONNX allows it); Range gives int64, and Equal needs one type.
    const labels64 = ctx.shapes.dataType(labels) === DataType.INT32 ? e.op('Cast', [labels], { to: DataType.INT64 }) : labels;
    const hit = e.op('Equal', [e.op('Unsqueeze', [labels64, e.ints([1])]), column]);
    const oneHot = e.op('Cast', [hit], { to: e.floatType });
    const diff = e.op('Sub', [e.op('Exp', [logProb]), oneHot]);
    const reduction = stringAttribute(ctx.node, 'reduction', 'mean');
    let scale: string;
    if (reduction === 'none') scale = e.op('Unsqueeze', [dLoss!, e.ints([1])]);
    else if (reduction === 'sum') scale = dLoss!;
    else scale = e.op('Div', [dLoss!, e.op('Cast', [e.op('Size', [labels])], { to: e.floatType })]);
    return [e.op('Mul', [diff, scale])];
  },
};
