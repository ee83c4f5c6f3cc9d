import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f64, int64Tensor, seeded, uniform } from './fd-check.test-util.js';
import type { LossSpec } from './training-graph.js';

const rand = seeded(101);

/** x [batch, 3] → Gemm → y [batch, …out]; optionally LogSoftmax over axis 1. */
function linear(out: number[], logSoftmax = false): Uint8Array {
  const width = out.reduce((a, b) => a * b, 1);
  const g = new GraphBuilder()
    .input('x', 'float64', ['batch', 3])
    .initializer('W', 'float64', [3, width], uniform(rand, 3 * width))
    .initializer('b', 'float64', [width], uniform(rand, width))
    .constant('shape', 'int64', [out.length + 1], [-1, ...out])
    .node('Gemm', ['x', 'W', 'b'], ['flat'])
    .node('Reshape', ['flat', 'shape'], [logSoftmax ? 'scores' : 'y']);
  if (logSoftmax) g.node('LogSoftmax', ['scores'], ['y'], { axis: 1 });
  return g.output('y', 'float64', ['batch', ...out]).build();
}

const x = f64(uniform(rand, 12), [4, 3]);

describe('class-index losses (PyTorch definitions, checked against finite differences of a JS loss)', () => {
  const cases: { name: string; out: number[]; spec: LossSpec; labels: number[]; logSoftmax?: boolean }[] = [
    {
      name: 'cross-entropy, ignore_index −100',
      out: [5],
      spec: { type: 'softmax-cross-entropy', ignoreIndex: -100 },
      labels: [0, -100, 4, 2],
    },
    {
      name: 'cross-entropy, label smoothing 0.1, sum',
      out: [5],
      spec: { type: 'softmax-cross-entropy', labelSmoothing: 0.1, reduction: 'sum' },
      labels: [0, 1, 4, 2],
    },
    {
      name: 'cross-entropy over [N, C, L], ignore_index and label smoothing',
      out: [3, 2],
      spec: { type: 'softmax-cross-entropy', ignoreIndex: -100, labelSmoothing: 0.2 },
      labels: [0, 2, -100, 1, 2, 2, 1, -100],
    },
    {
      name: 'NLL over log-probabilities, ignore_index 1',
      out: [4],
      spec: { type: 'nll', ignoreIndex: 1 },
      labels: [0, 1, 3, 2],
      logSoftmax: true,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const labels = int64Tensor(c.labels, [4, ...c.out.slice(1)]);
      await checkGradients(linear(c.out, c.logSoftmax), { loss: c.spec }, { x, labels });
    });
  }

  it('records the ignored label for the trainer’s label check', () => {
    const graph = buildTrainingGraph(linear([5]), { loss: { type: 'softmax-cross-entropy', ignoreIndex: -100 } });
    expect(graph.classLabels).toEqual({ input: 'labels', logits: 'y', ignoreIndex: -100 });
  });
});

describe('elementwise losses', () => {
  // Targets sit ≥ 0.05 away from the outputs' kinks (|d| = 0, δ, β) at this x; checked by the finite differences themselves.
  const target = f64(uniform(rand, 8, -1.5, 1.5), [4, 2]);
  const probabilities = f64(uniform(rand, 8, 0, 1), [4, 2]);
  const cases: { name: string; spec: LossSpec; target: typeof target }[] = [
    { name: 'BCE with logits', spec: { type: 'binary-cross-entropy-with-logits' }, target: probabilities },
    {
      name: 'BCE with logits, pos_weight per class, sum',
      spec: { type: 'binary-cross-entropy-with-logits', posWeight: [2, 0.5], reduction: 'sum' },
      target: probabilities,
    },
    { name: 'BCE with logits, one pos_weight', spec: { type: 'binary-cross-entropy-with-logits', posWeight: 3 }, target: probabilities },
    { name: 'L1', spec: { type: 'l1' }, target },
    { name: 'Huber δ = 0.5', spec: { type: 'huber', delta: 0.5 }, target },
    { name: 'Huber δ = 1, sum', spec: { type: 'huber', reduction: 'sum' }, target },
    { name: 'smooth L1 β = 0.5', spec: { type: 'smooth-l1', beta: 0.5 }, target },
    { name: 'smooth L1 β = 0 (L1)', spec: { type: 'smooth-l1', beta: 0 }, target },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await checkGradients(linear([2]), { loss: c.spec }, { x, target: c.target });
    });
  }

  it('refuses a negative δ, a smoothing outside [0, 1] and an empty pos_weight, naming the field', () => {
    expect(() => buildTrainingGraph(linear([2]), { loss: { type: 'huber', delta: -1 } })).toThrow(/loss\.delta/);
    expect(() => buildTrainingGraph(linear([2]), { loss: { type: 'softmax-cross-entropy', labelSmoothing: 2 } })).toThrow(
      /loss\.labelSmoothing/,
    );
    expect(() => buildTrainingGraph(linear([2]), { loss: { type: 'binary-cross-entropy-with-logits', posWeight: [] } })).toThrow(
      /loss\.posWeight/,
    );
  });
});
