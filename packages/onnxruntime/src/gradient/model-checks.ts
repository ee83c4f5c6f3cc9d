/**
 * Checks shared by the builder and the validator: opset, op domains, names.
 */
import { nodeLabel } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { int64ToNumber, type GraphProto, type ModelProto } from '../onnx/onnx-proto.js';

/** True for the standard operator domain ('' or 'ai.onnx'). */
export function isStandardDomain(domain: string | null | undefined): boolean {
  return domain === undefined || domain === null || domain === '' || domain === 'ai.onnx';
}

/** The imported ai.onnx opset version; an error when there is none. */
export function aiOnnxOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => isStandardDomain(o.domain));
  if (!entry) throw new OnnxGraphError('the model imports no ai.onnx opset');
  return int64ToNumber(entry.version);
}

/**
 * Refuses nodes outside the ai.onnx domain, naming the first: com.microsoft
 * gradient ops and ai.onnx.preview.training ops do not run in
 * onnxruntime-node, and the training graph must be portable.
 */
export function requireStandardOps(graph: GraphProto): void {
  (graph.node ?? []).forEach((node, index) => {
    if (!isStandardDomain(node.domain)) {
      const label = nodeLabel(node, `#${index}`);
      throw new OnnxGraphError(
        `${node.opType ?? ''} node "${label}" is in domain "${node.domain ?? ''}"; only standard ai.onnx ops are supported (com.microsoft and ai.onnx.preview.training ops do not run in onnxruntime-node)`,
        { node: label, opType: node.opType ?? '' },
      );
    }
  });
}

/** Every tensor and node name that appears in a graph. */
export function graphNames(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) names.add(v.name ?? '');
  for (const t of graph.initializer ?? []) names.add(t.name ?? '');
  for (const n of graph.node ?? []) {
    if (n.name) names.add(n.name);
    for (const o of n.output ?? []) names.add(o);
    for (const i of n.input ?? []) names.add(i);
  }
  names.delete('');
  return names;
}
