import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type ElementType } from '../onnx/graph-builder.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f32, int64Tensor, SESSION_OPTIONS, seeded, uniform } from './fd-check.test-util.js';

/** The same 6-8-4 MLP in float32 or float64 (weights are float32-representable, so both start equal). */
function mlp(type: ElementType): Uint8Array {
  const rand = seeded(123);
  const r = (n: number): number[] => uniform(rand, n).map(Math.fround);
  return new GraphBuilder()
    .input('input', type, ['batch', 6])
    .initializer('fc1.weight', type, [8, 6], r(48))
    .initializer('fc1.bias', type, [8], r(8))
    .initializer('fc2.weight', type, [4, 8], r(32))
    .initializer('fc2.bias', type, [4], r(4))
    .node('Gemm', ['input', 'fc1.weight', 'fc1.bias'], ['h'], { transB: 1 }, '/fc1/Gemm')
    .node('Relu', ['h'], ['a'], {}, '/relu/Relu')
    .node('Gemm', ['a', 'fc2.weight', 'fc2.bias'], ['logits'], { transB: 1 }, '/fc2/Gemm')
    .output('logits', type, ['batch', 4])
    .build();
}

async function gradients(type: ElementType, x: number[], labels: number[]): Promise<Record<string, Float64Array>> {
  const graph = buildTrainingGraph(mlp(type), { loss: { type: 'softmax-cross-entropy' } });
  const session = await ort.InferenceSession.create(graph.model, SESSION_OPTIONS);
  const { floatInitializers } = await import('./fd-check.test-util.js');
  const feeds: Record<string, ort.Tensor> = {
    input: new ort.Tensor(type, type === 'float32' ? Float32Array.from(x) : Float64Array.from(x), [labels.length, 6]),
    labels: int64Tensor(labels, [labels.length]),
  };
  for (const [name, init] of floatInitializers(mlp(type))) feeds[name] = new ort.Tensor(type, init.values, init.dims);
  const out = await session.run(feeds);
  return Object.fromEntries(graph.parameters.map((p) => [p.name, Float64Array.from(out[`${p.name}_grad`].data as Float32Array)]));
}

describe('end to end', () => {
  it('a float32 MLP training graph agrees with the float64 one (itself checked by finite differences) to float32 precision', async () => {
    const rand = seeded(5);
    const x = uniform(rand, 10 * 6, -2, 2).map(Math.fround);
    const labels = Array.from({ length: 10 }, (_, i) => (i * 7) % 4);
    await checkGradients(
      mlp('float64'),
      { loss: { type: 'softmax-cross-entropy' } },
      {
        input: new ort.Tensor('float64', Float64Array.from(x), [10, 6]),
        labels: int64Tensor(labels, [10]),
      },
    );
    const g32 = await gradients('float32', x, labels);
    const g64 = await gradients('float64', x, labels);
    for (const name of Object.keys(g64)) {
      const scale = Math.max(...g64[name].map(Math.abs));
      for (let i = 0; i < g64[name].length; i++) {
        // float32 accumulation over a batch of 10 and two layers: ~1e-6 relative to the largest entry.
        expect(Math.abs(g32[name][i] - g64[name][i])).toBeLessThanOrEqual(1e-5 * scale);
      }
    }
  });

  it('a small CNN (Conv → Tanh → MaxPool → Flatten → Gemm → cross-entropy) in float32 matches finite differences', async () => {
    // float32 with a nonlinear loss: central differences with h = 1e-3 have truncation error
    // ~h²·|f'''|/6 ≈ 2e-7·|f'''| and rounding ~6e-8·|L|/h ≈ 6e-5·|L|, so 1e-3 abs + 5e-3 rel holds
    // and still catches a wrong rule (off by O(|g|)). The step must also keep every pooling
    // window's argmax fixed: with these inputs h = 1e-2 flips one (a max is not differentiable
    // there), h = 1e-3 flips none.
    const rand = seeded(8);
    const model = new GraphBuilder()
      .input('image', 'float32', ['batch', 1, 6, 6])
      .initializer('conv.weight', 'float32', [2, 1, 3, 3], uniform(rand, 18, -0.8, 0.8))
      .initializer('conv.bias', 'float32', [2], uniform(rand, 2, -0.1, 0.1))
      .initializer('fc.weight', 'float32', [3, 8], uniform(rand, 24))
      .initializer('fc.bias', 'float32', [3], uniform(rand, 3))
      .node(
        'Conv',
        ['image', 'conv.weight', 'conv.bias'],
        ['c'],
        { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] },
        '/conv/Conv',
      )
      .node('Tanh', ['c'], ['t'], {}, '/act/Tanh')
      .node('MaxPool', ['t'], ['p'], { kernel_shape: [3, 3], strides: [3, 3] }, '/pool/MaxPool')
      .node('Flatten', ['p'], ['f'], { axis: 1 }, '/flatten/Flatten')
      .node('Gemm', ['f', 'fc.weight', 'fc.bias'], ['logits'], { transB: 1 }, '/fc/Gemm')
      .output('logits', 'float32', ['batch', 3])
      .build();
    const data = { image: f32(uniform(rand, 3 * 36, -1, 1), [3, 1, 6, 6]), labels: int64Tensor([0, 2, 1], [3]) };
    await checkGradients(model, { loss: { type: 'softmax-cross-entropy' } }, data, { step: 1e-3, rtol: 5e-3, atol: 1e-3 });
  });
});
