/**
 * Appends the nodes of the backward graph: unique names, constants as
 * Constant nodes of the gradient's element type, cached Shape nodes.
 */
import { makeAttributes, type AttributeValue } from '../onnx/attributes.js';
import { DataType, onnx, type NodeProto } from '../onnx/onnx-proto.js';
import { makeTensorProto } from '../onnx/tensor-proto.js';

/** Emits backward nodes into a list, naming every node and tensor uniquely. */
export class GraphEmitter {
  /** The nodes emitted so far, in order. */
  readonly nodes: NodeProto[] = [];
  private readonly used: Set<string>;
  private readonly constantCache = new Map<string, string>();
  private readonly shapeCache = new Map<string, string>();
  private readonly producers = new Map<string, NodeProto>();
  private counter = 0;
  /** The name prefix of the node being differentiated; set by the builder. */
  scope = 'grad';

  /**
   * @param floatType ONNX data type of the gradients (FLOAT or DOUBLE)
   * @param usedNames every tensor and node name of the graph so far; shared,
   *   names the emitter creates are added to it
   */
  constructor(
    readonly floatType: number,
    usedNames: Set<string>,
  ) {
    this.used = usedNames;
  }

  /** A fresh tensor or node name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a specific name; false when it is taken. */
  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** Emits a node with `outputs` fresh outputs (or the given names) and returns their names. */
  opN(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue | undefined> = {},
    outputs: number | readonly string[] = 1,
  ): string[] {
    let ins = [...inputs];
    if (opType === 'Reshape') {
      // Reshape(Reshape(a, s0), s) = Reshape(a, s): the emitted shapes never use 0 ("copy this dim"), so
      // only the element order matters. Folding also avoids an onnxruntime 1.30 optimizer crash
      // (ReshapeFusion on a Reshape by a runtime Shape followed by a Reshape by a constant shape).
      for (let p = this.producers.get(ins[0]); p?.opType === 'Reshape'; p = this.producers.get(ins[0])) {
        ins = [p.input?.[0] ?? '', ins[1]];
      }
    }
    const names =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) => this.fresh(`${this.scope}/${opType}${outputs > 1 ? `_${i}` : ''}`))
        : [...outputs];
    const node = onnx.NodeProto.create({
      opType,
      name: this.fresh(`${this.scope}/${opType}_node`),
      input: ins,
      output: names,
      attribute: makeAttributes(attributes),
    });
    this.nodes.push(node);
    for (const name of names) this.producers.set(name, node);
    return names;
  }

  /** Emits a node of `like`'s op type with `like`'s attributes on new inputs (e.g. the forward op applied to indices). */
  like(like: NodeProto, inputs: readonly string[], outputs = 1): string[] {
    const names = this.opN(like.opType ?? '', inputs, {}, outputs);
    this.nodes[this.nodes.length - 1].attribute = (like.attribute ?? []).map((a) => onnx.AttributeProto.create(a));
    return names;
  }

  /** A tensor of the gradient element type filled with `value`, of the shape held by the int64 tensor `shape`. */
  filled(shape: string, value: number): string {
    return this.op('ConstantOfShape', [shape], { value: { tensor: makeTensorProto('value', this.floatType, [1], [value]) } });
  }

  /** Emits a single-output node and returns the output's name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue | undefined> = {}): string {
    return this.opN(opType, inputs, attributes, 1)[0];
  }

  private constant(dataType: number, dims: readonly number[], values: readonly number[]): string {
    const key = `${dataType}|${dims.join(',')}|${values.join(',')}`;
    const cached = this.constantCache.get(key);
    if (cached) return cached;
    const name = this.fresh(`grad/const`);
    this.nodes.push(
      onnx.NodeProto.create({
        opType: 'Constant',
        name: this.fresh(`grad/const_node`),
        output: [name],
        attribute: makeAttributes({ value: { tensor: makeTensorProto(name, dataType, dims, values) } }),
      }),
    );
    this.constantCache.set(key, name);
    return name;
  }

  /** A constant of the gradient element type; a scalar when `dims` is omitted. */
  float(values: number | readonly number[], dims?: readonly number[]): string {
    const v = typeof values === 'number' ? [values] : values;
    return this.constant(this.floatType, dims ?? (typeof values === 'number' ? [] : [v.length]), v);
  }

  /** An int64 constant; 1-D unless `dims` says otherwise. */
  ints(values: readonly number[], dims?: readonly number[]): string {
    return this.constant(DataType.INT64, dims ?? [values.length], values);
  }

  /** `Shape(x)`, emitted once per tensor. */
  shape(x: string): string {
    const cached = this.shapeCache.get(x);
    if (cached) return cached;
    const s = this.op('Shape', [x]);
    this.shapeCache.set(x, s);
    return s;
  }
}
