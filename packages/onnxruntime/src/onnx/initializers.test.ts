import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraphError } from './errors.js';
import { GraphBuilder } from './graph-builder.js';
import { readInitializers, replaceInitializers } from './initializers.js';
import { DataType, decodeModel, encodeModel } from './onnx-proto.js';

/** y = x·W + b with W [2,3], b [3] in float32; an int64 shape initializer that must be ignored. */
function linear(w: number[], b: number[]): Uint8Array {
  return new GraphBuilder()
    .input('x', 'float32', ['batch', 2])
    .initializer('W', 'float32', [2, 3], w)
    .initializer('b', 'float32', [3], b)
    .initializer('shape', 'int64', [2], [-1, 3])
    .node('MatMul', ['x', 'W'], ['xw'])
    .node('Add', ['xw', 'b'], ['yb'])
    .node('Reshape', ['yb', 'shape'], ['y'])
    .output('y', 'float32', ['batch', 3])
    .build();
}

async function run(model: Uint8Array, x: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [x.length / 2, 2]) });
  return out.y.data as Float32Array;
}

describe('readInitializers', () => {
  it('returns float32 initializers with shapes and values, and skips other types', () => {
    const map = readInitializers(linear([1, 2, 3, 4, 5, 6], [0.5, -0.5, 0.25]));
    expect([...map.keys()]).toEqual(['W', 'b']);
    expect(map.get('W')!.shape).toEqual([2, 3]);
    expect(Array.from(map.get('W')!.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(map.get('b')!.values)).toEqual([0.5, -0.5, 0.25]);
  });

  it('reads float_data as well as raw_data', () => {
    const proto = decodeModel(linear([1, 2, 3, 4, 5, 6], [0, 0, 0]));
    const w = proto.graph!.initializer![0];
    w.rawData = new Uint8Array();
    w.floatData = [6, 5, 4, 3, 2, 1];
    expect(Array.from(readInitializers(encodeModel(proto)).get('W')!.values)).toEqual([6, 5, 4, 3, 2, 1]);
  });
});

describe('replaceInitializers', () => {
  it('round trip: the exported model runs in ORT and equals a model built with the new weights', async () => {
    const original = linear([1, 2, 3, 4, 5, 6], [0, 0, 0]);
    const trained = { W: Float32Array.from([0.5, -1, 2, 0.25, 3, -0.75]), b: Float32Array.from([1, 2, 3]) };
    const exported = replaceInitializers(original, trained);
    const x = [1, 2, -3, 0.5];
    // By hand: row [1,2]·W = [1·0.5+2·0.25, 1·(−1)+2·3, 1·2+2·(−0.75)] = [1, 5, 0.5]; + b = [2, 7, 3.5].
    // Row [−3,0.5]·W = [−1.5+0.125, 3+1.5, −6−0.375] = [−1.375, 4.5, −6.375]; + b = [−0.375, 6.5, −3.375].
    expect(Array.from(await run(exported, x))).toEqual([2, 7, 3.5, -0.375, 6.5, -3.375]);
    expect(Array.from(await run(exported, x))).toEqual(Array.from(await run(linear(Array.from(trained.W), Array.from(trained.b)), x)));
    const read = readInitializers(exported);
    expect(Array.from(read.get('W')!.values)).toEqual(Array.from(trained.W));
    const init = decodeModel(exported).graph!.initializer!.find((t) => t.name === 'W')!;
    expect(init.floatData ?? []).toEqual([]);
    expect(init.dataType).toBe(DataType.FLOAT);
    expect(init.dims!.map(Number)).toEqual([2, 3]);
  });

  it('clears float_data when the original stored weights there', async () => {
    const proto = decodeModel(linear([1, 2, 3, 4, 5, 6], [0, 0, 0]));
    const w = proto.graph!.initializer![0];
    w.rawData = new Uint8Array();
    w.floatData = [1, 2, 3, 4, 5, 6];
    const exported = replaceInitializers(encodeModel(proto), { W: new Float32Array(6).fill(1) });
    expect(decodeModel(exported).graph!.initializer![0].floatData ?? []).toEqual([]);
    expect(Array.from(await run(exported, [1, 1]))).toEqual([2, 2, 2]);
  });

  it('refuses weights in Constant nodes, external data, wrong lengths, unknown names — before writing any', () => {
    const withConstant = new GraphBuilder()
      .input('x', 'float32', [1, 2])
      .constant('W', 'float32', [2, 2], [1, 0, 0, 1])
      .node('MatMul', ['x', 'W'], ['y'])
      .output('y', 'float32', [1, 2])
      .build();
    expect(() => replaceInitializers(withConstant, { W: new Float32Array(4) })).toThrow(/Constant node/);

    const proto = decodeModel(linear([1, 2, 3, 4, 5, 6], [0, 0, 0]));
    proto.graph!.initializer![1].dataLocation = 1;
    proto.graph!.initializer![1].externalData = [{ key: 'location', value: 'weights.bin' }];
    const external = encodeModel(proto);
    expect(() => replaceInitializers(external, { b: new Float32Array(3) })).toThrow(/external/);

    const model = linear([1, 2, 3, 4, 5, 6], [0, 0, 0]);
    let error: unknown;
    try {
      replaceInitializers(model, { b: new Float32Array(3), W: new Float32Array(5) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OnnxGraphError);
    expect((error as OnnxGraphError).tensor).toBe('W');
    expect(() => replaceInitializers(model, { nope: new Float32Array(1) })).toThrow(/"nope" is not an initializer/);
    expect(() => replaceInitializers(model, { shape: new Float32Array(2) })).toThrow(/not float32/);
  });
});

describe('OnnxGraphError', () => {
  it('is a WeightDecayError from core, named OnnxGraphError', async () => {
    const { WeightDecayError } = await import('@weight-decay/core');
    const error = new OnnxGraphError('x', { node: 'n', opType: 'Conv', attribute: 'group' });
    expect(error).toBeInstanceOf(WeightDecayError);
    expect(error.name).toBe('OnnxGraphError');
    expect([error.node, error.opType, error.attribute, error.tensor]).toEqual(['n', 'Conv', 'group', undefined]);
  });
});
