import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { DataType, decodeModel } from '../onnx/onnx-proto.js';
import { ShapeTable } from './shape-inference.js';

function table(g: GraphBuilder): ShapeTable {
  return new ShapeTable(decodeModel(g.build()).graph!);
}

describe('ShapeTable', () => {
  it('propagates symbolic batch dims through an MLP and a CNN (sizes worked out by hand)', () => {
    const t = table(
      new GraphBuilder()
        .input('x', 'float32', ['batch', 1, 28, 28])
        .initializer('W', 'float32', [4, 1, 5, 5], new Array(100).fill(0))
        .constant('shape', 'int64', [2], [-1, 4 * 6 * 6])
        .initializer('F', 'float32', [144, 10], new Array(1440).fill(0))
        // Conv 5×5, stride 2, pads 1: floor((28 + 2 − 5)/2) + 1 = 13.
        .node('Conv', ['x', 'W'], ['c'], { strides: [2, 2], pads: [1, 1, 1, 1] })
        // MaxPool 2×2 stride 2: floor((13 − 2)/2) + 1 = 6; with ceil_mode: ceil(11/2) + 1 = 7.
        .node('MaxPool', ['c'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] })
        .node('MaxPool', ['c'], ['pc'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 })
        .node('Reshape', ['p', 'shape'], ['r'])
        .node('Flatten', ['p'], ['f'])
        .node('MatMul', ['f', 'F'], ['y'])
        .node('Transpose', ['y'], ['yt'])
        .node('ReduceSum', ['yt'], ['s'], { keepdims: 0 }),
    );
    expect(t.dims('c')).toEqual(['batch', 4, 13, 13]);
    expect(t.dims('p')).toEqual(['batch', 4, 6, 6]);
    expect(t.dims('pc')).toEqual(['batch', 4, 7, 7]);
    // [-1, 144] of [batch, 4, 6, 6]: 4·6·6 = 144 cancels, leaving the batch symbol.
    expect(t.dims('r')).toEqual(['batch', 144]);
    expect(t.dims('f')).toEqual(['batch', 144]);
    expect(t.dims('y')).toEqual(['batch', 10]);
    expect(t.dims('yt')).toEqual([10, 'batch']);
    expect(t.dims('s')).toEqual([]);
    expect(t.dataType('y')).toBe(DataType.FLOAT);
    expect(t.constantInts('shape')).toEqual([-1, 144]);
  });

  it('broadcasts, keeps a symbolic dim through Reshape to [-1, k], and leaves unknown ops unknown', () => {
    const t = table(
      new GraphBuilder()
        .input('x', 'float64', ['n', 3])
        .input('b', 'float64', [2, 1, 1])
        .constant('shape', 'int64', [2], [-1, 3])
        .constant('axes', 'int64', [2], [0, -1])
        .node('Add', ['x', 'b'], ['y'])
        .node('Reshape', ['x', 'shape'], ['r'])
        .node('Unsqueeze', ['x', 'axes'], ['u'])
        .node('Concat', ['x', 'x'], ['c'], { axis: 1 })
        .node('Einsum', ['x'], ['s'], { equation: 'ij->ji' }),
    );
    expect(t.dims('y')).toEqual([2, 'n', 3]);
    expect(t.dims('r')).toEqual(['n', 3]);
    expect(t.dims('u')).toEqual([1, 'n', 3, 1]);
    expect(t.dims('c')).toEqual(['n', 6]);
    expect(t.dims('s')).toBeUndefined();
  });

  it('follows a dynamic-batch reshape chain Shape→Gather→Unsqueeze→Concat→Reshape (as torch exports x.reshape(B, S, H, D))', () => {
    const t = table(
      new GraphBuilder()
        .input('x', 'float32', ['batch', 'seq', 8])
        .constant('zero', 'int64', [], [0])
        .constant('one', 'int64', [], [1])
        .constant('axes', 'int64', [1], [0])
        .constant('heads', 'int64', [1], [2])
        .constant('minus', 'int64', [1], [-1])
        .node('Shape', ['x'], ['s'])
        .node('Gather', ['s', 'zero'], ['b'], { axis: 0 })
        .node('Gather', ['s', 'one'], ['n'], { axis: 0 })
        .node('Unsqueeze', ['b', 'axes'], ['bu'])
        .node('Unsqueeze', ['n', 'axes'], ['nu'])
        .node('Concat', ['bu', 'nu', 'heads', 'minus'], ['shape'], { axis: 0 })
        .node('Reshape', ['x', 'shape'], ['r'])
        .node('Transpose', ['r'], ['rt'], { perm: [0, 2, 1, 3] })
        .node('Mul', ['b', 'n'], ['bn'])
        .node('Unsqueeze', ['bn', 'axes'], ['bnu'])
        .node('Concat', ['bnu', 'minus'], ['flat'], { axis: 0 })
        .node('Reshape', ['x', 'flat'], ['f'])
        .node('Slice', ['x', 'one', 'minus', 'one'], ['sl']),
    );
    expect(t.values('shape')).toEqual(['batch', 'seq', 2, -1]);
    // −1 = 8/2 once batch and seq cancel.
    expect(t.dims('r')).toEqual(['batch', 'seq', 2, 4]);
    expect(t.dims('rt')).toEqual(['batch', 2, 'seq', 4]);
    // batch·seq is the product symbol "batch*seq"; −1 = 8 once it cancels.
    expect(t.dims('f')).toEqual(['batch*seq', 8]);
    // Slice [1, −1) along axis 1 of a symbolic dim: unknown size, same rank.
    expect(t.dims('sl')).toEqual(['batch', null, 8]);
  });

  it('records the node where a rank was lost, and carries it downstream', () => {
    const t = table(
      new GraphBuilder()
        .input('x', 'float32', ['batch', 8])
        .input('target', 'int64', ['k'])
        .node('Reshape', ['x', 'target'], ['r'], {}, 'reshape/by-input')
        .node('Relu', ['r'], ['y']),
    );
    expect(t.rank('y')).toBeUndefined();
    expect(t.lostAt('y')).toBe('Reshape node "reshape/by-input"');
  });
});
