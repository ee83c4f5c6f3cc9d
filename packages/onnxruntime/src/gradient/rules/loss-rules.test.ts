import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DataType, encodeModel, onnx } from '../../onnx/onnx-proto.js';
import { buildTrainingGraph } from '../build-training-graph.js';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { checkGradients, int64Tensor, PROBE, probeLoss, seeded, uniform } from '../fd-check.test-util.js';

const rand = seeded(41);

describe('SoftmaxCrossEntropyLoss in the forward graph', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`reduction ${reduction}, scores [N, C], with and without the log_prob output`, async () => {
      for (const withLogProb of [false, true]) {
        const g = new GraphBuilder()
          .input('labels', 'int64', ['batch'])
          .initializer('S', 'float64', [4, 3], uniform(rand, 12, -2, 2))
          .node('SoftmaxCrossEntropyLoss', ['S', 'labels'], withLogProb ? ['loss', 'logp'] : ['loss'], { reduction }, 'sce')
          .output('loss', 'float64', []);
        if (withLogProb) g.output('logp', 'float64', [4, 3]);
        await checkGradients(g.build(), { loss: PROBE }, { labels: int64Tensor([2, 0, 1, 2], [4]) });
      }
    });
  }

  it('reduction none on scores [N, C, d] followed by a weighted sum', async () => {
    const g = new GraphBuilder()
      .input('labels', 'int64', [2, 3])
      .initializer('S', 'float64', [2, 4, 3], uniform(rand, 24, -2, 2))
      .node('SoftmaxCrossEntropyLoss', ['S', 'labels'], ['per'], { reduction: 'none' }, 'sce');
    await checkGradients(probeLoss(g, 'per', [2, 3]).build(), { loss: PROBE }, { labels: int64Tensor([0, 3, 1, 2, 2, 0], [2, 3]) });
  });

  it('mean over [N, C, d] divides by N·d', async () => {
    const g = new GraphBuilder()
      .input('labels', 'int64', [2, 3])
      .initializer('S', 'float64', [2, 4, 3], uniform(rand, 24, -2, 2))
      .node('SoftmaxCrossEntropyLoss', ['S', 'labels'], ['loss'], {}, 'sce')
      .output('loss', 'float64', []);
    await checkGradients(g.build(), { loss: PROBE }, { labels: int64Tensor([0, 3, 1, 2, 2, 0], [2, 3]) });
  });

  it('int32 labels', async () => {
    const g = new GraphBuilder()
      .initializer('S', 'float64', [3, 4], uniform(rand, 12, -2, 2))
      .node('SoftmaxCrossEntropyLoss', ['S', 'labels'], ['loss'], {}, 'sce')
      .output('loss', 'float64', []);
    const proto = g.toProto();
    proto.graph!.input = [
      onnx.ValueInfoProto.create({ name: 'labels', type: { tensorType: { elemType: DataType.INT32, shape: { dim: [{ dimValue: 3 }] } } } }),
    ];
    await checkGradients(encodeModel(proto), { loss: PROBE }, { labels: new ort.Tensor('int32', Int32Array.from([3, 0, 2]), [3]) });
  });

  it('ignore_index and class weights are refused, naming the node', () => {
    const model = (attrs: Record<string, number>, weights: boolean): Uint8Array => {
      const g = new GraphBuilder()
        .input('labels', 'int64', [2])
        .initializer('S', 'float64', [2, 3], uniform(rand, 6))
        .constant('cw', 'float64', [3], [1, 2, 3])
        .node('SoftmaxCrossEntropyLoss', weights ? ['S', 'labels', 'cw'] : ['S', 'labels'], ['loss'], attrs, 'criterion')
        .output('loss', 'float64', []);
      return g.build();
    };
    expect(() => buildTrainingGraph(model({ ignore_index: -100 }, false), { loss: PROBE })).toThrow(
      /SoftmaxCrossEntropyLoss node "criterion": attribute ignore_index/,
    );
    expect(() => buildTrainingGraph(model({}, true), { loss: PROBE })).toThrow(/node "criterion": class weights/);
  });
});
