/**
 * The shape of a reverse-mode rule and the context it runs in.
 */
import { nodeLabel } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import type { NodeProto } from '../onnx/onnx-proto.js';
import type { GraphEmitter } from './graph-emitter.js';
import type { ShapeTable, SymDim } from './shape-inference.js';

/** What a rule sees while it emits the backward nodes of one forward node. */
export interface RuleContext {
  /** The forward node (its inputs/outputs are forward tensor names). */
  readonly node: NodeProto;
  /** The node's name for messages. */
  readonly label: string;
  /** The ai.onnx opset version of the output graph (≥ 13). */
  readonly opset: number;
  /** Emits backward nodes. */
  readonly emit: GraphEmitter;
  /** Static shapes of forward tensors. */
  readonly shapes: ShapeTable;
  /** Forward input i ('' when absent). */
  input(i: number): string;
  /** Forward output i ('' when absent). */
  output(i: number): string;
  /** Whether a gradient is wanted for forward input i. */
  needsGrad(i: number): boolean;
  /** The rank of a forward tensor, or an error naming the node and `why`. */
  requireRank(tensor: string, why: string): number;
  /** Dims of a forward tensor when the rank is known. */
  dims(tensor: string): SymDim[] | undefined;
  /** An error about this node (and optionally one of its attributes). */
  fail(message: string, attribute?: string): never;
}

/**
 * A reverse-mode rule for one op type.
 *
 * `attributes` lists the attribute names the rule understands: a node with
 * any other attribute is refused at build time, naming op, node and attribute.
 * `check` refuses attribute values the rule does not support, also at build
 * time. `backward` gets the gradients of the node's outputs (undefined where
 * no gradient flows) and returns those of its inputs (undefined where none is
 * needed or the input is not differentiable).
 */
export interface GradientRule {
  readonly attributes: readonly string[];
  /** Inputs a gradient can flow into; the others (shapes, axes, labels, exponents) are constants for the gradient. */
  readonly differentiable: readonly number[] | 'all';
  check?(ctx: RuleContext): void;
  backward(ctx: RuleContext, outputGrads: readonly (string | undefined)[]): (string | undefined)[];
}

/** Builds the context of one node. */
export function makeRuleContext(
  node: NodeProto,
  index: number,
  opset: number,
  emit: GraphEmitter,
  shapes: ShapeTable,
  needsGrad: (tensor: string) => boolean,
): RuleContext {
  const label = nodeLabel(node, `#${index}`);
  const fail = (message: string, attribute?: string): never => {
    throw new OnnxGraphError(`${node.opType ?? ''} node "${label}": ${message}`, {
      node: label,
      opType: node.opType ?? '',
      ...(attribute !== undefined ? { attribute } : {}),
    });
  };
  return {
    node,
    label,
    opset,
    emit,
    shapes,
    input: (i) => node.input?.[i] ?? '',
    output: (i) => node.output?.[i] ?? '',
    needsGrad: (i) => {
      const name = node.input?.[i] ?? '';
      return name !== '' && needsGrad(name);
    },
    requireRank: (tensor, why) => {
      const r = shapes.rank(tensor);
      if (r === undefined) {
        const lost = shapes.lostAt(tensor);
        const where = lost !== undefined ? ` (shape inference lost it at ${lost})` : '';
        return fail(`the rank of "${tensor}" is unknown${where}, and ${why}; add value_info or static input shapes`);
      }
      return r;
    },
    dims: (tensor) => shapes.dims(tensor),
    fail,
  };
}
