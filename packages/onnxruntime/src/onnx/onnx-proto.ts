/**
 * The ONNX protobuf classes from `onnx-proto` (protobufjs 6 static code).
 *
 * `onnx-proto` is CommonJS with `module.exports = root`, so Node's ESM loader
 * cannot see a named `onnx` export: the namespace is read from the default
 * export here, once, and every other module imports it from this file.
 */
import onnxProtoPackage from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';
import { OnnxGraphError } from './errors.js';

/** The `onnx` protobuf namespace (ModelProto, GraphProto, NodeProto, TensorProto, ...). */
export const onnx: typeof OnnxNamespace = (onnxProtoPackage as unknown as { onnx: typeof OnnxNamespace }).onnx;

/** Type aliases for the protobuf messages used across the package. */
export type ModelProto = OnnxNamespace.ModelProto;
/** A decoded ONNX graph. */
export type GraphProto = OnnxNamespace.IGraphProto;
/** A decoded ONNX node. */
export type NodeProto = OnnxNamespace.INodeProto;
/** A decoded ONNX tensor (initializer or Constant value). */
export type TensorProto = OnnxNamespace.ITensorProto;
/** A decoded ONNX attribute. */
export type AttributeProto = OnnxNamespace.IAttributeProto;
/** A decoded graph input/output/value_info entry. */
export type ValueInfoProto = OnnxNamespace.IValueInfoProto;

/** protobufjs decodes int64 fields as `Long` objects when the `long` package is present. */
export interface LongLike {
  toNumber(): number;
}

/**
 * An int64 protobuf field as a JS number. Throws on values outside the safe
 * integer range instead of rounding them silently.
 */
export function int64ToNumber(value: number | LongLike | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : value.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`int64 value ${String(n)} is outside the safe integer range`);
  return n;
}

/**
 * A dimension's fixed size, or undefined when it is symbolic (`dimParam`) or unset.
 * protobufjs keeps oneof defaults on the prototype, so only an own `dimValue` was written.
 */
export function fixedDimValue(d: OnnxNamespace.TensorShapeProto.IDimension): number | undefined {
  if (d.dimParam) return undefined;
  if (!Object.hasOwn(d, 'dimValue') || d.dimValue === null || d.dimValue === undefined) return undefined;
  return int64ToNumber(d.dimValue);
}

/** ONNX `TensorProto.DataType` codes used by this package. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  BFLOAT16: 16,
} as const;

/** ONNX `AttributeProto.AttributeType` codes. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** Decodes a serialized ONNX model. @throws OnnxGraphError when the bytes are not an ONNX model. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    // protobufjs reports only "index out of range" and the like, which names nothing the user gave.
    throw new OnnxGraphError(`not an ONNX model (${bytes.length} bytes could not be decoded: ${(error as Error).message})`);
  }
  if (!model.graph) throw new OnnxGraphError(`not an ONNX model (${bytes.length} bytes decode to no graph)`);
  return model;
}

/** Serializes an ONNX model. */
export function encodeModel(model: OnnxNamespace.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
