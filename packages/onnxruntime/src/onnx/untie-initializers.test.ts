import { describe, expect, it } from 'vitest';
import { buildTrainingGraph } from '../gradient/build-training-graph.js';
import { checkGradients, f64, seeded, uniform } from '../gradient/fd-check.test-util.js';
import { GraphBuilder } from './graph-builder.js';
import { readInitializers } from './initializers.js';
import { untieInitializers } from './untie-initializers.js';

/** As torch.onnx.export writes two parameters with equal values: one initializer, the other an Identity of it. */
function tiedModel(): Uint8Array {
  return new GraphBuilder()
    .input('x', 'float32', ['batch', 3])
    .initializer('ln1.weight', 'float32', [3], [1, 1, 1])
    .node('Identity', ['ln1.weight'], ['ln2.weight'], {}, 'Identity_0')
    .node('Mul', ['x', 'ln1.weight'], ['a'])
    .node('Mul', ['a', 'ln2.weight'], ['y'])
    .output('y', 'float32', ['batch', 3])
    .build();
}

describe('untieInitializers', () => {
  it('turns an Identity of an initializer into an initializer of its own, under the Identity’s output name', () => {
    const untied = untieInitializers(tiedModel());
    const initializers = readInitializers(untied);
    expect([...initializers.keys()]).toEqual(['ln1.weight', 'ln2.weight']);
    expect(Array.from(initializers.get('ln2.weight')!.values)).toEqual([1, 1, 1]);
    expect(untieInitializers(untied)).toBe(untied);
  });

  it('the builder trains both as separate parameters, each with its own gradient', async () => {
    const graph = buildTrainingGraph(tiedModel(), { loss: { type: 'mse' } });
    expect(graph.parameters.map((p) => p.name)).toEqual(['ln1.weight', 'ln2.weight']);
    const rand = seeded(5);
    const model = new GraphBuilder()
      .input('x', 'float64', ['batch', 3])
      .initializer('w', 'float64', [3], uniform(rand, 3))
      .node('Identity', ['w'], ['v'])
      .node('Mul', ['x', 'w'], ['a'])
      .node('Mul', ['a', 'v'], ['b'])
      .node('Mul', ['b', 'v'], ['y'])
      .output('y', 'float64', ['batch', 3])
      .build();
    // d/dw and d/dv differ (y = x·w·v²): a tied gradient would be their sum.
    const { gradients } = await checkGradients(
      model,
      { loss: { type: 'mse' } },
      { x: f64(uniform(rand, 6), [2, 3]), target: f64(uniform(rand, 6), [2, 3]) },
    );
    expect(Object.keys(gradients)).toEqual(['w', 'v']);
  });
});
