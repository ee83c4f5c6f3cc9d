import { describe, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(77);

describe('ReduceSum (axes input, opset 13+)', () => {
  const cases: { axes?: number[]; keepdims: number; noop?: number; y: number[] }[] = [
    { axes: [1], keepdims: 0, y: [2, 4] },
    { axes: [1], keepdims: 1, y: [2, 1, 4] },
    { axes: [-1, 0], keepdims: 0, y: [3] },
    { keepdims: 0, y: [] },
    { keepdims: 1, y: [1, 1, 1] },
    { axes: [], keepdims: 0, noop: 1, y: [2, 3, 4] },
  ];
  for (const c of cases) {
    it(JSON.stringify(c), async () => {
      const g = new GraphBuilder({ opset: 13 }).initializer('X', 'float64', [2, 3, 4], uniform(rand, 24));
      const inputs = ['X'];
      if (c.axes) {
        g.constant('axes', 'int64', [c.axes.length], c.axes);
        inputs.push('axes');
      }
      g.node('ReduceSum', inputs, ['Y'], { keepdims: c.keepdims, noop_with_empty_axes: c.noop });
      await checkGradients(probeLoss(g, 'Y', c.y).build(), { loss: PROBE }, {});
    });
  }
});

describe('ReduceMean', () => {
  it('axes attribute (opset 17), keepdims 0 and 1, and all axes', async () => {
    for (const [attrs, y] of [
      [{ axes: [0, 2], keepdims: 0 }, [3]],
      [{ axes: [1], keepdims: 1 }, [2, 1, 4]],
      [{ keepdims: 0 }, []],
    ] as const) {
      const g = new GraphBuilder({ opset: 17 })
        .initializer('X', 'float64', [2, 3, 4], uniform(rand, 24))
        .node('ReduceMean', ['X'], ['Y'], { ...attrs, axes: 'axes' in attrs ? [...attrs.axes] : undefined });
      await checkGradients(probeLoss(g, 'Y', [...y]).build(), { loss: PROBE }, {});
    }
  });

  it('axes input (opset 18), with a symbolic batch so the count comes from Size', async () => {
    const g = new GraphBuilder({ opset: 18 })
      .input('x', 'float64', ['batch', 3])
      .initializer('W', 'float64', [3, 4], uniform(rand, 12))
      .constant('axes', 'int64', [1], [0])
      .node('MatMul', ['x', 'W'], ['h'])
      .node('ReduceMean', ['h', 'axes'], ['Y'], { keepdims: 0 });
    const { f64 } = await import('../fd-check.test-util.js');
    await checkGradients(probeLoss(g, 'Y', [4]).build(), { loss: PROBE }, { x: f64(uniform(rand, 15), [5, 3]) });
  });
});
