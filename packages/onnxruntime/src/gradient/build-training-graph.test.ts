import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { encodeModel } from '../onnx/onnx-proto.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f64, int64Tensor, nodeOps, seeded, uniform } from './fd-check.test-util.js';

/** A 4-5-3 MLP in float64: MatMul + Add + Relu, then Gemm(transB) as the logits layer. */
function mlp(options: { batch?: number | string; opset?: number } = {}): Uint8Array {
  const rand = seeded(7);
  return new GraphBuilder({ opset: options.opset ?? 17 })
    .input('input', 'float64', [options.batch ?? 'batch', 4])
    .initializer('w1', 'float64', [4, 5], uniform(rand, 20))
    .initializer('b1', 'float64', [5], uniform(rand, 5, -0.2, 0.2))
    .initializer('w2', 'float64', [3, 5], uniform(rand, 15))
    .initializer('b2', 'float64', [3], uniform(rand, 3))
    .node('MatMul', ['input', 'w1'], ['h0'], {}, 'fc1/matmul')
    .node('Add', ['h0', 'b1'], ['h1'], {}, 'fc1/add')
    .node('Relu', ['h1'], ['h2'], {}, 'relu')
    .node('Gemm', ['h2', 'w2', 'b2'], ['logits'], { transB: 1 }, 'fc2')
    .output('logits', 'float64', [options.batch ?? 'batch', 3])
    .build();
}

const x = f64(uniform(seeded(11), 6 * 4, -2, 2), [6, 4]);
const labels = int64Tensor([0, 2, 1, 1, 0, 2], [6]);

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('buildTrainingGraph on an MLP', () => {
  it('softmax cross-entropy (mean): loss matches the forward model, gradients match finite differences', async () => {
    const { graph } = await checkGradients(mlp(), { loss: { type: 'softmax-cross-entropy' } }, { input: x, labels });
    expect(graph.parameters).toEqual([
      { name: 'w1', shape: [4, 5] },
      { name: 'b1', shape: [5] },
      { name: 'w2', shape: [3, 5] },
      { name: 'b2', shape: [3] },
    ]);
    expect(graph.dataInputs).toEqual(['input', 'labels']);
    expect(graph.gradientOutputs).toEqual({ w1: 'w1_grad', b1: 'b1_grad', w2: 'w2_grad', b2: 'b2_grad' });
    expect(graph.forwardOutputs).toEqual(['logits']);
    expect(graph.frozen).toEqual([]);
    expect(graph.lossOutput).toBe('loss');
    expect(graph.batchSize).toBeNull();
  });

  it('softmax cross-entropy (sum)', async () => {
    await checkGradients(mlp(), { loss: { type: 'softmax-cross-entropy', reduction: 'sum' } }, { input: x, labels });
  });

  it('the output-layer gradient is (softmax − onehot)/N, checked by hand on a 1-layer model', async () => {
    // logits = b (a [1,2] bias broadcast over N = 2 rows of zeros·W). With b = [0, 0],
    // softmax = [1/2, 1/2] on each row; labels [0, 1] give onehots [1,0] and [0,1];
    // d loss/d b = Σ_rows (softmax − onehot)/N = ([−1/2, 1/2] + [1/2, −1/2])/2 = [0, 0];
    // with labels [0, 0]: ([−1/2, 1/2] + [−1/2, 1/2])/2 = [−1/2, 1/2].
    const model = new GraphBuilder()
      .input('input', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [0, 0, 0, 0])
      .initializer('b', 'float64', [2], [0, 0])
      .node('Gemm', ['input', 'w', 'b'], ['logits'])
      .output('logits', 'float64', ['batch', 2])
      .build();
    const graph = buildTrainingGraph(model, { loss: { type: 'softmax-cross-entropy' }, trainable: ['b'] });
    expect(graph.frozen).toEqual(['w']);
    const session = await ort.InferenceSession.create(graph.model);
    const out = await session.run({ input: f64([1, 2, 3, 4], [2, 2]), labels: int64Tensor([0, 0], [2]), b: f64([0, 0], [2]) });
    expect(Array.from(out.b_grad.data as Float64Array)).toEqual([-0.5, 0.5]);
    expect(out.loss.data[0]).toBeCloseTo(Math.LN2, 12);
  });

  it('mse (mean and sum) on a Tanh/Sigmoid MLP', async () => {
    const rand = seeded(3);
    const model = new GraphBuilder()
      .input('input', 'float64', ['batch', 3])
      .initializer('w1', 'float64', [3, 4], uniform(rand, 12))
      .initializer('b1', 'float64', [4], uniform(rand, 4))
      .initializer('w2', 'float64', [4, 2], uniform(rand, 8))
      .node('MatMul', ['input', 'w1'], ['a'])
      .node('Add', ['a', 'b1'], ['b'])
      .node('Tanh', ['b'], ['c'])
      .node('MatMul', ['c', 'w2'], ['d'])
      .node('Sigmoid', ['d'], ['y'])
      .output('y', 'float64', ['batch', 2])
      .build();
    const data = { input: f64(uniform(rand, 15, -2, 2), [5, 3]), target: f64(uniform(rand, 10, 0, 1), [5, 2]) };
    await checkGradients(model, { loss: { type: 'mse' } }, data);
    await checkGradients(model, { loss: { type: 'mse', reduction: 'sum' } }, data);
  });

  it('batchSize pins the data inputs, and the result records it', async () => {
    const graph = buildTrainingGraph(mlp(), { loss: { type: 'softmax-cross-entropy' }, batchSize: 6 });
    expect(graph.batchSize).toBe(6);
    const session = await ort.InferenceSession.create(graph.model);
    const feeds = {
      w1: f64(new Array(20).fill(0.1), [4, 5]),
      b1: f64(new Array(5).fill(0), [5]),
      w2: f64(new Array(15).fill(0.1), [3, 5]),
      b2: f64([0, 0, 0], [3]),
    };
    await expect(session.run({ ...feeds, input: x, labels })).resolves.toBeDefined();
    await expect(session.run({ ...feeds, input: f64(new Array(8).fill(0), [2, 4]), labels: int64Tensor([0, 1], [2]) })).rejects.toThrow(
      /dimension|shape/i,
    );
  });

  it('a fixed batch dimension in the forward model becomes the batch size; a different request is refused', () => {
    expect(buildTrainingGraph(mlp({ batch: 6 }), { loss: { type: 'softmax-cross-entropy' } }).batchSize).toBe(6);
    expect(() => buildTrainingGraph(mlp({ batch: 6 }), { loss: { type: 'softmax-cross-entropy' }, batchSize: 4 })).toThrow(
      /input "input" has a fixed batch dimension 6/,
    );
  });

  it('contains only ai.onnx ops and imports only the ai.onnx opset', () => {
    const graph = buildTrainingGraph(mlp(), { loss: { type: 'softmax-cross-entropy' } });
    const ops = nodeOps(graph.model);
    expect(ops.length).toBeGreaterThan(10);
    for (const op of ops) expect(op.domain).toBe('');
  });
});

