/**
 * A small static shape inference over the forward graph, for the ops that
 * have gradient rules. The builder uses it to choose static reductions for
 * broadcasting and to know ranks (MatMul, Softmax) and spatial sizes (Conv
 * output padding). Anything it cannot infer stays unknown and the rules fall
 * back to Shape-based dynamic graphs or report what they need.
 */
import { intAttribute, intsAttribute, stringAttribute, tensorAttribute } from '../onnx/attributes.js';
import { DataType, fixedDimValue, type GraphProto, type NodeProto, type ValueInfoProto } from '../onnx/onnx-proto.js';
import { readTensorValues, tensorDims, type TensorValues } from '../onnx/tensor-proto.js';

/** A dimension: a known size, a symbol (equal symbols are equal sizes), or unknown (null). */
export type SymDim = number | string | null;

/** What is known about a tensor: its element type and its dims (undefined = unknown rank). */
export interface TensorInfo {
  dataType?: number;
  dims?: SymDim[];
}

function dimsFromValueInfo(v: ValueInfoProto): SymDim[] | undefined {
  const shape = v.type?.tensorType?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d) => {
    if (d.dimParam) return d.dimParam;
    const n = fixedDimValue(d);
    return n !== undefined && n > 0 ? n : null;
  });
}

/** True when two dims are known to be equal. */
export function sameDim(a: SymDim, b: SymDim): boolean {
  return a !== null && b !== null && a === b;
}

function broadcastDims(a: SymDim[], b: SymDim[]): SymDim[] {
  const rank = Math.max(a.length, b.length);
  const out: SymDim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
    const y = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (sameDim(x, y)) out.push(x);
    else if (typeof x === 'number') out.push(x);
    else if (typeof y === 'number') out.push(y);
    else out.push(null);
  }
  return out;
}

function product(dims: SymDim[]): SymDim {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    p *= d;
  }
  return p;
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/**
 * Static facts about every tensor of a graph: dtypes and dims from inputs,
 * initializers, value_info, Constant nodes, propagated through supported ops;
 * plus the values of constant int64/float tensors (initializers and Constant
 * nodes), which rules read for axes and shapes.
 */
export class ShapeTable {
  private readonly info = new Map<string, TensorInfo>();
  private readonly constants = new Map<string, TensorValues>();

