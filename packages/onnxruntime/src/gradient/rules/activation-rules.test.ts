import { describe, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, FLOAT32_FD, FLOAT64_FD, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(5);

/** Values in ±[0.1, 1.5] with random signs: no element is within a finite-difference step of Relu's kink at 0. */
function awayFromZero(n: number): number[] {
  return uniform(rand, n, 0.1, 1.5).map((v) => (rand() < 0.5 ? -v : v));
}

describe('activation gradients', () => {
  const cases: { op: string; attrs?: Record<string, number | { float: number }>; dims: number[] }[] = [
    { op: 'Relu', dims: [3, 4] },
    { op: 'LeakyRelu', attrs: { alpha: { float: 0.2 } }, dims: [3, 4] },
    { op: 'LeakyRelu', dims: [3, 4] },
    { op: 'Sigmoid', dims: [3, 4] },
    { op: 'Tanh', dims: [3, 4] },
    { op: 'Softmax', dims: [2, 3, 4] },
    { op: 'Softmax', attrs: { axis: 1 }, dims: [2, 3, 4] },
    { op: 'LogSoftmax', dims: [2, 3, 4] },
    { op: 'LogSoftmax', attrs: { axis: 0 }, dims: [2, 3, 4] },
  ];
  for (const { op, attrs, dims } of cases) {
    it(`${op} ${JSON.stringify(attrs ?? {})}`, async () => {
      const g = new GraphBuilder()
        .initializer('X', 'float64', dims, awayFromZero(dims.reduce((a, b) => a * b, 1)))
        .node(op, ['X'], ['Y'], attrs ?? {});
      await checkGradients(probeLoss(g, 'Y', dims).build(), { loss: PROBE }, {});
    });
  }
});

/** Values in ±[lo, hi] that stay `margin` away from every kink, so a finite-difference step never crosses one. */
function avoiding(n: number, kinks: number[], lo = 0.1, hi = 4.5, margin = 0.1): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const v = (rand() < 0.5 ? -1 : 1) * (lo + (hi - lo) * rand());
    if (kinks.every((k) => Math.abs(v - k) > margin)) out.push(v);
  }
  return out;
}

describe('more activation gradients (float32 where onnxruntime has no double kernel)', () => {
  const cases: {
    op: string;
    attrs?: Record<string, number | string | { float: number }>;
    type: 'float32' | 'float64';
    kinks?: number[];
    opset?: number;
    bounds?: [number, number];
  }[] = [
    { op: 'Erf', type: 'float32' },
    { op: 'Softplus', type: 'float32' },
    { op: 'Elu', type: 'float32', kinks: [0] },
    { op: 'Elu', attrs: { alpha: { float: 0.5 } }, type: 'float32', kinks: [0] },
    { op: 'Selu', type: 'float32', kinks: [0] },
    { op: 'HardSigmoid', type: 'float32', kinks: [-2.5, 2.5] },
    { op: 'HardSigmoid', attrs: { alpha: { float: 1 / 6 } }, type: 'float32', kinks: [-3, 3] },
    { op: 'HardSwish', type: 'float32', kinks: [-3, 3] },
    { op: 'Gelu', type: 'float32', opset: 20 },
    { op: 'Gelu', attrs: { approximate: 'tanh' }, type: 'float32', opset: 20 },
    { op: 'Sin', type: 'float64' },
    { op: 'Cos', type: 'float64' },
    { op: 'Abs', type: 'float64', kinks: [0] },
    { op: 'Clip', type: 'float32', kinks: [0, 3], bounds: [0, 3] },
    { op: 'Clip', type: 'float64', kinks: [-1], bounds: [-1, NaN] },
  ];
  for (const { op, attrs, type, kinks, opset, bounds } of cases) {
    it(`${op} ${JSON.stringify(attrs ?? {})}${bounds ? ` bounds ${bounds.join('/')}` : ''}`, async () => {
      const dims = [3, 5];
      const g = new GraphBuilder({ opset: opset ?? 17 }).initializer('X', type, dims, avoiding(15, kinks ?? []));
      const inputs = ['X'];
      if (bounds) {
        g.constant('lo', type, [], [bounds[0]]);
        inputs.push('lo');
        if (!Number.isNaN(bounds[1])) {
          g.constant('hi', type, [], [bounds[1]]);
          inputs.push('hi');
        }
      }
      g.node(op, inputs, ['Y'], attrs ?? {});
      await checkGradients(probeLoss(g, 'Y', dims, type).build(), { loss: PROBE }, {}, type === 'float32' ? FLOAT32_FD : FLOAT64_FD);
    });
  }
});
