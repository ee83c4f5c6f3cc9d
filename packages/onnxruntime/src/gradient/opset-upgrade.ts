/**
 * Bringing a forward graph older than opset 13 to opset 13, so the forward
 * and backward nodes of the training graph share one opset.
 */
import { intAttribute, intsAttribute, makeAttributes, nodeLabel } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { DataType, onnx, type NodeProto } from '../onnx/onnx-proto.js';
import { makeTensorProto } from '../onnx/tensor-proto.js';

/** The lowest opset the training graph uses (ReduceSum/Squeeze/Unsqueeze axes as inputs, single-axis Softmax). */
export const MIN_TRAINING_OPSET = 13;

/** Ops whose meaning (for the attributes they carry) is the same from opset 7 to 13. */
const UNCHANGED_SINCE_7 = new Set([
  'MatMul',
  'Gemm',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
  'Identity',
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'ReduceMean',
  'Reshape',
  'Flatten',
  'Transpose',
  'Concat',
  'Conv',
  'MaxPool',
  'AveragePool',
  'Constant',
  'Shape',
  'Size',
  'Gather',
  'Cast',
  'Equal',
  'Greater',
  'Less',
  'Not',
  'Where',
  'ConstantOfShape',
  'Abs',
]);

/**
 * Rewrites the nodes of an opset 7–12 graph into opset-13 form: axes
 * attributes of ReduceSum/Squeeze/Unsqueeze become constant inputs,
 * Softmax/LogSoftmax (which flattened to 2-D at `axis` before 13) become
 * Flatten → op(axis = 1) → Reshape unless the axis is known to be the last,
 * inference-mode Dropout becomes Identity. Any other op whose meaning changed
 * is refused, naming it.
 */
export function upgradeNodesToOpset13(
  nodes: NodeProto[],
  fromOpset: number,
  rankOf: (tensor: string) => number | undefined,
  fresh: (base: string) => string,
): NodeProto[] {
  const out: NodeProto[] = [];
  const constInts = (values: number[]): string => {
    const name = fresh('upgrade/axes');
    out.push(
      onnx.NodeProto.create({
        opType: 'Constant',
        name: fresh('upgrade/axes_node'),
        output: [name],
        attribute: makeAttributes({ value: { tensor: makeTensorProto(name, DataType.INT64, [values.length], values) } }),
      }),
    );
    return name;
  };
  nodes.forEach((node, index) => {
    const op = node.opType ?? '';
    const label = nodeLabel(node, `#${index}`);
    const withoutAttr = (name: string): NodeProto['attribute'] => (node.attribute ?? []).filter((a) => a.name !== name);
    switch (op) {
      case 'ReduceSum':
      case 'Squeeze':
      case 'Unsqueeze': {
        const axes = intsAttribute(node, 'axes');
        const inputs = [...(node.input ?? [])];
        if (axes) inputs[1] = constInts(axes);
        out.push(onnx.NodeProto.create({ ...node, input: inputs, attribute: withoutAttr('axes') }));
        return;
      }
      case 'Softmax':
      case 'LogSoftmax': {
        const x = node.input?.[0] ?? '';
        const rank = rankOf(x);
        const axis = intAttribute(node, 'axis', 1);
        if (rank !== undefined && (axis === -1 || axis === rank - 1)) {
          out.push(onnx.NodeProto.create({ ...node, attribute: makeAttributes({ axis: -1 }) }));
          return;
        }
        const flat = fresh(`${label}/flat`);
        const soft = fresh(`${label}/flat_${op}`);
        const shape = fresh(`${label}/shape`);
        out.push(
          onnx.NodeProto.create({
            opType: 'Flatten',
            name: fresh(`${label}/Flatten`),
            input: [x],
            output: [flat],
            attribute: makeAttributes({ axis }),
          }),
          onnx.NodeProto.create({ opType: op, name: label, input: [flat], output: [soft], attribute: makeAttributes({ axis: 1 }) }),
          onnx.NodeProto.create({ opType: 'Shape', name: fresh(`${label}/Shape`), input: [x], output: [shape] }),
          onnx.NodeProto.create({
            opType: 'Reshape',
            name: fresh(`${label}/Reshape`),
            input: [soft, shape],
            output: [node.output?.[0] ?? ''],
          }),
        );
        return;
      }
      case 'Dropout': {
        out.push(
          onnx.NodeProto.create({ opType: 'Identity', name: label, input: [node.input?.[0] ?? ''], output: [node.output?.[0] ?? ''] }),
        );
        const mask = node.output?.[1];
        if (mask) {
          throw new OnnxGraphError(
            `Dropout node "${label}": its mask output "${mask}" cannot be kept when upgrading from opset ${fromOpset}`,
            {
              node: label,
              opType: op,
              tensor: mask,
            },
          );
        }
        return;
      }
      default:
        if (!UNCHANGED_SINCE_7.has(op)) {
          throw new OnnxGraphError(
            `${op} node "${label}": the model uses opset ${fromOpset}, and ${op} cannot be upgraded to opset ${MIN_TRAINING_OPSET} here; export the model with opset ≥ 13`,
            { node: label, opType: op },
          );
        }
        out.push(node);
    }
  });
  return out;
}
