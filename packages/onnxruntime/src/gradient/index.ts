/**
 * The gradient builder: training graphs of standard ai.onnx ops for
 * onnxruntime-node, which has no training backend.
 *
 * `buildTrainingGraph` appends a loss to a forward model and differentiates
 * it in reverse mode, one rule per op type (`supportedGradientOps()`):
 * MatMul, Gemm, Add, Sub, Mul, Div (with numpy broadcasting; gradients are
 * summed back over broadcast axes), Pow (constant exponent), Neg, Exp, Log,
 * Sqrt, Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, ReduceSum,
 * ReduceMean, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat,
 * Identity, Dropout (inference mode), SoftmaxCrossEntropyLoss, 2-D Conv
 * (group 1, dilation 1), MaxPool (any kernel/stride at opset ≥ 16;
 * non-overlapping windows at opset 13–15) and AveragePool (ceil_mode 0).
 * Gradients of tensors used more than once are summed. Anything else between
 * the parameters and the loss, or an attribute a rule does not support, is an
 * `OnnxGraphError` naming the op type and node, thrown while building.
 *
 * Naming contract, shared with prebuilt graphs checked by
 * `validateTrainingGraph`: parameters are graph inputs under their forward
 * names, the scalar loss is the output `loss`, and the gradient of `p` is the
 * output `${p}_grad`.
 */
export { buildTrainingGraph, gradientOutputName, LOSS_OUTPUT } from './build-training-graph.js';
export { validateTrainingGraph } from './validate-training-graph.js';
export type { LossSpec, TrainingGraph, BuildTrainingGraphOptions, ValidateTrainingGraphOptions } from './training-graph.js';
export { supportedGradientOps } from './rules/index.js';
