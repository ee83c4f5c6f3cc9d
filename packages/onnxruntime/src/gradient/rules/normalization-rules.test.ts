import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, f64, FLOAT32_FD, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(59);
const size = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);

describe('LayerNormalization', () => {
  const cases: { name: string; x: number[]; axis: number; scale: number[]; bias: boolean }[] = [
    { name: 'last axis (nn.LayerNorm(d)), scale and bias', x: [2, 3, 4], axis: -1, scale: [4], bias: true },
    { name: 'last two axes, no bias', x: [2, 3, 4], axis: -2, scale: [3, 4], bias: false },
    { name: 'positive axis 1 of a 3-D input', x: [2, 3, 4], axis: 1, scale: [3, 4], bias: true },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const g = new GraphBuilder()
        .input('x', 'float64', ['batch', ...c.x.slice(1)])
        .initializer('W', 'float64', [c.x[c.x.length - 1], c.x[c.x.length - 1]], uniform(rand, c.x[c.x.length - 1] ** 2))
        .initializer('scale', 'float64', c.scale, uniform(rand, size(c.scale), 0.5, 1.5))
        .node('MatMul', ['x', 'W'], ['h']);
      const inputs = ['h', 'scale'];
      if (c.bias) {
        g.initializer('bias', 'float64', c.scale, uniform(rand, size(c.scale)));
        inputs.push('bias');
      }
      g.node('LayerNormalization', inputs, ['Y'], { axis: c.axis, epsilon: { float: 1e-5 } }, 'ln');
      await checkGradients(probeLoss(g, 'Y', c.x).build(), { loss: PROBE }, { x: f64(uniform(rand, size(c.x)), c.x) });
    });
  }
});

describe('BatchNormalization in inference mode (frozen running statistics)', () => {
  for (const x of [
    [2, 3, 4, 4],
    [3, 2, 5],
    [4, 3],
  ]) {
    it(`input ${JSON.stringify(x)}: gradients of X (through a Conv-free product), scale and bias; none for the statistics`, async () => {
      const c = x[1];
      const g = new GraphBuilder()
        .initializer('X', 'float64', x, uniform(rand, size(x)))
        .initializer('scale', 'float64', [c], uniform(rand, c, 0.5, 1.5))
        .initializer('bias', 'float64', [c], uniform(rand, c))
        .initializer('mean', 'float64', [c], uniform(rand, c, -0.2, 0.2))
        .initializer('var', 'float64', [c], uniform(rand, c, 0.5, 2))
        .node(
          'BatchNormalization',
          ['X', 'scale', 'bias', 'mean', 'var'],
          ['Y'],
          { epsilon: { float: 1e-5 }, momentum: { float: 0.9 } },
          'bn',
        );
      const { graph } = await checkGradients(probeLoss(g, 'Y', x).build(), { loss: PROBE }, {});
      expect(graph.parameters.map((p) => p.name)).toEqual(['X', 'scale', 'bias']);
    });
  }
});

describe('InstanceNormalization (float32: onnxruntime has no double kernel)', () => {
  for (const x of [
    [2, 3, 4, 3],
    [2, 4, 5],
  ]) {
    it(`input ${JSON.stringify(x)}, as torch exports GroupNorm/InstanceNorm`, async () => {
      const c = x[1];
      const g = new GraphBuilder()
        .initializer('X', 'float32', x, uniform(rand, size(x), -2, 2))
        .initializer('scale', 'float32', [c], uniform(rand, c, 0.5, 1.5))
        .initializer('bias', 'float32', [c], uniform(rand, c))
        .node('InstanceNormalization', ['X', 'scale', 'bias'], ['Y'], { epsilon: { float: 1e-5 } }, 'in');
      await checkGradients(probeLoss(g, 'Y', x, 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
    });
  }
});