describe('buildTrainingGraph inputs', () => {
  it('an IR-3 style model that also lists its initializers as inputs', async () => {
    const model = new GraphBuilder()
      .input('x', 'float64', ['batch', 2])
      .input('w', 'float64', [2, 2])
      .input('frozen', 'float64', [2])
      .initializer('w', 'float64', [2, 2], [0.5, -1, 2, 0.25])
      .initializer('frozen', 'float64', [2], [1, 2])
      .node('MatMul', ['x', 'w'], ['a'])
      .node('Mul', ['a', 'frozen'], ['b'])
      .node('ReduceSum', ['b'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', [])
      .build();
    const { graph } = await checkGradients(
      model,
      { loss: { type: 'output', name: 'loss' }, trainable: ['w'] },
      { x: f64([1, 2, 3, 4], [2, 2]) },
    );
    expect(graph.dataInputs).toEqual(['x']);
    expect(graph.frozen).toEqual(['frozen']);
    expect(graph.forwardOutputs).toEqual([]);
  });
});

describe('buildTrainingGraph losses', () => {
  it("an 'output' loss of shape [1, 1] (keepdims) is seeded with ones of its shape", async () => {
    const model = new GraphBuilder()
      .input('x', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [0.5, -1, 2, 0.25])
      .node('MatMul', ['x', 'w'], ['a'])
      .node('Tanh', ['a'], ['t'])
      .node('ReduceSum', ['t'], ['total'], { keepdims: 1 })
      .output('total', 'float64', [1, 1])
      .build();
    const { graph } = await checkGradients(model, { loss: { type: 'output', name: 'total' } }, { x: f64([1, 2, 3, 4], [2, 2]) });
    expect(graph.forwardOutputs).toEqual(['total']);
  });

  it('refuses an output loss that is not a scalar', () => {
    expect(() => buildTrainingGraph(mlp({ batch: 6 }), { loss: { type: 'output', name: 'logits' } })).toThrow(
      /"loss" has shape \[6, 3\]; it must be a scalar/,
    );
  });
});

describe('buildTrainingGraph errors', () => {
  it('every op without a rule on the path is named with its nodes in one error, with advice, at build time', () => {
    const model = new GraphBuilder()
      .input('input', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [1, 2, 3, 4])
      .constant('axis', 'int64', [], [1])
      .node('MatMul', ['input', 'w'], ['a'], {}, 'fc')
      .node('CumSum', ['a', 'axis'], ['b'], {}, 'weird/cumsum')
      .node('Einsum', ['b'], ['c'], { equation: 'ij->ij' }, 'weird/einsum')
      .node('CumSum', ['c', 'axis'], ['d'], {}, 'weird/cumsum2')
      .node('Trilu', ['d'], ['e'], {}, 'weird/trilu')
      .node('ReduceSum', ['e'], ['loss'], { keepdims: 0 }, 'sum')
      .output('loss', 'float64', [])
      .build();
    const error = catchError(() => buildTrainingGraph(model, { loss: { type: 'output', name: 'loss' } }));
    expect(error).toBeInstanceOf(OnnxGraphError);
    const { message, nodes, opType, node } = error as OnnxGraphError;
    expect(message).toMatch(/no gradient rule for 3 ops between the parameters and the loss/);
    expect(message).toMatch(/CumSum \(nodes "weird\/cumsum", "weird\/cumsum2"\)/);
    expect(message).toMatch(/Einsum \(node "weird\/einsum"\)/);
    expect(message).toMatch(/Trilu \(node "weird\/trilu"\)/);
    expect(message).toMatch(/`trainable`/);
    expect(message).toMatch(/TrainingMode\.PRESERVE/);
    expect(nodes.map((n) => n.node)).toEqual(['weird/cumsum', 'weird/einsum', 'weird/cumsum2', 'weird/trilu']);
    expect([opType, node]).toEqual(['CumSum', 'weird/cumsum']);
  });

  it('a recurrent op without an unrolling (RNN) is named as such, not an op inside or after it', () => {
    const model = new GraphBuilder()
      .input('input', 'float64', [5, 'batch', 2])
      .initializer('W', 'float64', [1, 3, 2], uniform(seeded(1), 6))
      .initializer('R', 'float64', [1, 3, 3], uniform(seeded(2), 9))
      .node('RNN', ['input', 'W', 'R'], ['y'], { hidden_size: 3 }, 'encoder/rnn')
      .node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', [])
      .build();
    expect(() => buildTrainingGraph(model, { loss: { type: 'output', name: 'loss' } })).toThrow(
      /RNN \(node "encoder\/rnn"\)[\s\S]*RNN is a recurrent layer/,
    );
  });

  it('a dynamic-batch head split (Shape→Gather→Unsqueeze→Concat→Reshape) feeding a batched MatMul builds and matches finite differences', async () => {
    const rand = seeded(21);
    const model = new GraphBuilder()
      .input('x', 'float64', ['batch', 'seq', 4])
      .initializer('wq', 'float64', [4, 4], uniform(rand, 16))
      .initializer('wk', 'float64', [4, 4], uniform(rand, 16))
      .constant('zero', 'int64', [], [0])
      .constant('one', 'int64', [], [1])
      .constant('axes', 'int64', [1], [0])
      .constant('split', 'int64', [2], [2, 2])
      .node('MatMul', ['x', 'wq'], ['q'])
      .node('MatMul', ['x', 'wk'], ['k'])
      .node('Shape', ['x'], ['s'])
      .node('Gather', ['s', 'zero'], ['b'], { axis: 0 })
      .node('Gather', ['s', 'one'], ['n'], { axis: 0 })
      .node('Unsqueeze', ['b', 'axes'], ['bu'])
      .node('Unsqueeze', ['n', 'axes'], ['nu'])
      .node('Concat', ['bu', 'nu', 'split'], ['heads'], { axis: 0 })
      .node('Reshape', ['q', 'heads'], ['qh'])
      .node('Reshape', ['k', 'heads'], ['kh'])
      .node('Transpose', ['qh'], ['qt'], { perm: [0, 2, 1, 3] })
      .node('Transpose', ['kh'], ['kt'], { perm: [0, 2, 3, 1] })
      .node('MatMul', ['qt', 'kt'], ['scores'], {}, 'attention/scores')
      .node('Softmax', ['scores'], ['p'], { axis: -1 })
      .node('Mul', ['p', 'scores'], ['ps'])
      .node('ReduceSum', ['ps'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', [])
      .build();
    await checkGradients(model, { loss: { type: 'output', name: 'loss' } }, { x: f64(uniform(rand, 2 * 3 * 4), [2, 3, 4]) });
  });

  it('an unknown rank is blamed on the node that lost it', () => {
    const model = new GraphBuilder()
      .input('x', 'float64', ['batch', 4])
      .input('shape', 'int64', ['k'])
      .initializer('w', 'float64', [4, 4], uniform(seeded(3), 16))
      .node('Reshape', ['x', 'shape'], ['r'], {}, 'reshape/by-input')
      .node('Relu', ['r'], ['a'])
      .node('MatMul', ['a', 'w'], ['y0'])
      .node('MatMul', ['y0', 'y0'], ['y'], {}, 'square')
      .node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', [])
      .build();
    expect(() => buildTrainingGraph(model, { loss: { type: 'output', name: 'loss' } })).toThrow(
      /MatMul node "square": the rank of "y0" is unknown \(shape inference lost it at Reshape node "reshape\/by-input"\)/,
    );
  });

  it('an op without a rule off the gradient path is fine', async () => {
    const model = new GraphBuilder()
      .input('input', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [1, 2, 3, 4])
      .constant('axis', 'int64', [], [1])
      .node('CumSum', ['input', 'axis'], ['s'], {}, 'data/cumsum')
      .node('MatMul', ['s', 'w'], ['a'], {}, 'fc')
      .node('ReduceSum', ['a'], ['loss'], { keepdims: 0 }, 'sum')
      .output('loss', 'float64', [])
      .build();
    await checkGradients(model, { loss: { type: 'output', name: 'loss' } }, { input: f64([0.1, 0.2, 0.3, 0.4], [2, 2]) });
  });

  it('an unsupported attribute is named with op and node', () => {
    const model = new GraphBuilder()
      .input('input', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [1, 2, 3, 4])
      .node('MatMul', ['input', 'w'], ['a'], {}, 'fc')
      .node('Softmax', ['a'], ['s'], { axis: 1, mystery: 3 }, 'head/softmax')
      .node('ReduceSum', ['s'], ['loss'], { keepdims: 0 }, 'sum')
      .output('loss', 'float64', [])
      .build();
    expect(() => buildTrainingGraph(model, { loss: { type: 'output', name: 'loss' } })).toThrow(
      /Softmax node "head\/softmax": attribute mystery/,
    );
  });

  it('names a trainable that is not an initializer, and a loss output that does not exist', () => {
    expect(() => buildTrainingGraph(mlp(), { loss: { type: 'softmax-cross-entropy' }, trainable: ['w9'] })).toThrow(
      /"w9" is not an initializer/,
    );
    expect(() => buildTrainingGraph(mlp(), { loss: { type: 'mse', output: 'nope' } })).toThrow(
      /"nope" is not an output of the model \(its outputs: logits\)/,
    );
    expect(() => buildTrainingGraph(mlp(), { loss: { type: 'softmax-cross-entropy', labels: 'w1' } })).toThrow(/"w1" is already used/);
  });

  it('refuses nodes outside ai.onnx', () => {
    const proto = new GraphBuilder()
      .input('input', 'float64', ['batch', 2])
      .initializer('w', 'float64', [2, 2], [1, 2, 3, 4])
      .node('MatMul', ['input', 'w'], ['a'], {}, 'fc')
      .node('FusedGelu', ['a'], ['logits'], {}, 'gelu')
      .output('logits', 'float64', ['batch', 2])
      .toProto();
    proto.graph!.node![1].domain = 'com.microsoft';
    proto.opsetImport!.push({ domain: 'com.microsoft', version: 1 });
    const bytes = encodeModel(proto);
    expect(() => buildTrainingGraph(bytes, { loss: { type: 'softmax-cross-entropy' } })).toThrow(
      /FusedGelu node "gelu" is in domain "com.microsoft"/,
    );
  });
});
