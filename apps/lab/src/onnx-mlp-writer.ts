/**
 * Writes the lab's forward MLP as ONNX bytes with the graph builder of
 * `@weight-decay/onnxruntime` (opset 17, IR 8): MatMul, Add and Relu only,
 * the ops its gradient builder differentiates.
 */
import { GraphBuilder } from '@weight-decay/onnxruntime';
import type { MlpArchitecture, ParameterTensor } from './mlp-model.js';
import { biasName, kernelName } from './mlp-model.js';

/** Graph input holding the images, `[batch, 784]`. */
export const imagesInput = 'images';
/** Graph output holding the logits, `[batch, 10]`. */
export const logitsOutput = 'logits';

/**
 * The forward MLP as ONNX bytes: `logits = (relu(x·W1 + b1)·W2 + b2)…`
 * (MatMul, Add, Relu). The batch dimension is symbolic.
 *
 * @param parameters - stored as float initializers named like the
 *   parameters; or, when `null`, every parameter becomes a graph input of
 *   that name instead (a scoring model that is fed the current weights).
 */
export function buildMlpOnnx(architecture: MlpArchitecture, parameters: readonly ParameterTensor[] | null): Uint8Array {
  const sizes = architecture.layerSizes;
  const byName = new Map((parameters ?? []).map((p) => [p.name, p]));
  const builder = new GraphBuilder({ name: 'mlp' }).input(imagesInput, 'float32', ['batch', sizes[0]]);
  for (let layer = 1; layer < sizes.length; layer++) {
    const shapes = [[sizes[layer - 1], sizes[layer]], [sizes[layer]]];
    [kernelName(layer), biasName(layer)].forEach((name, i) => {
      if (parameters === null) {
        builder.input(name, 'float32', shapes[i]);
        return;
      }
      const p = byName.get(name);
      if (!p) throw new RangeError(`buildMlpOnnx: missing initial values for ${name}`);
      builder.initializer(name, 'float32', p.shape, p.values);
    });
  }
  let current = imagesInput;
  for (let layer = 1; layer < sizes.length; layer++) {
    const last = layer === sizes.length - 1;
    const product = `dense${layer}/matmul`;
    const sum = last ? logitsOutput : `dense${layer}/preactivation`;
    builder.node('MatMul', [current, kernelName(layer)], [product]);
    builder.node('Add', [product, biasName(layer)], [sum]);
    if (!last) {
      current = `dense${layer}/relu`;
      builder.node('Relu', [sum], [current]);
    }
  }
  return builder.output(logitsOutput, 'float32', ['batch', sizes[sizes.length - 1]]).build();
}
