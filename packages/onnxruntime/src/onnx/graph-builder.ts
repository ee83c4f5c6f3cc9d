/**
 * A small builder for ONNX models, for tests, examples and the trainer: enough
 * to write an MLP or a small CNN by hand.
 */
import { makeAttributes, type AttributeValue } from './attributes.js';
import { DataType, encodeModel, onnx, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './onnx-proto.js';
import { makeTensorProto } from './tensor-proto.js';
import type { onnx as OnnxTypes } from 'onnx-proto';

/** Element types the builder writes. */
export type ElementType = 'float32' | 'float64' | 'int64' | 'bool';

/** The ONNX data type code of an {@link ElementType}. */
export function dataTypeOf(type: ElementType): number {
  switch (type) {
    case 'float32':
      return DataType.FLOAT;
    case 'float64':
      return DataType.DOUBLE;
    case 'int64':
      return DataType.INT64;
    case 'bool':
      return DataType.BOOL;
  }
}

/** A dimension: a fixed size, or a symbolic name such as `'batch'`. */
export type Dim = number | string;

/** Builds a graph input/output entry of a tensor type. */
export function makeValueInfo(name: string, type: ElementType | number, shape?: readonly Dim[]): ValueInfoProto {
  const elemType = typeof type === 'number' ? type : dataTypeOf(type);
  const tensorType: OnnxTypes.TypeProto.ITensor = { elemType };
  if (shape) {
    tensorType.shape = {
      dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
    };
  }
  return onnx.ValueInfoProto.create({ name, type: { tensorType } });
}

/** Options of {@link GraphBuilder}. */
export interface GraphBuilderOptions {
  /** ai.onnx opset version to import (default 17). */
  opset?: number;
  /** Graph name (default 'graph'). */
  name?: string;
  /** Model IR version (default 8, the newest `onnx-proto` knows). */
  irVersion?: number;
}

/**
 * Accumulates inputs, initializers, nodes and outputs, then serializes them.
 * Every method returns `this`; names are used as given.
 */
export class GraphBuilder {
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly nodes: NodeProto[] = [];
  private readonly options: Required<GraphBuilderOptions>;

  constructor(options: GraphBuilderOptions = {}) {
    this.options = { opset: options.opset ?? 17, name: options.name ?? 'graph', irVersion: options.irVersion ?? 8 };
  }

  /** Adds a graph input. */
  input(name: string, type: ElementType, shape: readonly Dim[]): this {
    this.inputs.push(makeValueInfo(name, type, shape));
    return this;
  }

  /** Adds a graph output; the shape may be left unknown. */
  output(name: string, type: ElementType, shape?: readonly Dim[]): this {
    this.outputs.push(makeValueInfo(name, type, shape));
    return this;
  }

  /** Adds an initializer (stored as raw_data). */
  initializer(name: string, type: ElementType, dims: readonly number[], values: ArrayLike<number>): this {
    this.initializers.push(makeTensorProto(name, dataTypeOf(type), dims, values));
    return this;
  }

  /** Adds a node; its name defaults to `<opType>_<index>`. */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Record<string, AttributeValue | undefined> = {},
    name?: string,
  ): this {
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: [...inputs],
        output: [...outputs],
        name: name ?? `${opType}_${this.nodes.length}`,
        attribute: makeAttributes(attributes),
      }),
    );
    return this;
  }

  /** Adds a Constant node holding a tensor. */
  constant(name: string, type: ElementType, dims: readonly number[], values: ArrayLike<number>): this {
    return this.node(
      'Constant',
      [],
      [name],
      { value: { tensor: makeTensorProto(name, dataTypeOf(type), dims, values) } },
      `Constant_${name}`,
    );
  }

  /** The model proto. */
  toProto(): ModelProto {
    return onnx.ModelProto.create({
      irVersion: this.options.irVersion,
      producerName: 'weight-decay-graph-builder',
      opsetImport: [{ domain: '', version: this.options.opset }],
      graph: {
        name: this.options.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
      },
    });
  }

  /** The serialized model. */
  build(): Uint8Array {
    return encodeModel(this.toProto());
  }
}
