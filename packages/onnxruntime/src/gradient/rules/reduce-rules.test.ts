import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { buildTrainingGraph } from '../build-training-graph.js';
import { checkGradients, FLOAT32_FD, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

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

describe('ReduceMax, ReduceMin, ReduceL2, ReduceLogSumExp (distinct values, so the max is stable under the step)', () => {
  const distinct = (n: number): number[] => {
    const v = Array.from({ length: n }, (_, i) => 0.1 * (i + 1) - 1.2);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [v[i], v[j]] = [v[j], v[i]];
    }
    return v;
  };
  const cases: { op: string; opset: number; axes?: number[]; keepdims: number; y: number[] }[] = [
    { op: 'ReduceMax', opset: 17, axes: [1], keepdims: 0, y: [2, 4] },
    { op: 'ReduceMax', opset: 18, axes: [0, 2], keepdims: 1, y: [1, 3, 1] },
    { op: 'ReduceMin', opset: 17, keepdims: 0, y: [] },
    { op: 'ReduceL2', opset: 17, axes: [-1], keepdims: 1, y: [2, 3, 1] },
    { op: 'ReduceLogSumExp', opset: 18, axes: [1], keepdims: 0, y: [2, 4] },
  ];
  for (const c of cases) {
    it(JSON.stringify(c), async () => {
      const g = new GraphBuilder({ opset: c.opset }).initializer('X', 'float64', [2, 3, 4], distinct(24));
      const inputs = ['X'];
      const attrs: Record<string, number | number[]> = { keepdims: c.keepdims };
      if (c.axes && c.opset >= 18) {
        g.constant('axes', 'int64', [c.axes.length], c.axes);
        inputs.push('axes');
      } else if (c.axes) attrs.axes = c.axes;
      g.node(c.op, inputs, ['Y'], attrs);
      await checkGradients(probeLoss(g, 'Y', c.y).build(), { loss: PROBE }, {});
    });
  }

  it('ReduceMax splits the gradient evenly between tied maxima (as torch.amax)', async () => {
    const g = new GraphBuilder()
      .initializer('X', 'float64', [2, 3], [1, 3, 3, 2, 0, -1])
      .node('ReduceMax', ['X'], ['Y'], { axes: [1], keepdims: 0 })
      .node('ReduceSum', ['Y'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', []);
    const graph = buildTrainingGraph(g.build(), { loss: { type: 'output', name: 'loss' } });
    const session = await ort.InferenceSession.create(graph.model);
    const out = await session.run({ X: new ort.Tensor('float64', Float64Array.from([1, 3, 3, 2, 0, -1]), [2, 3]) });
    expect(Array.from(out.X_grad.data as Float64Array)).toEqual([0, 0.5, 0.5, 1, 0, 0]);
  });
});

describe('GlobalAveragePool and GlobalMaxPool (1-D, 2-D and 3-D spatial axes)', () => {
  for (const dims of [
    [2, 3, 5],
    [2, 3, 4, 5],
    [1, 2, 2, 3, 2],
  ]) {
    it(`GlobalAveragePool ${JSON.stringify(dims)} (float32: linear in X)`, async () => {
      const n = dims.reduce((a, b) => a * b, 1);
      const g = new GraphBuilder().initializer('X', 'float32', dims, uniform(rand, n)).node('GlobalAveragePool', ['X'], ['Y']);
      await checkGradients(
        probeLoss(g, 'Y', [...dims.slice(0, 2), ...dims.slice(2).map(() => 1)], 'float32').build(),
        { loss: PROBE },
        {},
        FLOAT32_FD,
      );
    });

    it(`GlobalMaxPool ${JSON.stringify(dims)} (distinct values)`, async () => {
      const n = dims.reduce((a, b) => a * b, 1);
      // Each channel's maximum sits ≥ 0.3 above the rest, far more than the finite-difference step.
      const perChannel = dims.slice(2).reduce((a, b) => a * b, 1);
      const values = uniform(rand, n, -1, 0.5);
      for (let c = 0; c < n / perChannel; c++) values[c * perChannel + Math.floor(rand() * perChannel)] = 0.8 + 0.01 * c;
      const g = new GraphBuilder().initializer('X', 'float32', dims, values).node('GlobalMaxPool', ['X'], ['Y']);
      await checkGradients(
        probeLoss(g, 'Y', [...dims.slice(0, 2), ...dims.slice(2).map(() => 1)], 'float32').build(),
        { loss: PROBE },
        {},
        FLOAT32_FD,
      );
    });
  }
});
