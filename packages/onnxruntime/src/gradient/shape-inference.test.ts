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
    expect(t.dims('r')).toEqual([null, 144]);
    expect(t.dims('f')).toEqual([null, 144]);
    expect(t.dims('y')).toEqual([null, 10]);
    expect(t.dims('yt')).toEqual([10, null]);
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
        .node('Sin', ['x'], ['s']),
    );
    expect(t.dims('y')).toEqual([2, 'n', 3]);
    expect(t.dims('r')).toEqual(['n', 3]);
    expect(t.dims('u')).toEqual([1, 'n', 3, 1]);
    expect(t.dims('c')).toEqual(['n', 6]);
    expect(t.dims('s')).toBeUndefined();
  });
});
