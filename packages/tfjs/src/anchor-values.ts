import { ConfigError, ParameterError } from '@weight-decay/core';
import { tensor, type Tensor, type Variable } from '@tensorflow/tfjs-core';

/**
 * Copies user-supplied anchors θ₀ (tensors or number arrays, by variable name)
 * into float32 arrays, so later disposal of the caller's tensors cannot affect them.
 *
 * @throws ConfigError with path `anchors["name"]` (or `anchors["name"][i]` for a non-finite value).
 */
export function readAnchorValues(anchors: Record<string, Tensor | ArrayLike<number>> | undefined): Map<string, Float32Array> {
  const result = new Map<string, Float32Array>();
  if (anchors == null) return result;
  for (const [name, value] of Object.entries(anchors)) {
    let values: Float32Array;
    if (value != null && typeof value === 'object' && 'dataSync' in value && typeof value.dataSync === 'function') {
      values = Float32Array.from(value.dataSync() as ArrayLike<number>);
    } else if (value != null && typeof value !== 'string' && typeof (value as ArrayLike<number>).length === 'number') {
      values = Float32Array.from(value as ArrayLike<number>);
    } else {
      throw new ConfigError(`anchors[${JSON.stringify(name)}]`, 'a tf.Tensor or an array of numbers', value);
    }
    const bad = values.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new ConfigError(`anchors[${JSON.stringify(name)}][${bad}]`, 'a finite number', values[bad]);
    result.set(name, values);
  }
  return result;
}

/**
 * θ₀ for a variable's first anchored update: its supplied values (from
 * {@link readAnchorValues}) or, when none were supplied, the variable itself.
 *
 * @throws ParameterError naming the variable when the supplied values have the wrong length.
 */
export function anchorSourceFor(supplied: ReadonlyMap<string, Float32Array>, name: string, variable: Variable): Tensor | Float32Array {
  const values = supplied.get(name);
  if (values === undefined) return variable;
  if (values.length !== variable.size) {
    throw new ParameterError(name, `anchors option has ${values.length} values, the variable has ${variable.size}`);
  }
  return values;
}

/**
 * A new tensor holding θ₀: the supplied values from {@link anchorSourceFor},
 * or else a clone of the variable (so later updates don't move the anchor).
 */
export function anchorTensor(source: Tensor | Float32Array | undefined, variable: Tensor): Tensor {
  return source instanceof Float32Array ? tensor(source, variable.shape, 'float32') : variable.clone();
}
