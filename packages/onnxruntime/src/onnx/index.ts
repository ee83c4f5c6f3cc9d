/**
 * Reading and writing ONNX models: decoding, initializers, a small graph builder.
 */
export { OnnxGraphError, type OnnxGraphErrorLocation } from './errors.js';
export { readInitializers, replaceInitializers } from './initializers.js';
export { untieIdentityInitializers, untieInitializers } from './untie-initializers.js';
export { GraphBuilder, makeValueInfo, dataTypeOf, type ElementType, type Dim, type GraphBuilderOptions } from './graph-builder.js';
export { makeAttribute, makeAttributes, type AttributeValue } from './attributes.js';
export { makeTensorProto, readTensorValues, type TensorValues } from './tensor-proto.js';
export {
  onnx,
  DataType,
  decodeModel,
  encodeModel,
  int64ToNumber,
  type ModelProto,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
  type AttributeProto,
} from './onnx-proto.js';
