import { describe, it } from 'vitest';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, f64, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(13);

describe('shape op gradients', () => {
  it('Reshape (with 0 and −1), Flatten, Transpose (perm and reversal), Squeeze, Unsqueeze', async () => {
    const g = new GraphBuilder()
      .initializer('X', 'float64', [2, 3, 4], uniform(rand, 24))
      .constant('shape', 'int64', [3], [0, -1, 2])
      .constant('axes0', 'int64', [1], [0])
      .constant('axes1', 'int64', [1], [1])
      .node('Reshape', ['X', 'shape'], ['r']) // [2, 6, 2]
      .node('Transpose', ['r'], ['t'], { perm: [2, 0, 1] }) // [2, 2, 6]
      .node('Transpose', ['t'], ['t2']) // [6, 2, 2]
      .node('Flatten', ['t2'], ['f'], { axis: 2 }) // [12, 2]
      .node('Unsqueeze', ['f', 'axes0'], ['u']) // [1, 12, 2]
      .node('Squeeze', ['u', 'axes0'], ['s']) // [12, 2]
      .node('Unsqueeze', ['s', 'axes1'], ['Y']); // [12, 1, 2]
    await checkGradients(probeLoss(g, 'Y', [12, 1, 2]).build(), { loss: PROBE }, {});
  });

  it('Concat along axis 1 of a parameter, a data input and a parameter (static sizes)', async () => {
    const g = new GraphBuilder()
      .input('x', 'float64', [2, 1])
      .initializer('A', 'float64', [2, 3], uniform(rand, 6))
      .initializer('B', 'float64', [2, 2], uniform(rand, 4))
      .node('Concat', ['A', 'x', 'B', 'A'], ['Y'], { axis: 1 });
    await checkGradients(probeLoss(g, 'Y', [2, 9]).build(), { loss: PROBE }, { x: f64([5, 6], [2, 1]) });
  });

  it('Concat along a symbolic axis (sizes gathered from Shape)', async () => {
    const g = new GraphBuilder()
      .input('x', 'float64', ['n', 2])
      .initializer('A', 'float64', [3, 2], uniform(rand, 6))
      .node('Concat', ['x', 'A'], ['Y'], { axis: 0 });
    await checkGradients(probeLoss(g, 'Y', [4, 2]).build(), { loss: PROBE }, { x: f64([1, 2], [1, 2]) });
  });
});
