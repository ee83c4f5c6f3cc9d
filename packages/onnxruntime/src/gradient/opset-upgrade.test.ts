import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { decodeModel } from '../onnx/onnx-proto.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f64, PROBE, probeLoss, seeded, uniform } from './fd-check.test-util.js';

const rand = seeded(17);

describe('forward models older than opset 13', () => {
  it('opset 11: Softmax over a flattened 2-D view, ReduceSum/Unsqueeze/Squeeze with axes attributes', async () => {
    // Opset-11 Softmax(axis=1) on [2,3,2] normalises over the 6 trailing elements of each row,
    // not over axis 1 alone; the finite differences run the original opset-11 model, so a wrong
    // upgrade shows up as a gradient mismatch.
    const g = new GraphBuilder({ opset: 11 })
      .input('x', 'float64', [2, 3])
      .initializer('W', 'float64', [3, 6], uniform(rand, 18))
      .constant('shape', 'int64', [3], [2, 3, 2])
      .node('MatMul', ['x', 'W'], ['h'])
      .node('Reshape', ['h', 'shape'], ['h3'])
      .node('Softmax', ['h3'], ['s'], { axis: 1 })
      .node('LogSoftmax', ['h3'], ['ls'], { axis: 2 })
      .node('Add', ['s', 'ls'], ['sum'])
      .node('ReduceSum', ['sum'], ['r'], { axes: [2], keepdims: 0 })
      .node('Unsqueeze', ['r'], ['u'], { axes: [0] })
      .node('Squeeze', ['u'], ['Y'], { axes: [0] });
    const model = probeLoss(g, 'Y', [2, 3]).build();
    const { graph } = await checkGradients(model, { loss: PROBE }, { x: f64(uniform(rand, 6), [2, 3]) });
    const proto = decodeModel(graph.model);
    expect(proto.opsetImport!.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
  });

  it('opset 11 models with ops whose meaning changed are refused, naming the op', () => {
    const model = new GraphBuilder({ opset: 11 })
      .input('x', 'float64', [4])
      .initializer('W', 'float64', [4], [1, 2, 3, 4])
      .node('Mul', ['x', 'W'], ['h'])
      .node('Split', ['h'], ['a', 'b'], { axis: 0 }, 'split')
      .node('ReduceSum', ['a'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', [])
      .build();
    expect(() => buildTrainingGraph(model, { loss: PROBE })).toThrow(/Split node "split": the model uses opset 11/);
  });

  it('opset 17 models keep opset 17', () => {
    const model = probeLoss(
      new GraphBuilder({ opset: 17 }).initializer('W', 'float64', [2], [1, 2]).node('Exp', ['W'], ['Y']),
      'Y',
      [2],
    ).build();
    const proto = decodeModel(buildTrainingGraph(model, { loss: PROBE }).model);
    expect(proto.opsetImport!.map((o) => Number(o.version))).toEqual([17]);
  });
});
