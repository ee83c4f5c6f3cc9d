/**
 * The gradient builder: training graphs of standard ai.onnx ops for
 * onnxruntime-node, which has no training backend.
 *
 * `buildTrainingGraph` appends a loss to a forward model and differentiates
 * it in reverse mode, one rule per op type (`supportedGradientOps()`):
 * arithmetic with numpy broadcasting (Add, Sub, Mul, Div, Pow with a constant
 * exponent, Min, Max, Sum, Mean, PRelu; gradients are summed back over
 * broadcast axes),
 * MatMul, Gemm, unary functions (Neg, Exp, Log, Sqrt, Abs, Sin, Cos, Erf,
 * Reciprocal),
 * activations (Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus,
 * Elu, Selu, Clip, HardSigmoid, HardSwish, Gelu), reductions (ReduceSum,
 * ReduceMean, ReduceMax, ReduceMin, ReduceL2, ReduceLogSumExp), layout and
 * indexing (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat, Split,
 * Slice, Gather, GatherElements, Expand, Tile, Pad (constant, reflect, edge), Where,
 * Cast, Identity), LayerNormalization, InstanceNormalization (GroupNorm),
 * BatchNormalization, Dropout,
 * SoftmaxCrossEntropyLoss, Conv and ConvTranspose (1-, 2-, 3-D, groups,
 * dilations), MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool.
 * Gradients of tensors used more than once are summed. Ops between the
 * parameters and the loss without a rule are listed, all at once, in one
 * `OnnxGraphError` naming each node; an attribute a rule does not support is
 * an `OnnxGraphError` naming the op type, node and attribute. Both are thrown
 * while building.
 *
 * Naming contract, shared with prebuilt graphs checked by
 * `validateTrainingGraph`: parameters are graph inputs under their forward
 * names, the scalar loss is the output `loss`, and the gradient of `p` is the
 * output `${p}_grad`.
 */
export { buildTrainingGraph, gradientOutputName, LOSS_OUTPUT } from './build-training-graph.js';
export { validateTrainingGraph } from './validate-training-graph.js';
export { inferenceModeModel } from './forward-modes.js';
export type {
  LossSpec,
  TrainingGraph,
  BuildTrainingGraphOptions,
  ValidateTrainingGraphOptions,
  LayerMode,
  RandomInput,
  StateTensor,
} from './training-graph.js';
export { supportedGradientOps } from './rules/index.js';
