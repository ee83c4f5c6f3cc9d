/**
 * Undoing torch.onnx.export's merge of initializers with equal values.
 */
import { DataType, decodeModel, encodeModel, onnx, type GraphProto } from './onnx-proto.js';

const FLOAT_TYPES: ReadonlySet<number> = new Set([DataType.FLOAT, DataType.DOUBLE]);

/**
 * torch.onnx.export (1.13) stores parameters with equal values once, and
 * writes each of the others as an `Identity` of the kept one, named after the
 * parameter it replaces: fresh LayerNorm/BatchNorm weights (all ones), zero
 * biases, and every layer of an `nn.TransformerEncoder` (its layers start as
 * copies) end up tied. In PyTorch they are separate parameters that drift
 * apart from the first step. This turns each such Identity of a float
 * initializer back into an initializer of its own (a copy, under the
 * Identity's output name), in place. Returns how many were untied.
 */
export function untieIdentityInitializers(graph: GraphProto): number {
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const kept = [];
  let untied = 0;
  for (const node of graph.node ?? []) {
    const source = node.opType === 'Identity' ? initializers.get(node.input?.[0] ?? '') : undefined;
    const name = node.output?.[0] ?? '';
    if (source && FLOAT_TYPES.has(source.dataType ?? 0) && name !== '' && !outputs.has(name) && !initializers.has(name)) {
      const copy = onnx.TensorProto.decode(onnx.TensorProto.encode(source).finish());
      copy.name = name;
      graph.initializer = [...(graph.initializer ?? []), copy];
      initializers.set(name, copy);
      untied++;
      continue;
    }
    kept.push(node);
  }
  if (untied > 0) graph.node = kept;
  return untied;
}

/**
 * The model with {@link untieIdentityInitializers} applied (the same bytes when
 * nothing was tied), so that every PyTorch parameter has an initializer under
 * its own name.
 */
export function untieInitializers(model: Uint8Array): Uint8Array {
  const proto = decodeModel(model);
  if (!proto.graph || untieIdentityInitializers(proto.graph) === 0) return model;
  return encodeModel(onnx.ModelProto.create(proto));
}
