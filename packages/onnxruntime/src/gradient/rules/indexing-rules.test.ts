import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { buildTrainingGraph } from '../build-training-graph.js';
import { checkGradients, f64, int64Tensor, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(41);
const size = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);

function param(g: GraphBuilder, dims: number[]): GraphBuilder {
  return g.initializer('X', 'float64', dims, uniform(rand, size(dims)));
}

describe('Gather and GatherElements', () => {
  it('Gather axis 0 as an embedding lookup, with repeated and negative indices from a data input', async () => {
    const g = param(new GraphBuilder().input('ids', 'int64', ['batch', 3]), [5, 4]).node('Gather', ['X', 'ids'], ['Y'], { axis: 0 });
    await checkGradients(probeLoss(g, 'Y', [2, 3, 4]).build(), { loss: PROBE }, { ids: int64Tensor([0, 4, 0, -1, 2, 2], [2, 3]) });
  });

  it('Gather axis 1 with constant indices, and a scalar index (rank drops)', async () => {
    const g = param(new GraphBuilder(), [2, 4, 3])
      .constant('idx', 'int64', [2, 2], [3, 1, 1, 0])
      .constant('one', 'int64', [], [2])
      .node('Gather', ['X', 'idx'], ['A'], { axis: 1 })
      .node('Gather', ['X', 'one'], ['B'], { axis: -1 })
      .node('ReduceSum', ['A'], ['As'], { keepdims: 0 })
      .node('ReduceSum', ['B'], ['Bs'], { keepdims: 0 })
      .node('Mul', ['A', 'A'], ['A2'])
      .node('Mul', ['B', 'B'], ['B2'])
      .node('ReduceSum', ['A2'], ['a2'], { keepdims: 0 })
      .node('ReduceSum', ['B2'], ['b2'], { keepdims: 0 })
      .node('Add', ['a2', 'b2'], ['loss'])
      .output('loss', 'float64', []);
    await checkGradients(g.build(), { loss: { type: 'output', name: 'loss' } }, {});
  });

  it('GatherElements along axis 1, indices repeating', async () => {
    const g = param(new GraphBuilder(), [3, 4])
      .constant('idx', 'int64', [3, 5], [0, 1, 1, 3, -1, 2, 2, 2, 0, 1, 3, 0, 1, 2, 3])
      .node('GatherElements', ['X', 'idx'], ['Y'], { axis: 1 });
    await checkGradients(probeLoss(g, 'Y', [3, 5]).build(), { loss: PROBE }, {});
  });

  it('refuses Gather at opset 15 (the repeated-index scatter needs 16)', () => {
    const g = new GraphBuilder({ opset: 15 })
      .initializer('X', 'float64', [4, 2], uniform(rand, 8))
      .constant('idx', 'int64', [2], [1, 1])
      .node('Gather', ['X', 'idx'], ['Y'], {}, 'embed');
    expect(() => buildTrainingGraph(probeLoss(g, 'Y', [2, 2]).build(), { loss: PROBE })).toThrow(/Gather node "embed": .*opset ≥ 16/);
  });
});

