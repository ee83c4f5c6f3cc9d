import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder.js';
import { AttributeType, decodeModel } from './onnx-proto.js';

describe('GraphBuilder', () => {
  it('builds a model ORT runs: inputs with symbolic dims, initializers, Constant nodes, float and int attributes', async () => {
    const model = new GraphBuilder({ opset: 17 })
      .input('x', 'float32', ['batch', 2])
      .initializer('W', 'float32', [2, 2], [1, 2, 3, 4])
      .constant('c', 'float32', [2], [0.5, -1])
      .node('Gemm', ['x', 'W', 'c'], ['g'], { alpha: { float: 2 }, transB: 1 }, 'gemm')
      .node('LeakyRelu', ['g'], ['y'], { alpha: 0.5 })
      .output('y', 'float32', ['batch', 2])
      .build();
    const node = decodeModel(model).graph!.node!.find((n) => n.name === 'gemm')!;
    expect(node.attribute!.map((a) => [a.name, a.type])).toEqual([
      ['alpha', AttributeType.FLOAT],
      ['transB', AttributeType.INT],
    ]);
    const session = await ort.InferenceSession.create(model);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 1, -1, 0]), [2, 2]) });
    // Row [1,1]: 2·[1+2, 3+4] + [0.5, −1] = [6.5, 13]; row [−1,0]: 2·[−1, −3] + [0.5, −1] = [−1.5, −7],
    // LeakyRelu(0.5) halves the negatives: [−0.75, −3.5].
    expect(Array.from(out.y.data as Float32Array)).toEqual([6.5, 13, -0.75, -3.5]);
  });
});
