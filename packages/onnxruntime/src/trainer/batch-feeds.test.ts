import { WeightDecayError } from '@weight-decay/core';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { BatchError } from './batch-error.js';
import { createBatchFeeds, type InputSignature } from './batch-feeds.js';

const inputs: InputSignature[] = [
  { name: 'x', type: 'float32', dims: ['batch', 8] },
  { name: 'labels', type: 'int64', dims: ['batch'] },
];

function batchError(run: () => unknown): BatchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchError);
    expect(error).toBeInstanceOf(WeightDecayError);
    return error as BatchError;
  }
  throw new Error('expected a BatchError');
}

describe('createBatchFeeds', () => {
  it('wraps typed arrays of the right type without copying and converts plain arrays', () => {
    const x = new Float32Array(16);
    const feeds = createBatchFeeds({ x: { data: x, dims: [2, 8] }, labels: { data: [2, 0], dims: [2] } }, inputs, null);
    expect(feeds.x.data).toBe(x);
    expect(feeds.labels.type).toBe('int64');
    expect(Array.from(feeds.labels.data as BigInt64Array)).toEqual([2n, 0n]);
  });

  it('passes onnxruntime tensors through', () => {
    const x = new Tensor('float32', new Float32Array(8), [1, 8]);
    const feeds = createBatchFeeds({ x, labels: new Tensor('int64', new BigInt64Array(1), [1]) }, inputs, null);
    expect(feeds.x).toBe(x);
  });

  it('checks class labels against [0, classCount), and against ≥ 0 when the count is unknown', () => {
    const labelled = (classCount: number): InputSignature[] => [inputs[0], { ...inputs[1], classCount }];
    const x = { data: new Float32Array(16), dims: [2, 8] };
    expect(() => createBatchFeeds({ x, labels: { data: [2, 0], dims: [2] } }, labelled(3), null)).not.toThrow();
    expect(batchError(() => createBatchFeeds({ x, labels: { data: [0, 3], dims: [2] } }, labelled(3), null)).message).toContain(
      'integers in [0, 3), received 3 at index 1',
    );
    const tensorLabels = new Tensor('int64', BigInt64Array.from([-2n, 0n]), [2]);
    expect(batchError(() => createBatchFeeds({ x, labels: tensorLabels }, labelled(Infinity), null)).message).toContain(
      'integers ≥ 0, received -2 at index 0',
    );
    expect(() => createBatchFeeds({ x, labels: { data: [7, 0], dims: [2] } }, labelled(Infinity), null)).not.toThrow();
  });

  it('names a missing input', () => {
    const error = batchError(() => createBatchFeeds({ x: { data: new Float32Array(8), dims: [1, 8] } }, inputs, null));
    expect(error.input).toBe('labels');
    expect(error.message).toContain('missing');
  });

  it('names an input the graph does not have', () => {
    const error = batchError(() =>
      createBatchFeeds(
        { x: { data: new Float32Array(8), dims: [1, 8] }, labels: { data: [0], dims: [1] }, label: { data: [0], dims: [1] } },
        inputs,
        null,
      ),
    );
    expect(error.input).toBe('label');
  });

  it('names an input with a wrong fixed dim, a wrong rank or a wrong data length', () => {
    const labels = { data: [0, 1], dims: [2] };
    expect(batchError(() => createBatchFeeds({ x: { data: new Float32Array(14), dims: [2, 7] }, labels }, inputs, null)).input).toBe('x');
    expect(batchError(() => createBatchFeeds({ x: { data: new Float32Array(16), dims: [16] }, labels }, inputs, null)).input).toBe('x');
    expect(batchError(() => createBatchFeeds({ x: { data: new Float32Array(15), dims: [2, 8] }, labels }, inputs, null)).input).toBe('x');
  });

  it('requires a symbolic dim to have one size across inputs', () => {
    const error = batchError(() =>
      createBatchFeeds({ x: { data: new Float32Array(16), dims: [2, 8] }, labels: { data: [0, 1, 2], dims: [3] } }, inputs, null),
    );
    expect(error.input).toBe('labels');
    expect(error.message).toContain('"batch"');
  });

  it('requires the baked batch size of a training graph', () => {
    const error = batchError(() =>
      createBatchFeeds({ x: { data: new Float32Array(16), dims: [2, 8] }, labels: { data: [0, 1], dims: [2] } }, inputs, 4),
    );
    expect(error.input).toBe('x');
    expect(error.message).toContain('batch size 4');
  });

  it('names a tensor of the wrong element type and non-integer labels', () => {
    const x = new Tensor('float64', new Float64Array(8), [1, 8]);
    expect(batchError(() => createBatchFeeds({ x, labels: { data: [0], dims: [1] } }, inputs, null)).input).toBe('x');
    const error = batchError(() =>
      createBatchFeeds({ x: { data: new Float32Array(8), dims: [1, 8] }, labels: { data: [0.5], dims: [1] } }, inputs, null),
    );
    expect(error.input).toBe('labels');
  });
});
