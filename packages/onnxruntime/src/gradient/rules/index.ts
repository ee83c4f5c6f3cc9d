/**
 * The table of reverse-mode rules, by ai.onnx op type.
 */
import type { GradientRule } from '../gradient-rule.js';
import {
  reluRule, leakyReluRule, sigmoidRule, tanhRule, softmaxRule, logSoftmaxRule, erfRule, softplusRule, eluRule, seluRule,
  clipRule, hardSigmoidRule, hardSwishRule, geluRule,
} from './activation-rules.js';
import {
  addRule, subRule, mulRule, divRule, powRule, negRule, expRule, logRule, sqrtRule, identityRule, dropoutRule, sinRule,
  cosRule, absRule, minRule, maxRule, reciprocalRule, sumRule, meanRule, preluRule,
} from './elementwise-rules.js';
import { averagePoolRule, convRule, convTransposeRule, maxPoolRule } from './conv-rules.js';
import {
  castRule, expandRule, gatherElementsRule, gatherRule, padRule, sliceRule, splitRule, tileRule, whereRule,
} from './indexing-rules.js';
import { gemmRule, matMulRule } from './linear-rules.js';
import { softmaxCrossEntropyLossRule } from './loss-rules.js';
import { batchNormalizationRule, instanceNormalizationRule, layerNormalizationRule } from './normalization-rules.js';
import {
  globalAveragePoolRule, globalMaxPoolRule, reduceL2Rule, reduceLogSumExpRule, reduceMaxRule, reduceMeanRule, reduceMinRule,
  reduceSumRule,
} from './reduce-rules.js';
import { concatRule, flattenRule, reshapeRule, squeezeRule, transposeRule, unsqueezeRule } from './shape-rules.js';

/** Every op type the builder can differentiate, with its rule. */
export const gradientRules: ReadonlyMap<string, GradientRule> = new Map<string, GradientRule>([
  ['MatMul', matMulRule],
  ['Gemm', gemmRule],
  ['Add', addRule],
  ['Sub', subRule],
  ['Mul', mulRule],
  ['Div', divRule],
  ['Pow', powRule],
  ['Neg', negRule],
  ['Exp', expRule],
  ['Log', logRule],
  ['Sqrt', sqrtRule],
  ['Identity', identityRule],
  ['Dropout', dropoutRule],
  ['Relu', reluRule],
  ['LeakyRelu', leakyReluRule],
  ['Sigmoid', sigmoidRule],
  ['Tanh', tanhRule],
  ['Softmax', softmaxRule],
  ['LogSoftmax', logSoftmaxRule],
  ['ReduceSum', reduceSumRule],
  ['ReduceMean', reduceMeanRule],
  ['Reshape', reshapeRule],
  ['Flatten', flattenRule],
  ['Transpose', transposeRule],
  ['Squeeze', squeezeRule],
  ['Unsqueeze', unsqueezeRule],
  ['Concat', concatRule],
  ['SoftmaxCrossEntropyLoss', softmaxCrossEntropyLossRule],
  ['Conv', convRule],
  ['MaxPool', maxPoolRule],
  ['AveragePool', averagePoolRule],
  ['ConvTranspose', convTransposeRule],
  ['GlobalAveragePool', globalAveragePoolRule],
  ['GlobalMaxPool', globalMaxPoolRule],
  ['ReduceMax', reduceMaxRule],
  ['ReduceMin', reduceMinRule],
  ['ReduceL2', reduceL2Rule],
  ['ReduceLogSumExp', reduceLogSumExpRule],
  ['Gather', gatherRule],
  ['GatherElements', gatherElementsRule],
  ['Slice', sliceRule],
  ['Split', splitRule],
  ['Expand', expandRule],
  ['Tile', tileRule],
  ['Pad', padRule],
  ['Where', whereRule],
  ['Cast', castRule],
  ['Erf', erfRule],
  ['Softplus', softplusRule],
  ['Elu', eluRule],
  ['Selu', seluRule],
  ['Clip', clipRule],
  ['HardSigmoid', hardSigmoidRule],
  ['HardSwish', hardSwishRule],
  ['Gelu', geluRule],
  ['Sin', sinRule],
  ['Cos', cosRule],
  ['Abs', absRule],
  ['Min', minRule],
  ['Max', maxRule],
  ['LayerNormalization', layerNormalizationRule],
  ['BatchNormalization', batchNormalizationRule],
  ['Reciprocal', reciprocalRule],
  ['Sum', sumRule],
  ['Mean', meanRule],
  ['PRelu', preluRule],
  ['InstanceNormalization', instanceNormalizationRule],
]);

/**
 * Ops whose outputs never carry a gradient (integer or boolean results, or
 * values that depend on shapes only). They may sit anywhere in the graph.
 */
export const nonDifferentiableOps: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor',
  'ArgMax', 'ArgMin', 'NonZero', 'ConstantOfShape', 'Range', 'Constant', 'IsNaN', 'IsInf', 'Sign', 'Floor', 'Ceil', 'Round',
]);

/** The op types with a reverse-mode rule, sorted. */
export function supportedGradientOps(): string[] {
  return [...gradientRules.keys()].sort();
}
