import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { buildTrainingGraph } from '../build-training-graph.js';
import { checkGradients, f32, FLOAT32_FD, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(97);
const size = (d: number[]): number => d.reduce((a, b) => a * b, 1);

/** Conv's output size along one axis. */
const out = (h: number, k: number, s: number, p0: number, p1: number): number => Math.floor((h + p0 + p1 - k) / s) + 1;

describe('Conv gradient (float32: ORT has no double Conv; the probe loss is linear in X, W and B)', () => {
  const cases = [
    { name: '3×3, stride 1, no pads', x: [2, 2, 5, 5], w: [3, 2, 3, 3], strides: [1, 1], pads: [0, 0, 0, 0] },
    { name: '3×3, stride 1, pads 1', x: [2, 2, 4, 4], w: [2, 2, 3, 3], strides: [1, 1], pads: [1, 1, 1, 1] },
    { name: '3×3, stride 2, pads 1, even input (a remainder row)', x: [1, 2, 6, 6], w: [2, 2, 3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
    { name: '2×3, strides 2×3, asymmetric pads, odd input', x: [2, 1, 7, 8], w: [2, 1, 2, 3], strides: [2, 3], pads: [0, 1, 1, 0] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const [n, , h, wd] = c.x;
      const [co, , kh, kw] = c.w;
      const y = [n, co, out(h, kh, c.strides[0], c.pads[0], c.pads[2]), out(wd, kw, c.strides[1], c.pads[1], c.pads[3])];
      const g = new GraphBuilder()
        .initializer('X', 'float32', c.x, uniform(rand, size(c.x)))
        .initializer('W', 'float32', c.w, uniform(rand, size(c.w)))
        .initializer('B', 'float32', [co], uniform(rand, co))
        .node('Conv', ['X', 'W', 'B'], ['Y'], { kernel_shape: [kh, kw], strides: c.strides, pads: c.pads }, 'conv');
      await checkGradients(probeLoss(g, 'Y', y, 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
    });
  }

  it('a data input with a symbolic batch, no bias, kernel shape from the weight', async () => {
    const g = new GraphBuilder()
      .input('x', 'float32', ['batch', 1, 5, 5])
      .initializer('W', 'float32', [2, 1, 2, 2], uniform(rand, 8))
      .node('Conv', ['x', 'W'], ['Y'], { strides: [2, 2] });
    await checkGradients(
      probeLoss(g, 'Y', [3, 2, 2, 2], 'float32').build(),
      { loss: PROBE },
      { x: f32(uniform(rand, 75), [3, 1, 5, 5]) },
      FLOAT32_FD,
    );
  });

  it('refuses auto_pad SAME_UPPER, naming node and attribute', () => {
    const model = probeLoss(
      new GraphBuilder()
        .input('x', 'float32', [1, 2, 5, 5])
        .initializer('W', 'float32', [2, 2, 3, 3], uniform(rand, 36))
        .node('Conv', ['x', 'W'], ['Y'], { kernel_shape: [3, 3], auto_pad: 'SAME_UPPER' }, 'features/conv1'),
      'Y',
      [1, 2, 5, 5],
      'float32',
    ).build();
    expect(() => buildTrainingGraph(model, { loss: PROBE })).toThrow(/Conv node "features\/conv1": auto_pad SAME_UPPER/);
  });

  it('stride 2 over symbolic spatial sizes (the remainder row is padded back at run time), Conv and AveragePool', async () => {
    const g = new GraphBuilder()
      .input('x', 'float32', ['batch', 1, 'h', 'w'])
      .initializer('W0', 'float32', [1, 1, 3, 3], uniform(rand, 9))
      .initializer('W', 'float32', [2, 1, 3, 3], uniform(rand, 18))
      .initializer('B', 'float32', [2], uniform(rand, 2))
      .node('Conv', ['x', 'W0'], ['x1'], { pads: [1, 1, 1, 1] })
      .node('Conv', ['x1', 'W', 'B'], ['c'], { strides: [2, 2], pads: [1, 0, 0, 1] })
      .node('Conv', ['x1', 'W', 'B'], ['d'], { strides: [2, 2], pads: [1, 1, 1, 1] })
      .node('AveragePool', ['c'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] })
      .node('AveragePool', ['d'], ['q'], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] })
      .node('Mul', ['p', 'q'], ['Y']);
    // x, x1 [2, 1, 7, 6]; c [2, 2, 3, 3]: remainders 1 (past the end pad 0) and 0; d [2, 2, 4, 3]:
    // remainders 0 and 1 (inside the end pad 1, so that row is read); p [2, 2, 1, 1]; q [2, 2, 2, 2]
    // broadcasts with p: Y [2, 2, 2, 2].
    await checkGradients(
      probeLoss(g, 'Y', [2, 2, 2, 2], 'float32').build(),
      { loss: PROBE },
      { x: f32(uniform(rand, 84), [2, 1, 7, 6]) },
      FLOAT32_FD,
    );
  });
});

/** Output size of a dilated window along one axis. */
const outD = (h: number, k: number, s: number, d: number, p0: number, p1: number): number =>
  Math.floor((h + p0 + p1 - d * (k - 1) - 1) / s) + 1;

describe('Conv with groups, dilations, and 1-D / 3-D kernels (float32, linear in X, W, B)', () => {
  const cases = [
    {
      name: '2-D, group 2, stride 2 (a remainder row)',
      x: [2, 4, 6, 5],
      w: [6, 2, 3, 2],
      group: 2,
      strides: [2, 2],
      dil: [1, 1],
      pads: [1, 0, 1, 1],
    },
    {
      name: '2-D depthwise (group = channels), pads 1',
      x: [2, 3, 5, 5],
      w: [3, 1, 3, 3],
      group: 3,
      strides: [1, 1],
      dil: [1, 1],
      pads: [1, 1, 1, 1],
    },
    {
      name: '2-D depthwise with a channel multiplier 2, stride 2',
      x: [1, 2, 7, 6],
      w: [4, 1, 3, 3],
      group: 2,
      strides: [2, 2],
      dil: [1, 1],
      pads: [1, 1, 1, 1],
    },
    { name: '2-D dilation 2, stride 1', x: [1, 2, 7, 7], w: [3, 2, 3, 3], group: 1, strides: [1, 1], dil: [2, 2], pads: [2, 2, 2, 2] },
    {
      name: '2-D dilation 2 × stride 2, odd input',
      x: [2, 1, 9, 8],
      w: [2, 1, 2, 3],
      group: 1,
      strides: [2, 2],
      dil: [2, 1],
      pads: [0, 1, 1, 0],
    },
    { name: '1-D, stride 2, pads 1 (Conv1d)', x: [3, 4, 9], w: [5, 4, 3], group: 1, strides: [2], dil: [1], pads: [1, 1] },
    { name: '1-D depthwise, dilation 3', x: [2, 4, 12], w: [4, 1, 3], group: 4, strides: [1], dil: [3], pads: [3, 3] },
    {
      name: '3-D, stride 2 × 1 × 1, pads 1 (Conv3d)',
      x: [1, 2, 5, 4, 4],
      w: [3, 2, 3, 2, 2],
      group: 1,
      strides: [2, 1, 1],
      dil: [1, 1, 1],
      pads: [1, 0, 1, 1, 0, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const spatial = c.x.length - 2;
      const y = [
        c.x[0],
        c.w[0],
        ...c.x.slice(2).map((h, i) => outD(h, c.w[i + 2], c.strides[i], c.dil[i], c.pads[i], c.pads[i + spatial])),
      ];
      const g = new GraphBuilder()
        .initializer('X', 'float32', c.x, uniform(rand, size(c.x)))
        .initializer('W', 'float32', c.w, uniform(rand, size(c.w)))
        .initializer('B', 'float32', [c.w[0]], uniform(rand, c.w[0]))
        .node('Conv', ['X', 'W', 'B'], ['Y'], { group: c.group, strides: c.strides, dilations: c.dil, pads: c.pads }, 'conv');
      await checkGradients(probeLoss(g, 'Y', y, 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
    });
  }
});

describe('ConvTranspose (float32, linear in X, W, B)', () => {
  const cases = [
    {
      name: '2-D, stride 2, pads 1, output_padding 1',
      x: [2, 3, 3, 4],
      w: [3, 2, 3, 3],
      group: 1,
      strides: [2, 2],
      dil: [1, 1],
      pads: [1, 1, 1, 1],
      op: [1, 1],
    },
    {
      name: '2-D, group 2, dilation 2',
      x: [1, 4, 3, 3],
      w: [4, 1, 2, 2],
      group: 2,
      strides: [1, 1],
      dil: [2, 2],
      pads: [0, 0, 0, 0],
      op: [0, 0],
    },
    { name: '1-D, stride 3, output_padding 2', x: [2, 2, 4], w: [2, 3, 2], group: 1, strides: [3], dil: [1], pads: [0, 1], op: [2] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const spatial = c.x.length - 2;
      const y = [
        c.x[0],
        c.w[1] * c.group,
        ...c.x.slice(2).map((h, i) => c.strides[i] * (h - 1) + c.op[i] + (c.w[i + 2] - 1) * c.dil[i] + 1 - c.pads[i] - c.pads[i + spatial]),
      ];
      const g = new GraphBuilder()
        .initializer('X', 'float32', c.x, uniform(rand, size(c.x)))
        .initializer('W', 'float32', c.w, uniform(rand, size(c.w)))
        .initializer('B', 'float32', [y[1]], uniform(rand, y[1]))
        .node(
          'ConvTranspose',
          ['X', 'W', 'B'],
          ['Y'],
          { group: c.group, strides: c.strides, dilations: c.dil, pads: c.pads, output_padding: c.op },
          'deconv',
        );
      await checkGradients(probeLoss(g, 'Y', y, 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
    });
  }
});

describe('MaxPool gradient (float64; windows hold distinct values, so the argmax is stable under the finite-difference step)', () => {
  /** A permutation of 1..n scaled by 0.1: every pair of elements differs by ≥ 0.1 ≫ the step 1e-5. */
  function distinct(n: number): number[] {
    const v = Array.from({ length: n }, (_, i) => 0.1 * (i + 1));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [v[i], v[j]] = [v[j], v[i]];
    }
    return v;
  }
  const cases = [
    {
      name: '2×2 stride 2 (non-overlapping), opset 13',
      opset: 13,
      x: [2, 2, 4, 4],
      k: [2, 2],
      s: [2, 2],
      pads: [0, 0, 0, 0],
      y: [2, 2, 2, 2],
    },
    {
      name: '3×3 stride 1 (overlapping), opset 17, pads 1',
      opset: 17,
      x: [1, 2, 4, 4],
      k: [3, 3],
      s: [1, 1],
      pads: [1, 1, 1, 1],
      y: [1, 2, 4, 4],
    },
    { name: '3×3 stride 2 (overlapping), opset 16', opset: 16, x: [2, 1, 5, 5], k: [3, 3], s: [2, 2], pads: [0, 0, 0, 0], y: [2, 1, 2, 2] },
    {
      name: '2×2 stride 3 (gaps), odd input, opset 13',
      opset: 13,
      x: [1, 2, 7, 5],
      k: [2, 2],
      s: [3, 3],
      pads: [0, 0, 0, 0],
      y: [1, 2, 2, 2],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const g = new GraphBuilder({ opset: c.opset })
        .initializer('X', 'float64', c.x, distinct(size(c.x)))
        .node('MaxPool', ['X'], ['Y'], { kernel_shape: c.k, strides: c.s, pads: c.pads }, 'pool');
      await checkGradients(probeLoss(g, 'Y', c.y).build(), { loss: PROBE }, {});
    });
  }

  it('a forward Indices output is reused', async () => {
    const g = new GraphBuilder()
      .initializer('X', 'float64', [1, 1, 4, 4], distinct(16))
      .node('MaxPool', ['X'], ['Y', 'I'], { kernel_shape: [2, 2], strides: [2, 2] }, 'pool')
      .output('I', 'int64', [1, 1, 2, 2]);
    await checkGradients(probeLoss(g, 'Y', [1, 1, 2, 2]).build(), { loss: PROBE }, {});
  });

  it('overlapping windows at opset 13 are refused', () => {
    const model = probeLoss(
      new GraphBuilder({ opset: 13 })
        .initializer('X', 'float64', [1, 1, 4, 4], distinct(16))
        .node('MaxPool', ['X'], ['Y'], { kernel_shape: [3, 3], strides: [1, 1] }, 'pool'),
      'Y',
      [1, 1, 2, 2],
    ).build();
    expect(() => buildTrainingGraph(model, { loss: PROBE })).toThrow(/MaxPool node "pool": overlapping windows .* need opset ≥ 16/);
  });
});

describe('AveragePool gradient (float32: ORT has no double AveragePool; linear in X)', () => {
  const cases = [
    { name: '2×2 stride 2', x: [2, 2, 4, 4], k: [2, 2], s: [2, 2], pads: [0, 0, 0, 0], inc: 0, y: [2, 2, 2, 2] },
    {
      name: '3×3 stride 1, pads 1, count_include_pad 0',
      x: [1, 2, 4, 5],
      k: [3, 3],
      s: [1, 1],
      pads: [1, 1, 1, 1],
      inc: 0,
      y: [1, 2, 4, 5],
    },
    {
      name: '3×3 stride 2, pads 1, count_include_pad 1, even input',
      x: [1, 1, 6, 6],
      k: [3, 3],
      s: [2, 2],
      pads: [1, 1, 1, 1],
      inc: 1,
      y: [1, 1, 3, 3],
    },
    { name: '2×3 stride 2×1, odd input', x: [2, 1, 5, 4], k: [2, 3], s: [2, 1], pads: [0, 0, 0, 0], inc: 0, y: [2, 1, 2, 2] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const g = new GraphBuilder()
        .initializer('X', 'float32', c.x, uniform(rand, size(c.x)))
        .node('AveragePool', ['X'], ['Y'], { kernel_shape: c.k, strides: c.s, pads: c.pads, count_include_pad: c.inc }, 'avg');
      await checkGradients(probeLoss(g, 'Y', c.y, 'float32').build(), { loss: PROBE }, {}, FLOAT32_FD);
    });
  }
});
