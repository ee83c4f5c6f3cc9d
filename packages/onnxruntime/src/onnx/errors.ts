/**
 * Errors for ONNX graphs this package cannot read, build or train.
 */
import { WeightDecayError } from '@weight-decay/core';

/** What an {@link OnnxGraphError} points at; every field that is known is filled in. */
export interface OnnxGraphErrorLocation {
  /** Node name in the forward/training graph (ONNX node `name`, or `#index` when unnamed). */
  node?: string;
  /** Operator type of that node, e.g. `Conv`. */
  opType?: string;
  /** Offending attribute of that node, e.g. `group`. */
  attribute?: string;
  /** Offending tensor, initializer, input or output name. */
  tensor?: string;
  /** Every node the error is about, when it lists several (e.g. all ops without a gradient rule). */
  nodes?: readonly { node: string; opType: string }[];
}

/**
 * A model that cannot be differentiated, validated or exported: an op without
 * a gradient rule, an unsupported attribute value, a missing gradient output,
 * a non-standard op domain, a wrong batch size, weights stored where they
 * cannot be replaced. Thrown while building or validating, before any
 * training step runs.
 */
export class OnnxGraphError extends WeightDecayError {
  /** Node name, when the error is about a node. */
  readonly node: string | undefined;
  /** Operator type, when the error is about a node. */
  readonly opType: string | undefined;
  /** Attribute name, when the error is about an attribute. */
  readonly attribute: string | undefined;
  /** Tensor name, when the error is about a tensor. */
  readonly tensor: string | undefined;
  /** Every node the error is about (node name and op type), when it lists several; else the one node, if any. */
  readonly nodes: readonly { node: string; opType: string }[];

  constructor(message: string, location: OnnxGraphErrorLocation = {}) {
    super(message);
    this.name = 'OnnxGraphError';
    this.node = location.node;
    this.opType = location.opType;
    this.attribute = location.attribute;
    this.tensor = location.tensor;
    this.nodes = location.nodes ?? (location.node !== undefined ? [{ node: location.node, opType: location.opType ?? '' }] : []);
  }
}
