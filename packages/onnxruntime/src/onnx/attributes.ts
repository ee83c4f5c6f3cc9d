/**
 * Creating and reading node attributes.
 */
import { OnnxGraphError } from './errors.js';
import { AttributeType, int64ToNumber, onnx, type AttributeProto, type NodeProto, type TensorProto } from './onnx-proto.js';

/**
 * A node attribute value (see `GraphBuilder.node`). A plain integer is an INT and
 * a non-integer number a FLOAT, an all-integer array is INTS; wrap in
 * `{ float }` / `{ floats }` to force floats (e.g. `alpha: { float: 1 }`).
 */
export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] } | { tensor: TensorProto };

/** Builds an attribute proto from a value (see {@link AttributeValue} for the typing rules). */
export function makeAttribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value })
      : onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value });
  }
  if (typeof value === 'string') {
    return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) });
  }
  if (Array.isArray(value)) {
    return value.every((v) => Number.isInteger(v))
      ? onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: value })
      : onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: value });
  }
  if ('float' in value) return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
  if ('floats' in value) return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: value.floats });
  return onnx.AttributeProto.create({ name, type: AttributeType.TENSOR, t: value.tensor });
}

/** Builds the attribute list of a node from a record (undefined values are left out). */
export function makeAttributes(attributes: Record<string, AttributeValue | undefined> = {}): AttributeProto[] {
  return Object.entries(attributes)
    .filter((e): e is [string, AttributeValue] => e[1] !== undefined)
    .map(([k, v]) => makeAttribute(k, v));
}

/** A node's name for messages: its ONNX name, or `#<index>` style fallback given by the caller. */
export function nodeLabel(node: NodeProto, fallback = '(unnamed)'): string {
  return node.name && node.name.length > 0 ? node.name : fallback;
}

function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

/** True when the node carries the attribute. */
export function hasAttribute(node: NodeProto, name: string): boolean {
  return findAttribute(node, name) !== undefined;
}

function wrongType(node: NodeProto, name: string, expected: string): OnnxGraphError {
  return new OnnxGraphError(`${node.opType ?? ''} node "${nodeLabel(node)}": attribute ${name} is not ${expected}`, {
    node: nodeLabel(node),
    opType: node.opType ?? '',
    attribute: name,
  });
}

/** An INT attribute, or `fallback` when absent. */
export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const a = findAttribute(node, name);
  if (!a) return fallback;
  if (a.type !== AttributeType.INT) throw wrongType(node, name, 'an int');
  return int64ToNumber(a.i);
}

/** A FLOAT attribute, or `fallback` when absent. */
export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  const a = findAttribute(node, name);
  if (!a) return fallback;
  if (a.type !== AttributeType.FLOAT) throw wrongType(node, name, 'a float');
  return a.f ?? 0;
}

/** An INTS attribute, or undefined when absent. */
export function intsAttribute(node: NodeProto, name: string): number[] | undefined {
  const a = findAttribute(node, name);
  if (!a) return undefined;
  if (a.type !== AttributeType.INTS) throw wrongType(node, name, 'a list of ints');
  return (a.ints ?? []).map((v) => int64ToNumber(v));
}

/** A STRING attribute, or `fallback` when absent. */
export function stringAttribute(node: NodeProto, name: string, fallback: string): string {
  const a = findAttribute(node, name);
  if (!a) return fallback;
  if (a.type !== AttributeType.STRING) throw wrongType(node, name, 'a string');
  return new TextDecoder().decode(a.s ?? new Uint8Array());
}

/** A TENSOR attribute, or undefined when absent. */
export function tensorAttribute(node: NodeProto, name: string): TensorProto | undefined {
  const a = findAttribute(node, name);
  if (!a) return undefined;
  if (a.type !== AttributeType.TENSOR) throw wrongType(node, name, 'a tensor');
  return a.t ?? undefined;
}
