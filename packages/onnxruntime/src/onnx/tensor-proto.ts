/**
 * Reading and writing the payload of ONNX tensors (initializers, Constant
 * values). Only the element types the gradient builder needs are handled:
 * float, double, int32, int64 and bool.
 */
import { OnnxGraphError } from './errors.js';
import { DataType, int64ToNumber, onnx, type TensorProto } from './onnx-proto.js';

/** The decoded payload of a tensor. Integer and bool tensors come back as plain numbers. */
export interface TensorValues {
  dataType: number;
  dims: number[];
  values: Float32Array | Float64Array | number[];
}

const EXTERNAL_DATA_LOCATION = 1;

/** True when the tensor's bytes live in an external file rather than in the model. */
export function isExternalTensor(tensor: TensorProto): boolean {
  return tensor.dataLocation === EXTERNAL_DATA_LOCATION || (tensor.externalData?.length ?? 0) > 0;
}

/** The dims of a tensor proto as numbers. */
export function tensorDims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map((d) => int64ToNumber(d));
}

function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Copies raw bytes into an aligned little-endian view. */
function rawView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * Decodes a tensor's values. Throws {@link OnnxGraphError} for external data
 * and for element types outside float/double/int32/int64/bool.
 */
export function readTensorValues(tensor: TensorProto): TensorValues {
  const name = tensor.name ?? '';
  if (isExternalTensor(tensor)) {
    throw new OnnxGraphError(`tensor "${name}" stores its data in an external file, which is not supported`, {
      tensor: name,
    });
  }
  const dims = tensorDims(tensor);
  const count = elementCount(dims);
  const dataType = tensor.dataType ?? 0;
  const raw = tensor.rawData && tensor.rawData.length > 0 ? rawView(tensor.rawData) : undefined;
  switch (dataType) {
    case DataType.FLOAT: {
      const out = new Float32Array(count);
      if (raw) for (let i = 0; i < count; i++) out[i] = raw.getFloat32(4 * i, true);
      else out.set(tensor.floatData ?? []);
      return { dataType, dims, values: out };
    }
    case DataType.DOUBLE: {
      const out = new Float64Array(count);
      if (raw) for (let i = 0; i < count; i++) out[i] = raw.getFloat64(8 * i, true);
      else out.set(tensor.doubleData ?? []);
      return { dataType, dims, values: out };
    }
    case DataType.INT64: {
      const out: number[] = new Array<number>(count);
      if (raw) for (let i = 0; i < count; i++) out[i] = Number(raw.getBigInt64(8 * i, true));
      else (tensor.int64Data ?? []).forEach((v, i) => (out[i] = int64ToNumber(v)));
      return { dataType, dims, values: out };
    }
    case DataType.INT32:
    case DataType.BOOL: {
      const out: number[] = new Array<number>(count);
      if (raw) {
        for (let i = 0; i < count; i++) out[i] = dataType === DataType.BOOL ? raw.getUint8(i) : raw.getInt32(4 * i, true);
      } else (tensor.int32Data ?? []).forEach((v, i) => (out[i] = v));
      return { dataType, dims, values: out };
    }
    default:
      throw new OnnxGraphError(`tensor "${name}" has data type ${dataType}, which is not supported here`, {
        tensor: name,
      });
  }
}

/** Little-endian bytes of float32 values, for `raw_data`. */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = rawView(bytes);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return bytes;
}

/**
 * Builds a tensor proto with `raw_data` for float, double or int64 values
 * (bool is stored one byte per element).
 */
export function makeTensorProto(name: string, dataType: number, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  const count = elementCount([...dims]);
  if (values.length !== count) {
    throw new OnnxGraphError(`tensor "${name}": ${values.length} values for dims [${dims.join(', ')}]`, { tensor: name });
  }
  let rawData: Uint8Array;
  if (dataType === DataType.FLOAT) rawData = float32Bytes(values);
  else if (dataType === DataType.DOUBLE) {
    rawData = new Uint8Array(count * 8);
    const view = rawView(rawData);
    for (let i = 0; i < count; i++) view.setFloat64(8 * i, values[i], true);
  } else if (dataType === DataType.INT64) {
    rawData = new Uint8Array(count * 8);
    const view = rawView(rawData);
    for (let i = 0; i < count; i++) view.setBigInt64(8 * i, BigInt(values[i]), true);
  } else if (dataType === DataType.BOOL) {
    rawData = Uint8Array.from(values, (v) => (v ? 1 : 0));
  } else {
    throw new OnnxGraphError(`tensor "${name}": data type ${dataType} cannot be created here`, { tensor: name });
  }
  return onnx.TensorProto.create({ name, dataType, dims: [...dims], rawData });
}
