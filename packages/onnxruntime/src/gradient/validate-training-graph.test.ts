import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encodeModel } from '../onnx/onnx-proto.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { f64 } from './fd-check.test-util.js';
import { validateTrainingGraph } from './validate-training-graph.js';

/**
 * A hand-written "prebuilt" training graph in the style of a functorch export:
 * params w [2] and b [] are inputs; loss = mean((x·w + b − t)²) over a batch
 * baked in as 4 (the 1/N is the constant 0.25); grads by hand:
 * r = x·w + b − t, d loss/d w = (2/N)·xᵀr, d loss/d b = (2/N)·Σr.
 */
function prebuilt(batch: number | string, extra?: (g: GraphBuilder) => void): GraphBuilder {
  const g = new GraphBuilder()
    .input('x', 'float64', [batch, 2])
    .input('t', 'float64', [batch])
    .input('w', 'float64', [2])
    .input('b', 'float64', [])
    .constant('two_over_n', 'float64', [], [0.5])
    .constant('inv_n', 'float64', [], [0.25])
    .node('MatMul', ['x', 'w'], ['xw'])
    .node('Add', ['xw', 'b'], ['y'])
    .node('Sub', ['y', 't'], ['r'])
    .node('Mul', ['r', 'r'], ['r2'])
    .node('ReduceSum', ['r2'], ['s'], { keepdims: 0 })
    .node('Mul', ['s', 'inv_n'], ['loss'])
    .node('Mul', ['r', 'two_over_n'], ['g'])
    .node('MatMul', ['g', 'x'], ['w_grad'])
    .node('ReduceSum', ['g'], ['b_grad'], { keepdims: 0 })
    .output('loss', 'float64', [])
    .output('y', 'float64', [batch])
    .output('w_grad', 'float64', [2])
    .output('b_grad', 'float64', []);
  extra?.(g);
  return g;
}

describe('validateTrainingGraph', () => {
  it('describes a valid prebuilt graph, which runs in ORT', async () => {
    const model = prebuilt(4).build();
    const graph = validateTrainingGraph(model, { parameters: ['w', 'b'] });
    expect(graph.parameters).toEqual([
      { name: 'w', shape: [2] },
      { name: 'b', shape: [] },
    ]);
    expect(graph.dataInputs).toEqual(['x', 't']);
    expect(graph.gradientOutputs).toEqual({ w: 'w_grad', b: 'b_grad' });
    expect(graph.forwardOutputs).toEqual(['y']);
    expect(graph.batchSize).toBe(4);
    expect(graph.model).toBe(model);
    const session = await ort.InferenceSession.create(graph.model);
    // x rows [1,0],[0,1],[1,1],[0,0], w = [1,1], b = 0, t = 0: r = [1,1,2,0]; loss = (1+1+4)/4 = 1.5;
    // w_grad = 0.5·xᵀr = 0.5·[1+2, 1+2] = [1.5, 1.5]; b_grad = 0.5·4 = 2.
    const out = await session.run({
      x: f64([1, 0, 0, 1, 1, 1, 0, 0], [4, 2]),
      t: f64([0, 0, 0, 0], [4]),
      w: f64([1, 1], [2]),
      b: f64([0], []),
    });
    expect(out.loss.data[0]).toBe(1.5);
    expect(Array.from(out.w_grad.data as Float64Array)).toEqual([1.5, 1.5]);
    expect(out.b_grad.data[0]).toBe(2);
  });

  it('accepts graphs made by buildTrainingGraph (the same naming contract)', () => {
    const forward = new GraphBuilder()
      .input('x', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [1, 2, 3, 4])
      .node('MatMul', ['x', 'w'], ['logits'])
      .output('logits', 'float64', ['batch', 2])
      .build();
    const built = buildTrainingGraph(forward, { loss: { type: 'softmax-cross-entropy' }, batchSize: 3 });
    const checked = validateTrainingGraph(built.model, { parameters: ['w'], batchSize: 3 });
    expect(checked.gradientOutputs).toEqual(built.gradientOutputs);
    expect(checked.dataInputs).toEqual(built.dataInputs);
    expect(checked.batchSize).toBe(3);
  });

  it('a missing gradient output is named', () => {
    expect(() => validateTrainingGraph(prebuilt(4).build(), { parameters: ['w', 'b', 'x'] })).toThrow(/"x_grad"/);
  });

  it('a gradient output whose declared shape differs from its parameter is refused', () => {
    const proto = prebuilt(4).toProto();
    proto.graph!.output!.find((o) => o.name === 'w_grad')!.type!.tensorType!.shape!.dim = [{ dimValue: 3 }];
    expect(() => validateTrainingGraph(encodeModel(proto), { parameters: ['w', 'b'] })).toThrow(
      /"w_grad" has shape \[3\], parameter "w" \[2\]/,
    );
  });

  it('a parameter that is not an input is named', () => {
    expect(() => validateTrainingGraph(prebuilt(4).build(), { parameters: ['v'] })).toThrow(/parameter "v" is not an input/);
  });

  it('a model without a loss output is refused', () => {
    const proto = prebuilt(4).toProto();
    proto.graph!.output = proto.graph!.output!.filter((o) => o.name !== 'loss');
    expect(() => validateTrainingGraph(encodeModel(proto), { parameters: ['w'] })).toThrow(/no output "loss"/);
  });

  it('com.microsoft and ai.onnx.preview.training nodes are refused, naming node and domain', () => {
    for (const domain of ['com.microsoft', 'ai.onnx.preview.training']) {
      const proto = prebuilt(4, (g) => g.node('ReluGrad', ['r', 'x'], ['unused'], {}, 'relu_grad')).toProto();
      proto.graph!.node!.at(-1)!.domain = domain;
      proto.opsetImport!.push({ domain, version: 1 });
      expect(() => validateTrainingGraph(encodeModel(proto), { parameters: ['w', 'b'] })).toThrow(
        new RegExp(`ReluGrad node "relu_grad" is in domain "${domain.replace(/\./g, '\\.')}"`),
      );
    }
  });

  it('a baked-in batch size that differs from the requested one is refused', () => {
    expect(() => validateTrainingGraph(prebuilt(4).build(), { parameters: ['w', 'b'], batchSize: 8 })).toThrow(
      /"x" has batch size 4 baked in, but batchSize 8/,
    );
  });

  it('a symbolic batch dimension needs the export batch size, which is then recorded', () => {
    const model = prebuilt('batch').build();
    expect(() => validateTrainingGraph(model, { parameters: ['w', 'b'] })).toThrow(/symbolic batch dimension; pass the batchSize/);
    expect(validateTrainingGraph(model, { parameters: ['w', 'b'], batchSize: 4 }).batchSize).toBe(4);
  });
});