describe('Slice, Split, Tile, Expand, Pad, Where, Cast', () => {
  it('Slice with negative starts, steps > 1, a reversed axis, and an omitted axis', async () => {
    const g = param(new GraphBuilder(), [4, 6, 3])
      .constant('starts', 'int64', [2], [-1, 1])
      .constant('ends', 'int64', [2], [-10, 100])
      .constant('axes', 'int64', [2], [0, 1])
      .constant('steps', 'int64', [2], [-2, 2])
      .node('Slice', ['X', 'starts', 'ends', 'axes', 'steps'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 3, 3]).build(), { loss: PROBE }, {});
  });

  it('Slice with ends from Shape (dynamic)', async () => {
    const g = new GraphBuilder()
      .input('x', 'float64', ['n', 4])
      .initializer('W', 'float64', [4, 5], uniform(rand, 20))
      .constant('one', 'int64', [1], [1])
      .constant('two', 'int64', [1], [2])
      .node('MatMul', ['x', 'W'], ['h'])
      .node('Shape', ['h'], ['s'])
      .node('Slice', ['s', 'one', 'two'], ['width'])
      .node('Slice', ['h', 'one', 'width', 'one'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 4]).build(), { loss: PROBE }, { x: f64(uniform(rand, 8), [2, 4]) });
  });

  it('Split into sizes (input) and evenly (num_outputs, opset 18), with an unused output', async () => {
    const g = param(new GraphBuilder({ opset: 18 }), [2, 6])
      .constant('sizes', 'int64', [3], [1, 3, 2])
      .node('Split', ['X', 'sizes'], ['a', 'b', 'c'], { axis: 1 })
      .node('Split', ['X'], ['d', 'e'], { axis: 0, num_outputs: 2 })
      .node('Mul', ['a', 'c'], ['ac'])
      .node('Concat', ['ac', 'b'], ['acb'], { axis: 1 })
      .node('ReduceSum', ['d'], ['dsum'], { keepdims: 0 })
      .node('Mul', ['acb', 'dsum'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 5]).build(), { loss: PROBE }, {});
  });

  it('Tile and Expand (a broadcast to a larger rank)', async () => {
    const g = param(new GraphBuilder(), [2, 1, 3])
      .constant('reps', 'int64', [3], [2, 4, 1])
      .constant('shape', 'int64', [4], [2, 2, 4, 3])
      .node('Tile', ['X', 'reps'], ['T'])
      .node('Expand', ['X', 'shape'], ['E'])
      .node('Reshape', ['T', 'shape'], ['T4'])
      .node('Mul', ['T4', 'E'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 2, 4, 3]).build(), { loss: PROBE }, {});
  });

  it('Pad in constant mode: pads input, a value, axes (opset 18), and negative pads (crop)', async () => {
    const g = param(new GraphBuilder({ opset: 18 }), [2, 3, 4])
      .constant('pads', 'int64', [6], [0, 1, 2, 1, 0, 1])
      .constant('crop', 'int64', [4], [1, -1, 0, -2])
      .constant('axes', 'int64', [2], [1, 2])
      .constant('value', 'float64', [], [0.5])
      .node('Pad', ['X', 'pads', 'value'], ['P'])
      .node('Pad', ['X', 'crop', '', 'axes'], ['C'])
      .node('ReduceSum', ['C'], ['c'], { keepdims: 0 })
      .node('Mul', ['P', 'c'], ['Y']);
    // P: [2 + 0 + 1, 3 + 1 + 0, 4 + 2 + 1]; C crops axis 2 to 4 − 1 − 2 = 1 and pads axis 1 to 3 + 1.
    await checkGradients(probeLoss(g, 'Y', [3, 4, 7]).build(), { loss: PROBE }, {});
  });

  it('Pad in reflect and edge modes (border elements are copies: their gradients add up)', async () => {
    const g = param(new GraphBuilder(), [2, 3, 4])
      .constant('pads', 'int64', [6], [0, 2, 1, 0, 1, 2])
      .node('Pad', ['X', 'pads'], ['R'], { mode: 'reflect' })
      .node('Pad', ['X', 'pads'], ['E'], { mode: 'edge' })
      .node('Mul', ['R', 'E'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 6, 7]).build(), { loss: PROBE }, {});
  });

  it('Pad in wrap mode is refused, naming node and attribute', () => {
    const g = param(new GraphBuilder({ opset: 19 }), [2, 3])
      .constant('pads', 'int64', [4], [0, 1, 0, 1])
      .node('Pad', ['X', 'pads'], ['Y'], { mode: 'wrap' }, 'wrap-pad');
    expect(() => buildTrainingGraph(probeLoss(g, 'Y', [2, 5]).build(), { loss: PROBE })).toThrow(/Pad node "wrap-pad": mode "wrap"/);
  });

  it('Where with both branches trained and broadcast, the condition from a comparison', async () => {
    const g = param(new GraphBuilder(), [2, 3])
      .initializer('B', 'float64', [3], uniform(rand, 3))
      .constant('zero', 'float64', [], [0])
      .node('Greater', ['X', 'zero'], ['cond'])
      .node('Mul', ['X', 'X'], ['X2'])
      .node('Where', ['cond', 'X2', 'B'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});
  });

  it('Cast float64 → float32 → float64, and a cast to int64 that carries no gradient', async () => {
    const g = param(new GraphBuilder(), [2, 3])
      .node('Cast', ['X'], ['x32'], { to: 1 })
      .node('Cast', ['x32'], ['x64'], { to: 11 })
      .node('Sigmoid', ['x64'], ['s'])
      .node('Cast', ['X'], ['xi'], { to: 7 })
      .node('Cast', ['xi'], ['xf'], { to: 11 })
      .node('Add', ['s', 'xf'], ['Y']);
    // The float32 round trip limits agreement to float32 precision.
    await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {}, { step: 1e-3, rtol: 1e-3, atol: 1e-4 });
  });
});