  constructor(graph: GraphProto) {
    for (const init of graph.initializer ?? []) {
      const name = init.name ?? '';
      this.info.set(name, { dataType: init.dataType ?? undefined, dims: tensorDims(init) });
      if (init.dataType === DataType.INT64 && tensorDims(init).reduce((a, b) => a * b, 1) <= 64) {
        this.constants.set(name, readTensorValues(init));
      }
    }
    for (const v of [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
      const name = v.name ?? '';
      if (this.info.has(name)) continue;
      this.info.set(name, { dataType: v.type?.tensorType?.elemType ?? undefined, dims: dimsFromValueInfo(v) });
    }
    for (const node of graph.node ?? []) this.inferNode(node);
  }

  /** What is known about a tensor (an empty object when nothing). */
  get(name: string): TensorInfo {
    return this.info.get(name) ?? {};
  }

  /** Dims, when the rank is known. */
  dims(name: string): SymDim[] | undefined {
    return this.info.get(name)?.dims;
  }

  /** Rank, when known. */
  rank(name: string): number | undefined {
    return this.info.get(name)?.dims?.length;
  }

  /** Element type, when known. */
  dataType(name: string): number | undefined {
    return this.info.get(name)?.dataType;
  }

  /** Values of a constant int64 tensor (initializer or Constant node), when it is one. */
  constantInts(name: string): number[] | undefined {
    const c = this.constants.get(name);
    return c && c.dataType === DataType.INT64 ? (c.values as number[]) : undefined;
  }

  /** Records facts about a tensor the builder creates or rewrites. */
  set(name: string, info: TensorInfo): void {
    this.info.set(name, info);
  }

  private merge(name: string, inferred: TensorInfo): void {
    const known = this.info.get(name);
    if (!known) {
      this.info.set(name, inferred);
      return;
    }
    // value_info wins where it is specific; inference fills in what it lacks.
    const dims =
      known.dims && inferred.dims && known.dims.length === inferred.dims.length
        ? known.dims.map((d, i) => (d === null ? inferred.dims![i] : d))
        : (known.dims ?? inferred.dims);
    this.info.set(name, { dataType: known.dataType ?? inferred.dataType, dims });
  }

  /** Infers the outputs of one node from what is known about its inputs. */
  inferNode(node: NodeProto): void {
    const op = node.opType ?? '';
    const inputs = node.input ?? [];
    const outputs = node.output ?? [];
    const x = inputs[0] !== undefined && inputs[0] !== '' ? this.get(inputs[0]) : {};
    const xd = x.dims;
    const out = (i: number, info: TensorInfo): void => {
      if (outputs[i]) this.merge(outputs[i], info);
    };
    switch (op) {
      case 'Constant': {
        const t = tensorAttribute(node, 'value');
        if (t) {
          out(0, { dataType: t.dataType ?? undefined, dims: tensorDims(t) });
          if (t.dataType === DataType.INT64) this.constants.set(outputs[0], readTensorValues(t));
        }
        return;
      }
      case 'Relu': case 'LeakyRelu': case 'Sigmoid': case 'Tanh': case 'Exp': case 'Log': case 'Neg':
      case 'Sqrt': case 'Softmax': case 'LogSoftmax': case 'Identity': case 'Abs': case 'Dropout':
        out(0, { dataType: x.dataType, dims: xd });
        if (op === 'Dropout') out(1, { dataType: DataType.BOOL, dims: xd });
        return;
      case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Pow': {
        const y = this.get(inputs[1]);
        out(0, { dataType: x.dataType, dims: xd && y.dims ? broadcastDims(xd, y.dims) : undefined });
        return;
      }
      case 'Equal': case 'Greater': case 'Less': {
        const y = this.get(inputs[1]);
        out(0, { dataType: DataType.BOOL, dims: xd && y.dims ? broadcastDims(xd, y.dims) : undefined });
        return;
      }
      case 'Sum': {
        let dims: SymDim[] | undefined = xd;
        for (const name of inputs.slice(1)) {
          const d = this.dims(name);
          dims = dims && d ? broadcastDims(dims, d) : undefined;
        }
        out(0, { dataType: x.dataType, dims });
        return;
      }
      case 'Cast':
        out(0, { dataType: intAttribute(node, 'to', 0), dims: xd });
        return;
      case 'Shape':
        out(0, { dataType: DataType.INT64, dims: xd ? [xd.length] : [null] });
        return;
      case 'Size':
        out(0, { dataType: DataType.INT64, dims: [] });
        return;
      case 'MatMul': {
        const yd = this.dims(inputs[1]);
        if (!xd || !yd) return out(0, { dataType: x.dataType });
        const a = xd.length === 1 ? [1, xd[0]] : xd;
        const b = yd.length === 1 ? [yd[0], 1] : yd;
        const batch = broadcastDims(a.slice(0, -2), b.slice(0, -2));
        const dims = [...batch, ...(xd.length === 1 ? [] : [a[a.length - 2]]), ...(yd.length === 1 ? [] : [b[b.length - 1]])];
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Gemm': {
        const yd = this.dims(inputs[1]);
        const m = xd ? (intAttribute(node, 'transA', 0) ? xd[1] : xd[0]) : null;
        const n = yd ? (intAttribute(node, 'transB', 0) ? yd[0] : yd[1]) : null;
        return out(0, { dataType: x.dataType, dims: [m ?? null, n ?? null] });
      }
      case 'Flatten': {
        if (!xd) return out(0, { dataType: x.dataType, dims: [null, null] });
        const axis = normAxis(intAttribute(node, 'axis', 1), xd.length);
        return out(0, { dataType: x.dataType, dims: [product(xd.slice(0, axis)), product(xd.slice(axis))] });
      }
      case 'Reshape': {
        const shape = this.constantInts(inputs[1]);
        if (!shape) {
          const len = this.dims(inputs[1])?.[0];
          return out(0, { dataType: x.dataType, dims: typeof len === 'number' ? new Array<SymDim>(len).fill(null) : undefined });
        }
        const allowZero = intAttribute(node, 'allowzero', 0) === 1;
        const dims: SymDim[] = shape.map((s, i) => (s === 0 && !allowZero ? (xd?.[i] ?? null) : s === -1 ? null : s));
        const minus = shape.indexOf(-1);
        if (minus >= 0 && xd) {
          const total = product(xd);
          const rest = product(dims.filter((_, i) => i !== minus));
          if (typeof total === 'number' && typeof rest === 'number' && rest > 0) dims[minus] = total / rest;
          else if (xd.length === dims.length) {
            // A symbolic batch dim carried through an unchanged layout, e.g. [N,4] -> [-1,4].
            const others = dims.every((d, i) => i === minus || sameDim(d, xd[i]));
            if (others) dims[minus] = xd[minus];
          }
        }
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Transpose': {
        if (!xd) return out(0, { dataType: x.dataType });
        const perm = intsAttribute(node, 'perm') ?? xd.map((_, i) => xd.length - 1 - i);
        return out(0, { dataType: x.dataType, dims: perm.map((p) => xd[p]) });
      }
      case 'Squeeze': case 'Unsqueeze': {
        const axes = inputs[1] ? this.constantInts(inputs[1]) : intsAttribute(node, 'axes');
        if (!xd || (!axes && op === 'Unsqueeze')) return out(0, { dataType: x.dataType });
        if (op === 'Squeeze') {
          if (!axes) {
            if (xd.some((d) => d === null || typeof d === 'string')) return out(0, { dataType: x.dataType });
            return out(0, { dataType: x.dataType, dims: xd.filter((d) => d !== 1) });
          }
          const drop = new Set(axes.map((a) => normAxis(a, xd.length)));
          return out(0, { dataType: x.dataType, dims: xd.filter((_, i) => !drop.has(i)) });
        }
        const rank = xd.length + axes!.length;
        const add = new Set(axes!.map((a) => normAxis(a, rank)));
        const dims: SymDim[] = [];
        let k = 0;
        for (let i = 0; i < rank; i++) dims.push(add.has(i) ? 1 : xd[k++]);
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Concat': {
        const all = inputs.map((n) => this.dims(n));
        if (all.some((d) => !d)) return out(0, { dataType: x.dataType, dims: xd ? xd.map(() => null) : undefined });
        const rank = all[0]!.length;
        const axis = normAxis(intAttribute(node, 'axis', 0), rank);
        const dims = [...all[0]!];
        dims[axis] = all.every((d) => typeof d![axis] === 'number')
          ? all.reduce((s, d) => s + (d![axis] as number), 0)
          : null;
        return out(0, { dataType: x.dataType, dims });
      }
      case 'ReduceSum': case 'ReduceMean': case 'ReduceMax': {
        if (!xd) return out(0, { dataType: x.dataType });
        const axesInput = inputs[1] ? this.constantInts(inputs[1]) : undefined;
        if (inputs[1] && !axesInput) return out(0, { dataType: x.dataType });
        const axes = axesInput ?? intsAttribute(node, 'axes');
        const keep = intAttribute(node, 'keepdims', 1) === 1;
        const noop = intAttribute(node, 'noop_with_empty_axes', 0) === 1;
        if ((!axes || axes.length === 0) && noop) return out(0, { dataType: x.dataType, dims: xd });
        const set = new Set((axes && axes.length > 0 ? axes : xd.map((_, i) => i)).map((a) => normAxis(a, xd.length)));
        const dims = keep ? xd.map((d, i) => (set.has(i) ? 1 : d)) : xd.filter((_, i) => !set.has(i));
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Conv': case 'MaxPool': case 'AveragePool': {
        if (!xd) return out(0, { dataType: x.dataType });
        const spatial = xd.length - 2;
        const wd = op === 'Conv' ? this.dims(inputs[1]) : undefined;
        const kernel = intsAttribute(node, 'kernel_shape') ?? wd?.slice(2).map((d) => (typeof d === 'number' ? d : NaN));
        const strides = intsAttribute(node, 'strides') ?? new Array<number>(spatial).fill(1);
        const dil = intsAttribute(node, 'dilations') ?? new Array<number>(spatial).fill(1);
        const pads = intsAttribute(node, 'pads') ?? new Array<number>(2 * spatial).fill(0);
        const autoPad = stringAttribute(node, 'auto_pad', 'NOTSET');
        const ceil = intAttribute(node, 'ceil_mode', 0) === 1;
        const channels = op === 'Conv' ? (wd?.[0] ?? null) : xd[1];
        const dims: SymDim[] = [xd[0], channels];
        for (let i = 0; i < spatial; i++) {
          const d = xd[i + 2];
          const k = kernel?.[i];
          if (typeof d !== 'number' || k === undefined || Number.isNaN(k) || autoPad !== 'NOTSET') {
            dims.push(null);
            continue;
          }
          const span = d + pads[i] + pads[i + spatial] - dil[i] * (k - 1) - 1;
          dims.push((ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1);
        }
        out(0, { dataType: x.dataType, dims });
        if (op === 'MaxPool') out(1, { dataType: DataType.INT64, dims });
        return;
      }
      case 'SoftmaxCrossEntropyLoss': {
        const reduction = stringAttribute(node, 'reduction', 'mean');
        out(0, { dataType: x.dataType, dims: reduction === 'none' ? this.dims(inputs[1]) : [] });
        out(1, { dataType: x.dataType, dims: xd });
        return;
      }
      default:
        return;
    }
  }
}
