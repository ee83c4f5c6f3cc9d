import { describe, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

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
