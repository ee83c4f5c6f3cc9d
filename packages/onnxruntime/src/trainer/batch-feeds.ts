import { Tensor } from 'onnxruntime-node';
import { BatchError } from './batch-error.js';

/** Plain data for one batch input: row-major values and dims. */
export interface BatchArray {
  /**
   * Row-major values. A typed array of the input's element type is used as is;
   * other arrays of numbers are converted (integers only for integer inputs).
   */
  data: ArrayLike<number> | ArrayLike<bigint>;
  /** Tensor dims, e.g. `[batch, features]`. */
  dims: readonly number[];
}

/** One batch: every data input of the training graph (model inputs and labels/targets), by name. */
export type Batch = Record<string, Tensor | BatchArray>;

/** What a graph input accepts: its element type and dims (numbers fixed, strings symbolic). */
export interface InputSignature {
  /** Input name. */
  name: string;
  /** Element type, or `undefined` when the runtime does not report it. */
  type: Tensor.Type | undefined;
  /** Dims: a number is fixed, a string is a symbolic dim that must agree across inputs; `undefined` when unknown. */
  dims: readonly (number | string)[] | undefined;
  /**
   * For the class-index labels of a softmax cross-entropy loss: the number of
   * classes C, so every label must lie in [0, C) (`Infinity` when C is not
   * known statically: labels must still be ≥ 0). The graph's loss would
   * otherwise wrap a negative label around to another class, without error.
   */
  classCount?: number;
  /** A label value outside [0, C) that the loss ignores (PyTorch's `ignore_index`, e.g. −100). */
  ignoredClass?: number;
}

const integerTypes: Partial<Record<Tensor.Type, (values: number[]) => ArrayLike<number> | ArrayLike<bigint>>> = {
  int64: (v) => BigInt64Array.from(v, (x) => BigInt(x)),
  int32: (v) => Int32Array.from(v),
  int16: (v) => Int16Array.from(v),
  int8: (v) => Int8Array.from(v),
  uint8: (v) => Uint8Array.from(v),
  uint16: (v) => Uint16Array.from(v),
  uint32: (v) => Uint32Array.from(v),
  uint64: (v) => BigUint64Array.from(v, (x) => BigInt(x)),
  bool: (v) => Uint8Array.from(v),
};

const typedArrayOf: Partial<Record<Tensor.Type, new (length: number) => ArrayLike<unknown>>> = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

/**
 * Checks a batch against the graph's data inputs and turns it into tensors,
 * with no side effect. Every input must be present, of its element type, with
 * dims that fit the graph (fixed dims equal, each symbolic dim the same size
 * in every input) and data of the right length; a training graph with a baked
 * batch size also needs that size as every input's first dim, because such a
 * graph gives wrong gradients, without any error, for another size.
 *
 * @param batch - The batch, by input name.
 * @param inputs - The data inputs of the graph.
 * @param batchSize - The batch size baked into the graph, or `null`.
 * @returns Tensors by input name; typed arrays of the right type are wrapped, not copied.
 * @throws BatchError naming the offending input.
 */
export function createBatchFeeds(batch: Batch, inputs: readonly InputSignature[], batchSize: number | null): Record<string, Tensor> {
  if (batch === null || typeof batch !== 'object') {
    throw new BatchError('(batch)', `expected an object of inputs (${inputs.map((i) => i.name).join(', ')})`);
  }
  const expected = new Set(inputs.map((i) => i.name));
  for (const key of Object.keys(batch)) {
    if (!expected.has(key)) {
      throw new BatchError(key, `not an input of the training graph (its data inputs: ${[...expected].join(', ')})`);
    }
  }
  const symbols = new Map<string, { size: number; input: string }>();
  const feeds: Record<string, Tensor> = {};
  for (const signature of inputs) {
    const value = Object.hasOwn(batch, signature.name) ? batch[signature.name] : undefined;
    if (value === undefined || value === null) {
      throw new BatchError(signature.name, 'missing from the batch');
    }
    const tensor = toTensor(signature, value);
    checkDims(signature, tensor.dims, batchSize, symbols);
    if (signature.classCount !== undefined) checkClassIndices(signature.name, tensor, signature.classCount, signature.ignoredClass);
    feeds[signature.name] = tensor;
  }
  return feeds;
}

