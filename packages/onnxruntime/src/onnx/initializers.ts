/**
 * Reading trained weights out of, and writing them back into, an ONNX model.
 */
import { OnnxGraphError } from './errors.js';
import { DataType, decodeModel, encodeModel, type TensorProto } from './onnx-proto.js';
import { float32Bytes, isExternalTensor, readTensorValues, tensorDims } from './tensor-proto.js';

/**
 * The float32 initializers of a model, by name, with their shapes and values.
 * Initializers of other element types (int64 shapes, double, float16) are left
 * out: they are not float32 weights.
 */
export function readInitializers(model: Uint8Array): Map<
  string,
  {
    /** The initializer's dims. */
    shape: number[];
    /** Its values, row-major (a copy). */
    values: Float32Array;
  }
> {
  const graph = decodeModel(model).graph;
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const init of graph?.initializer ?? []) {
    if (init.dataType !== DataType.FLOAT) continue;
    const { dims, values } = readTensorValues(init);
    out.set(init.name ?? '', { shape: dims, values: values as Float32Array });
  }
  return out;
}

/**
 * A copy of `model` with the named float32 initializers replaced: each gets
 * `raw_data` = the new little-endian float32 bytes and an empty `float_data`;
 * dims, data type and everything else are kept.
 *
 * Every name is checked before anything is written, so either all weights are
 * replaced or an {@link OnnxGraphError} names the first offending one: a name
 * that is no initializer (and the error says so when it is the output of a
 * Constant node, where weights cannot be replaced), an initializer stored as
 * external data, one that is not float32, or a length that does not match.
 */
export function replaceInitializers(model: Uint8Array, values: Record<string, Float32Array>): Uint8Array {
  const proto = decodeModel(model);
  const graph = proto.graph;
  const byName = new Map<string, TensorProto>();
  for (const init of graph?.initializer ?? []) byName.set(init.name ?? '', init);
  for (const [name, data] of Object.entries(values)) {
    const init = byName.get(name);
    if (!init) {
      const constant = graph?.node?.find((n) => n.opType === 'Constant' && (n.output ?? []).includes(name));
      if (constant) {
        throw new OnnxGraphError(
          `"${name}" is stored in Constant node "${constant.name ?? ''}", not an initializer; weights in Constant nodes cannot be replaced`,
          { tensor: name, node: constant.name ?? '', opType: 'Constant' },
        );
      }
      throw new OnnxGraphError(`"${name}" is not an initializer of the model`, { tensor: name });
    }
    if (isExternalTensor(init)) {
      throw new OnnxGraphError(`initializer "${name}" stores its data in an external file; it cannot be replaced`, {
        tensor: name,
      });
    }
    if (init.dataType !== DataType.FLOAT) {
      throw new OnnxGraphError(`initializer "${name}" has data type ${init.dataType ?? 0}, not float32`, { tensor: name });
    }
    const count = tensorDims(init).reduce((a, b) => a * b, 1);
    if (!(data instanceof Float32Array) || data.length !== count) {
      throw new OnnxGraphError(
        `initializer "${name}" has ${count} elements; received ${data instanceof Float32Array ? data.length : typeof data}`,
        { tensor: name },
      );
    }
  }
  for (const [name, data] of Object.entries(values)) {
    const init = byName.get(name) as TensorProto;
    init.rawData = float32Bytes(data);
    init.floatData = [];
  }
  return encodeModel(proto);
}
