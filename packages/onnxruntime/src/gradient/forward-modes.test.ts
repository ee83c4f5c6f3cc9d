import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f64, PROBE, probeLoss, SESSION_OPTIONS, seeded, uniform } from './fd-check.test-util.js';

const rand = seeded(83);

/** X [4, 3, 2, 2] (a parameter) → BatchNormalization (training_mode as given) → Dropout (ratio 0.25, training_mode as given). */
function model(bnTraining: number, dropoutTraining: boolean, x: number[]): Uint8Array {
  const g = new GraphBuilder()
    .initializer('X', 'float64', [4, 3, 2, 2], x)
    .initializer('scale', 'float64', [3], [0.5, 1.5, 1])
    .initializer('bias', 'float64', [3], [0.1, -0.2, 0.3])
    .initializer('running_mean', 'float64', [3], [0.05, -0.1, 0.2])
    .initializer('running_var', 'float64', [3], [1.2, 0.8, 1.0])
    .constant('ratio', 'float64', [], [0.25])
    .constant('mode', 'bool', [], [dropoutTraining ? 1 : 0])
    .node(
      'BatchNormalization',
      ['X', 'scale', 'bias', 'running_mean', 'running_var'],
      bnTraining ? ['bn', 'bn_mean', 'bn_var'] : ['bn'],
      { epsilon: { float: 1e-5 }, momentum: { float: 0.9 }, training_mode: bnTraining },
      'bn',
    )
    .node('Dropout', ['bn', 'ratio', 'mode'], ['Y', 'mask'], {}, 'dropout')
    .output('Y', 'float64', [4, 3, 2, 2]);
  return probeLoss(g, 'Y', [4, 3, 2, 2]).build();
}

describe('training-mode BatchNormalization and Dropout', () => {
  const x = uniform(rand, 48, -2, 2);
  const noise = uniform(rand, 48, 0, 1);

  it('batch statistics and dropout: gradients match finite differences of the same graph; running statistics and outputs by hand', async () => {
    const forward = model(1, true, x);
    const graph = buildTrainingGraph(forward, { loss: PROBE });
    expect(graph.state).toEqual([
      { name: 'running_mean', output: 'bn_mean', shape: [3] },
      { name: 'running_var', output: 'bn_var', shape: [3] },
    ]);
    expect(graph.random).toEqual([{ name: 'dropout/noise', dims: [4, 3, 2, 2], ratio: 0.25, node: 'dropout', dataType: 11 }]);
    expect(graph.evaluationModel).toBeDefined();
    const feeds = {
      'dropout/noise': f64(noise, [4, 3, 2, 2]),
      running_mean: f64([0.05, -0.1, 0.2], [3]),
      running_var: f64([1.2, 0.8, 1.0], [3]),
    };
    await checkGradients(forward, { loss: PROBE }, feeds, undefined, 'training-graph');

    const session = await ort.InferenceSession.create(graph.model, SESSION_OPTIONS);
    const params = { X: f64(x, [4, 3, 2, 2]), scale: f64([0.5, 1.5, 1], [3]), bias: f64([0.1, -0.2, 0.3], [3]) };
    const out = await session.run({ ...feeds, ...params }, ['bn_mean', 'bn_var', 'Y']);
    // By hand: per channel c, the 16 values X[n, c, :, :]; mean, biased variance for the output,
    // unbiased (·16/15) for the running variance; running = m·running + (1 − m)·batch with the
    // attribute's float32 momentum m = fround(0.9).
    const m = Math.fround(0.9);
    const y = out.Y.data as Float64Array;
    const scale = [0.5, 1.5, 1];
    const bias = [0.1, -0.2, 0.3];
    for (let c = 0; c < 3; c++) {
      const idx = [0, 1, 2, 3].flatMap((n) => [0, 1, 2, 3].map((k) => n * 12 + c * 4 + k));
      const values = idx.map((i) => x[i]);
      const mean = values.reduce((a, b) => a + b, 0) / 16;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / 16;
      expect((out.bn_mean.data as Float64Array)[c]).toBeCloseTo(m * [0.05, -0.1, 0.2][c] + (1 - m) * mean, 12);
      expect((out.bn_var.data as Float64Array)[c]).toBeCloseTo(m * [1.2, 0.8, 1.0][c] + (1 - m) * ((variance * 16) / 15), 12);
      for (const i of idx) {
        const normalized = ((x[i] - mean) / Math.sqrt(variance + Math.fround(1e-5))) * scale[c] + bias[c];
        const kept = noise[i] >= 0.25 ? normalized / 0.75 : 0;
        expect(y[i]).toBeCloseTo(kept, 10);
      }
    }
  });

  it("an eval-mode export (PRESERVE) keeps frozen statistics and no dropout; mode 'training' forces both on, 'eval' both off", () => {
    const preserved = buildTrainingGraph(model(0, false, x), { loss: PROBE });
    expect([preserved.state, preserved.random, preserved.evaluationModel]).toEqual([[], [], undefined]);
    expect(preserved.frozen).toEqual(expect.arrayContaining(['running_mean', 'running_var']));

    const forced = buildTrainingGraph(model(0, false, x), { loss: PROBE, mode: 'training' });
    expect(forced.state.map((s) => s.name)).toEqual(['running_mean', 'running_var']);
    expect(forced.random.map((r) => r.name)).toEqual(['dropout/noise']);

    const off = buildTrainingGraph(model(1, true, x), { loss: PROBE, mode: 'eval' });
    expect([off.state, off.random]).toEqual([[], []]);
  });

  it('the evaluation model runs both layers in inference mode with the fed running statistics', async () => {
    const graph = buildTrainingGraph(model(1, true, x), { loss: PROBE });
    const session = await ort.InferenceSession.create(graph.evaluationModel!, SESSION_OPTIONS);
    const mean = [0.05, -0.1, 0.2];
    const variance = [1.2, 0.8, 1.0];
    const out = await session.run({
      X: f64(x, [4, 3, 2, 2]),
      scale: f64([0.5, 1.5, 1], [3]),
      bias: f64([0.1, -0.2, 0.3], [3]),
      running_mean: f64(mean, [3]),
      running_var: f64(variance, [3]),
    });
    expect(session.inputNames).not.toContain('dropout/noise');
    const y = out.Y.data as Float64Array;
    for (let i = 0; i < 48; i++) {
      const c = Math.floor(i / 4) % 3;
      const expected = ((x[i] - mean[c]) / Math.sqrt(variance[c] + Math.fround(1e-5))) * [0.5, 1.5, 1][c] + [0.1, -0.2, 0.3][c];
      expect(y[i]).toBeCloseTo(expected, 6);
    }
  });

  it('a Dropout whose input shape has a dim no model input carries is refused, naming the node', () => {
    const g = new GraphBuilder()
      .input('x', 'float64', ['batch', 4])
      .input('shape', 'int64', [2])
      .constant('ratio', 'float64', [], [0.5])
      .constant('mode', 'bool', [], [1])
      .initializer('W', 'float64', [4, 4], uniform(rand, 16))
      .node('MatMul', ['x', 'W'], ['h'])
      .node('Reshape', ['h', 'shape'], ['r'])
      .node('Dropout', ['r', 'ratio', 'mode'], ['Y'], {}, 'drop')
      .node('ReduceSum', ['Y'], ['loss'], { keepdims: 0 })
      .output('loss', 'float64', []);
    expect(() => buildTrainingGraph(g.build(), { loss: { type: 'output', name: 'loss' } })).toThrow(
      /Dropout node "drop": the shape of its input "r"/,
    );
  });
});