function toTensor(signature: InputSignature, value: Tensor | BatchArray): Tensor {
  const { name } = signature;
  if (typeof value !== 'object' || (!Array.isArray(value.dims) && !ArrayBuffer.isView(value.dims))) {
    throw new BatchError(name, 'expected an onnxruntime Tensor or { data, dims }');
  }
  const dims = Array.from(value.dims as ArrayLike<number>);
  if (!dims.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new BatchError(name, `dims must be non-negative integers, received ${JSON.stringify(dims)}`);
  }
  if (value instanceof Tensor) {
    if (signature.type !== undefined && value.type !== signature.type) {
      throw new BatchError(name, `expected a ${signature.type} tensor, received ${value.type}`);
    }
    return value;
  }
  const data = value.data;
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new BatchError(name, 'data must be an array or a typed array');
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new BatchError(name, `dims ${JSON.stringify(dims)} need ${size} values, received ${data.length}`);
  }
  const type = signature.type ?? 'float32';
  const typed = typedArrayOf[type];
  if (typed !== undefined && data instanceof typed) {
    return new Tensor(type, data as Tensor.DataTypeMap[typeof type], dims);
  }
  const numbers = Array.from(data as ArrayLike<number | bigint>, Number);
  if (type === 'float32' || type === 'float64') {
    if (numbers.some((x) => typeof x !== 'number')) throw new BatchError(name, 'data must be numbers');
    return new Tensor(type, type === 'float32' ? Float32Array.from(numbers) : Float64Array.from(numbers), dims);
  }
  const convert = integerTypes[type];
  if (convert === undefined) {
    throw new BatchError(name, `give a ${type} input as an onnxruntime Tensor`);
  }
  const bad = numbers.findIndex((x) => !Number.isSafeInteger(x));
  if (bad >= 0) {
    throw new BatchError(name, `a ${type} input needs integers, received ${String(numbers[bad])} at index ${bad}`);
  }
  return new Tensor(type, convert(numbers) as Tensor.DataTypeMap[typeof type], dims);
}

function checkClassIndices(name: string, tensor: Tensor, classCount: number, ignored: number | undefined): void {
  const labels = tensor.data as ArrayLike<number | bigint>;
  for (let i = 0; i < labels.length; i++) {
    const label = Number(labels[i]);
    if (label === ignored) continue;
    if (!(Number.isInteger(label) && label >= 0 && label < classCount)) {
      const range = Number.isFinite(classCount) ? `in [0, ${classCount})` : '≥ 0';
      throw new BatchError(name, `class indices must be integers ${range}, received ${String(labels[i])} at index ${i}`);
    }
  }
}

function checkDims(
  signature: InputSignature,
  dims: readonly number[],
  batchSize: number | null,
  symbols: Map<string, { size: number; input: string }>,
): void {
  const { name } = signature;
  if (batchSize !== null && dims[0] !== batchSize) {
    throw new BatchError(
      name,
      `the training graph was built for batch size ${batchSize} (its gradients are wrong for any other), received dims ${JSON.stringify(dims)}`,
    );
  }
  // ONNX Runtime reports an unknown shape as []; only a known rank can be checked.
  if (signature.dims === undefined || (signature.dims.length === 0 && dims.length !== 0)) return;
  if (signature.dims.length !== dims.length) {
    throw new BatchError(
      name,
      `expected rank ${signature.dims.length} (dims ${describeDims(signature.dims)}), received dims ${JSON.stringify(dims)}`,
    );
  }
  signature.dims.forEach((want, axis) => {
    const got = dims[axis];
    if (typeof want === 'number') {
      if (want >= 0 && got !== want) {
        throw new BatchError(name, `expected dims ${describeDims(signature.dims!)}, received ${JSON.stringify(dims)} (axis ${axis})`);
      }
    } else if (want !== '') {
      const bound = symbols.get(want);
      if (bound === undefined) symbols.set(want, { size: got, input: name });
      else if (bound.size !== got) {
        throw new BatchError(name, `dim "${want}" (axis ${axis}) is ${got} here but ${bound.size} in input ${JSON.stringify(bound.input)}`);
      }
    }
  });
}

function describeDims(dims: readonly (number | string)[]): string {
  return `[${dims.map((d) => (typeof d === 'number' ? String(d) : JSON.stringify(d))).join(', ')}]`;
}
