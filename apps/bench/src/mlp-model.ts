import { GraphBuilder } from '@weight-decay/onnxruntime';
import { filled } from './kernel-bench.js';

/** Layer sizes of the benchmark MLP, as in docs/guides/onnxruntime-bridge.md and PyTorch's script. */
export const mlpLayers = [784, 512, 512, 10] as const;

/**
 * A 784-512-512-10 ReLU MLP as a forward ONNX model (Gemm with transB, as
 * torch.onnx.export writes nn.Linear), with deterministic small weights.
 */
export function buildMlpModel(): Uint8Array {
  const graph = new GraphBuilder().input('x', 'float32', ['batch', mlpLayers[0]]);
  let current = 'x';
  for (let i = 0; i + 1 < mlpLayers.length; i++) {
    const [fanIn, fanOut] = [mlpLayers[i], mlpLayers[i + 1]];
    const weight = filled(fanIn * fanOut, i + 1).map((v) => v / Math.sqrt(fanIn));
    graph
      .initializer(`fc${i}.weight`, 'float32', [fanOut, fanIn], weight)
      .initializer(`fc${i}.bias`, 'float32', [fanOut], new Float32Array(fanOut));
    const isLast = i + 2 === mlpLayers.length;
    const linear = isLast ? 'logits' : `fc${i}.out`;
    graph.node('Gemm', [current, `fc${i}.weight`, `fc${i}.bias`], [linear], { transB: 1 });
    if (!isLast) graph.node('Relu', [linear], [`relu${i}`]);
    current = isLast ? linear : `relu${i}`;
  }
  return graph.output('logits', 'float32', ['batch', mlpLayers[mlpLayers.length - 1]]).build();
}
