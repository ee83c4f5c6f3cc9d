import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { buildTrainingGraph } from '../build-training-graph.js';
import { checkGradients, FLOAT32_FD, int64Tensor, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(31);
const size = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);
const broadcastPairs: { a: number[]; b: number[]; y: number[] }[] = [
  { a: [2, 3], b: [2, 3], y: [2, 3] },
  { a: [2, 3], b: [3], y: [2, 3] },
  { a: [2, 1], b: [1, 3], y: [2, 3] },
  { a: [2, 3], b: [], y: [2, 3] },
  { a: [3], b: [2, 1, 3], y: [2, 1, 3] },
];

describe('broadcasting binary ops', () => {
  for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
    it(`${op}: gradients of both inputs, summed over broadcast axes (static shapes)`, async () => {
      for (const { a, b, y } of broadcastPairs) {
        // Div's denominator is kept in [0.5, 1.5] so 1/B is smooth at the finite-difference scale.
        const g = new GraphBuilder()
          .initializer('A', 'float64', a, uniform(rand, size(a)))
          .initializer('B', 'float64', b, uniform(rand, size(b), op === 'Div' ? 0.5 : -1, op === 'Div' ? 1.5 : 1))
          .node(op, ['A', 'B'], ['Y'], {}, op.toLowerCase());
        await checkGradients(probeLoss(g, 'Y', y).build(), { loss: PROBE }, {});
      }
    });

    it(`${op}: dynamic reduction when the broadcast input's shape is unknown`, async () => {
      // A's shape comes from a data input, so the builder cannot know it was [2,1]: it must emit
      // the Shape/NonZero reduction; B is [1,3] and broadcasts the other way.
      const g = new GraphBuilder()
        .input('shape', 'int64', [2])
        .initializer('P', 'float64', [2], uniform(rand, 2, 0.5, 1.5))
        .initializer('B', 'float64', [1, 3], uniform(rand, 3, 0.5, 1.5))
        .node('Reshape', ['P', 'shape'], ['A'])
        .node(op, ['A', 'B'], ['Y'], {}, op.toLowerCase());
      await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, { shape: int64Tensor([2, 1], [2]) });
    });
  }

  it('a tensor used twice (x·x) and a parameter used by two branches accumulate with Sum', async () => {
    const g = new GraphBuilder()
      .initializer('W', 'float64', [2, 3], uniform(rand, 6))
      .node('Mul', ['W', 'W'], ['sq'])
      .node('Exp', ['W'], ['ex'])
      .node('Add', ['sq', 'ex'], ['Y']);
    const check = await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});
    expect(check.graph.parameters.map((p) => p.name)).toEqual(['W']);
  });
});

describe('Pow with a constant exponent', () => {
  it('scalar Constant exponent 2.5, and a frozen initializer exponent broadcast over rows', async () => {
    const g = new GraphBuilder()
      .initializer('X', 'float64', [2, 3], uniform(rand, 6, 0.5, 2))
      .initializer('E', 'float64', [3], [1.5, -0.5, 3])
      .constant('p', 'float64', [], [2.5])
      .node('Pow', ['X', 'p'], ['A'])
      .node('Pow', ['X', 'E'], ['B'])
      .node('Add', ['A', 'B'], ['Y']);
    const check = await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});
    // The exponent E only feeds Pow's non-differentiable input, so it is not trained by default.
    expect(check.graph.parameters.map((p) => p.name)).toEqual(['X']);
    expect(check.graph.frozen).toEqual(['E']);
  });

  it('a trained exponent is refused, naming the node', () => {
    const model = probeLoss(
      new GraphBuilder()
        .initializer('X', 'float64', [3], [1, 2, 3])
        .initializer('E', 'float64', [], [2])
        .node('Pow', ['X', 'E'], ['Y'], {}, 'power'),
      'Y',
      [3],
    ).build();
    // E is listed explicitly; no gradient can reach it through Pow's exponent.
    expect(() => buildTrainingGraph(model, { loss: PROBE, trainable: ['X', 'E'] })).toThrow(/no gradient flows .* "E"/);
  });
});

