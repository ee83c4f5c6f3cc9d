import { describe, expect, it } from 'vitest';
import { buildTrainingGraph } from '../build-training-graph.js';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, f64, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(2024);

function initializers(g: GraphBuilder, specs: Record<string, number[]>): GraphBuilder {
  for (const [name, dims] of Object.entries(specs)) {
    g.initializer(
      name,
      'float64',
      dims,
      uniform(
        rand,
        dims.reduce((a, b) => a * b, 1),
      ),
    );
  }
  return g;
}

describe('Gemm gradient', () => {
  // M = 3, K = 4, N = 2; A is [M,K] or [K,M] (transA), B is [K,N] or [N,K] (transB).
  const cShapes: number[][] = [[2], [1, 2], [3, 1], [3, 2], []];
  for (const transA of [0, 1]) {
    for (const transB of [0, 1]) {
      it(`transA=${transA} transB=${transB}, alpha 0.7, beta 1.3, every C broadcast`, async () => {
        for (const cDims of cShapes) {
          const g = initializers(new GraphBuilder(), {
            A: transA ? [4, 3] : [3, 4],
            B: transB ? [2, 4] : [4, 2],
            C: cDims,
          }).node('Gemm', ['A', 'B', 'C'], ['Y'], { transA, transB, alpha: { float: 0.7 }, beta: { float: 1.3 } }, 'gemm');
          await checkGradients(probeLoss(g, 'Y', [3, 2]).build(), { loss: PROBE }, {});
        }
      });
    }
  }

  it('transA = 2 is refused at build time, naming node and attribute', () => {
    const g = initializers(new GraphBuilder(), { A: [4, 3], B: [4, 2] }).node('Gemm', ['A', 'B'], ['Y'], { transA: 2 }, 'head/gemm');
    expect(() => buildTrainingGraph(probeLoss(g, 'Y', [3, 2]).build(), { loss: PROBE })).toThrow(
      /Gemm node "head\/gemm": transA = 2 is not 0 or 1/,
    );
  });

  it('without C, with a data input A', async () => {
    const g = initializers(new GraphBuilder().input('x', 'float64', ['batch', 4]), { B: [2, 4] }).node('Gemm', ['x', 'B'], ['Y'], {
      transB: 1,
    });
    await checkGradients(probeLoss(g, 'Y', [3, 2]).build(), { loss: PROBE }, { x: f64(uniform(rand, 12), [3, 4]) });
  });
});

describe('MatMul gradient', () => {
  const cases: { name: string; a: number[]; b: number[]; y: number[] }[] = [
    { name: '2-D × 2-D', a: [3, 4], b: [4, 2], y: [3, 2] },
    { name: '3-D × 2-D weight', a: [2, 3, 4], b: [4, 5], y: [2, 3, 5] },
    { name: 'batched 3-D × 3-D', a: [2, 3, 4], b: [2, 4, 2], y: [2, 3, 2] },
    { name: 'A broadcast over batch', a: [3, 4], b: [2, 4, 2], y: [2, 3, 2] },
    { name: 'B broadcast from a size-1 batch', a: [2, 3, 4], b: [1, 4, 2], y: [2, 3, 2] },
    { name: 'B 1-D', a: [2, 3, 4], b: [4], y: [2, 3] },
    { name: 'A 1-D', a: [4], b: [2, 4, 3], y: [2, 3] },
    { name: 'dot product', a: [4], b: [4], y: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const g = initializers(new GraphBuilder(), { A: c.a, B: c.b }).node('MatMul', ['A', 'B'], ['Y'], {}, 'mm');
      await checkGradients(probeLoss(g, 'Y', c.y).build(), { loss: PROBE }, {});
    });
  }

  it('a data input of unknown rank times a weight matrix (the Linear-layer path)', async () => {
    const g = initializers(new GraphBuilder().input('x', 'float64', ['batch', 'seq', 4]), { W: [4, 2] })
      .node('Relu', ['x'], ['rx'])
      .node('MatMul', ['rx', 'W'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 3, 2]).build(), { loss: PROBE }, { x: f64(uniform(rand, 24, 0.1, 1), [2, 3, 4]) });
  });
});