describe('unary ops', () => {
  const unary: { op: string; lo: number; hi: number }[] = [
    { op: 'Neg', lo: -1, hi: 1 },
    { op: 'Exp', lo: -1, hi: 1 },
    { op: 'Log', lo: 0.5, hi: 2 },
    { op: 'Sqrt', lo: 0.5, hi: 2 },
    { op: 'Identity', lo: -1, hi: 1 },
  ];
  for (const { op, lo, hi } of unary) {
    it(op, async () => {
      const g = new GraphBuilder().initializer('X', 'float64', [2, 3], uniform(rand, 6, lo, hi)).node(op, ['X'], ['Y']);
      await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});
    });
  }

  it('Dropout in inference mode is the identity (ratio as a constant input)', async () => {
    const g = new GraphBuilder()
      .initializer('X', 'float64', [2, 3], uniform(rand, 6))
      .constant('ratio', 'float64', [], [0.5])
      .node('Dropout', ['X', 'ratio'], ['Y', 'mask']);
    await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});
  });

  it('Dropout whose training_mode input is not a constant is refused', () => {
    const model = probeLoss(
      new GraphBuilder()
        .input('train', 'bool', [])
        .initializer('X', 'float64', [3], [1, 2, 3])
        .constant('ratio', 'float64', [], [0.5])
        .node('Dropout', ['X', 'ratio', 'train'], ['Y'], {}, 'drop'),
      'Y',
      [3],
    ).build();
    expect(() => buildTrainingGraph(model, { loss: PROBE })).toThrow(/Dropout node "drop": training_mode input "train" is not a constant/);
  });
});

describe('Min and Max', () => {
  for (const op of ['Min', 'Max']) {
    it(`${op} of three broadcast inputs (distinct values), and of two tied inputs (each gets half, as PyTorch)`, async () => {
      const g = new GraphBuilder()
        .initializer('A', 'float64', [2, 3], uniform(rand, 6))
        .initializer('B', 'float64', [3], uniform(rand, 3))
        .initializer('C', 'float64', [2, 1], uniform(rand, 2))
        .node(op, ['A', 'B', 'C'], ['Y'], {}, op.toLowerCase());
      await checkGradients(probeLoss(g, 'Y', [2, 3]).build(), { loss: PROBE }, {});

      // Y = op(P, P) = P: d loss/dP = 1·½ + 1·½ through the two (tied) inputs, so the sum of Y is P's sum.
      const tied = new GraphBuilder()
        .initializer('P', 'float64', [3], [0.5, -1, 2])
        .node(op, ['P', 'P'], ['Y'])
        .node('ReduceSum', ['Y'], ['loss'], { keepdims: 0 })
        .output('loss', 'float64', []);
      const { gradients } = await checkGradients(tied.build(), { loss: { type: 'output', name: 'loss' } }, {});
      expect(Array.from(gradients.P)).toEqual([1, 1, 1]);
    });
  }
});

describe('Reciprocal, Sum, Mean, PRelu', () => {
  it('Reciprocal (X away from 0), Sum and Mean of three broadcast inputs (float32: onnxruntime has no double Mean)', async () => {
    const g = new GraphBuilder()
      .initializer('A', 'float32', [2, 3], uniform(rand, 6, 0.5, 1.5))
      .initializer('B', 'float32', [3], uniform(rand, 3))
      .initializer('C', 'float32', [2, 1], uniform(rand, 2))
      .node('Reciprocal', ['A'], ['r'])
      .node('Sum', ['r', 'B', 'C'], ['s'])
      .node('Mean', ['s', 'B', 'A'], ['m'])
      .node('Mul', ['m', 's'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 3], 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
  });

  it('PRelu with a per-channel slope [C, 1, 1] on [N, C, H, W] (X away from 0)', async () => {
    const x = uniform(rand, 2 * 3 * 2 * 2, 0.1, 1.5).map((v) => (rand() < 0.5 ? -v : v));
    const g = new GraphBuilder()
      .initializer('X', 'float64', [2, 3, 2, 2], x)
      .initializer('slope', 'float64', [3, 1, 1], [0.25, -0.1, 0.5])
      .node('PRelu', ['X', 'slope'], ['Y']);
    await checkGradients(probeLoss(g, 'Y', [2, 3, 2, 2]).build(), { loss: PROBE }, {});
  });
});
