/**
 * A small static shape inference over the forward graph, for the ops that
 * have gradient rules. The builder uses it to choose static reductions for
 * broadcasting and to know ranks (MatMul, Softmax) and spatial sizes (Conv
 * output padding). Anything it cannot infer stays unknown and the rules fall
 * back to Shape-based dynamic graphs or report what they need.
 */
import { hasAttribute, intAttribute, intsAttribute, stringAttribute, tensorAttribute } from '../onnx/attributes.js';
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

/**
 * A product of dims as a coefficient and a sorted list of symbols. A symbolic
 * product such as batch·heads is the dim string "batch*heads" (and 4·batch is
 * "4*batch"), so products of symbols survive Reshape and Mul chains.
 */
interface Factors {
  coefficient: number;
  symbols: string[];
}

/** The factors of one dim; undefined when unknown. */
export function factorsOf(d: SymDim): Factors | undefined {
  if (d === null) return undefined;
  if (typeof d === 'number') return { coefficient: d, symbols: [] };
  let coefficient = 1;
  const symbols: string[] = [];
  for (const part of d.split('*')) {
    if (/^\d+$/.test(part)) coefficient *= Number(part);
    else symbols.push(part);
  }
  return { coefficient, symbols: symbols.sort() };
}

function dimOf({ coefficient, symbols }: Factors): SymDim {
  if (symbols.length === 0) return coefficient;
  if (coefficient === 0) return 0;
  return [...(coefficient === 1 ? [] : [String(coefficient)]), ...[...symbols].sort()].join('*');
}

/** The product of dims (symbols multiply into product symbols); unknown if any dim is. */
function product(dims: readonly SymDim[]): SymDim {
  let coefficient = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    const f = factorsOf(d);
    if (!f) return null;
    coefficient *= f.coefficient;
    symbols.push(...f.symbols);
  }
  return dimOf({ coefficient, symbols });
}

/**
 * The dim d with product(known)·d = product(total), cancelling equal symbols:
 * a number, a (product) symbol, or unknown. Used for Reshape's −1 and Div.
 */
function quotient(total: readonly SymDim[], known: readonly SymDim[]): SymDim {
  const numerator = factorsOf(product(total));
  const denominator = factorsOf(product(known));
  if (!numerator || !denominator || denominator.coefficient <= 0 || numerator.coefficient % denominator.coefficient !== 0) return null;
  const symbols = [...numerator.symbols];
  for (const s of denominator.symbols) {
    const at = symbols.indexOf(s);
    if (at < 0) return null;
    symbols.splice(at, 1);
  }
  return dimOf({ coefficient: numerator.coefficient / denominator.coefficient, symbols });
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Ops whose output 0 has the shape and type of input 0. */
const SAME_SHAPE: ReadonlySet<string> = new Set([
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'Exp',
  'Log',
  'Neg',
  'Sqrt',
  'Softmax',
  'LogSoftmax',
  'Identity',
  'Abs',
  'Erf',
  'Softplus',
  'Softsign',
  'Elu',
  'Selu',
  'Celu',
  'Clip',
  'HardSigmoid',
  'HardSwish',
  'Gelu',
  'Sin',
  'Cos',
  'Tan',
  'Reciprocal',
  'Sign',
  'Floor',
  'Ceil',
  'Round',
  'Mish',
  'PRelu',
  'ThresholdedRelu',
  'CumSum',
  'LayerNormalization',
  'BatchNormalization',
  'InstanceNormalization',
  'LpNormalization',
  'Dropout',
]);

/** Ops that broadcast all their inputs to one output (numpy rules). */
const BROADCAST: ReadonlySet<string> = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'Sum', 'Mean', 'Where', 'Mod']);

/** Broadcasting comparisons and logic: a boolean result. */
const BOOLEAN: ReadonlySet<string> = new Set([
  'Equal',
  'Greater',
  'Less',
  'GreaterOrEqual',
  'LessOrEqual',
  'And',
  'Or',
  'Xor',
  'Not',
  'IsNaN',
  'IsInf',
]);

/** Reductions with keepdims (axes as attribute, or as input 1 for newer opsets). */
const REDUCE: ReadonlySet<string> = new Set([
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSumExp',
  'ReduceLogSum',
  'ReduceSumSquare',
]);

/** Ops that pass a 1-D int64 "shape value" through unchanged in content. */
const VALUE_PRESERVING: ReadonlySet<string> = new Set(['Identity', 'Cast', 'Unsqueeze', 'Squeeze', 'Reshape', 'Flatten']);

/** Elementwise integer arithmetic on shape values (symbols multiply and divide exactly). */
function arithmetic(op: string, a: SymDim, b: SymDim): SymDim {
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === 'Add') return a + b;
    if (op === 'Sub') return a - b;
    if (op === 'Mul') return a * b;
    if (op === 'Div') return b !== 0 ? Math.trunc(a / b) : null;
    return null;
  }
  if (op === 'Mul') return product([a, b]);
  if (op === 'Div') return quotient([a], [b]);
  if ((op === 'Add' || op === 'Sub') && b === 0) return a;
  if (op === 'Add' && a === 0) return b;
  return null;
}

/** Start/end/step slicing of one axis of size `size` (ONNX clamping rules); null when the size is unknown. */
function slicedLength(size: SymDim, start: number, end: number, step: number): SymDim {
  if (typeof size !== 'number') {
    // [0, INT_MAX) with step 1 keeps a symbolic dim.
    return start === 0 && step === 1 && end >= 2 ** 31 - 1 ? size : null;
  }
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + size : start;
  let e = end < 0 ? end + size : end;
  if (step > 0) {
    s = clamp(s, 0, size);
    e = clamp(e, 0, size);
    return Math.max(0, Math.ceil((e - s) / step));
  }
  s = clamp(s, -1, size - 1);
  e = clamp(e, -1, size - 1);
  return Math.max(0, Math.ceil((e - s) / step));
}

/**
 * Static facts about every tensor of a graph: dtypes and dims from inputs,
 * initializers, value_info, Constant nodes, propagated through the ops rules
 * and exporters use; the values of constant int64 tensors (initializers and
 * Constant nodes), which rules read for axes and shapes; and the symbolic
 * values of small int64 tensors computed from shapes
 * (Shape→Gather→Unsqueeze→Concat, as dynamic-batch exports write them), so
 * a Reshape by such a tensor gets its rank and dims. Where a rank is lost,
 * the node that lost it is recorded for error messages.
 */
export class ShapeTable {
  private readonly info = new Map<string, TensorInfo>();
  private readonly constants = new Map<string, TensorValues>();
  /** Element values of small 1-D/scalar int64 tensors, possibly symbolic. */
  private readonly shapeValues = new Map<string, SymDim[]>();
  /** Tensor → the node (as `Op node "name"`) where its rank was first lost. */
  private readonly lost = new Map<string, string>();

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
    (graph.node ?? []).forEach((node, index) => this.inferNode(node, index));
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

  /** Element values of a small int64 tensor, known or symbolic (e.g. the output of Shape), when tracked. */
  values(name: string): SymDim[] | undefined {
    const c = this.constantInts(name);
    return c ?? this.shapeValues.get(name);
  }

  /** Where the rank of a tensor was lost (`Op node "name"`), when it is unknown because of a node. */
  lostAt(name: string): string | undefined {
    return this.lost.get(name);
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
  inferNode(node: NodeProto, index = -1): void {
    this.inferValues(node);
    this.inferDims(node);
    const outputs = (node.output ?? []).filter((o) => o !== '');
    const inputs = (node.input ?? []).filter((i) => i !== '');
    for (const o of outputs) {
      if (this.rank(o) !== undefined || this.lost.has(o)) continue;
      const upstream = inputs.find((i) => this.rank(i) === undefined && this.lost.has(i));
      const label = node.name ? node.name : `#${index}`;
      this.lost.set(o, upstream !== undefined ? this.lost.get(upstream)! : `${node.opType ?? ''} node "${label}"`);
    }
  }

  /** Tracks the element values of small int64 tensors built from shapes. */
  private inferValues(node: NodeProto): void {
    const op = node.opType ?? '';
    const inputs = node.input ?? [];
    const output = node.output?.[0];
    if (!output) return;
    const v0 = inputs[0] ? this.values(inputs[0]) : undefined;
    const set = (values: SymDim[] | undefined): void => {
      if (values && values.length <= 64) this.shapeValues.set(output, values);
    };
    if (op === 'Shape') {
      const xd = this.dims(inputs[0]);
      if (!xd) return;
      const r = xd.length;
      const start = normAxis(intAttribute(node, 'start', 0), r);
      const end = hasAttribute(node, 'end') ? normAxis(intAttribute(node, 'end', r), r) : r;
      return set(xd.slice(Math.max(0, start), Math.min(r, end)));
    }
    if (op === 'Size') {
      const xd = this.dims(inputs[0]);
      return set(xd ? [product(xd)] : undefined);
    }
    if (VALUE_PRESERVING.has(op)) return set(v0);
    if (op === 'Gather') {
      const idx = inputs[1] ? this.constantInts(inputs[1]) : undefined;
      if (!v0 || !idx) return;
      return set(idx.map((i) => v0[i < 0 ? i + v0.length : i] ?? null));
    }
    if (op === 'Concat') {
      const all = inputs.map((i) => this.values(i));
      if (all.every((a): a is SymDim[] => a !== undefined)) set(all.flat());
      return;
    }
    if (op === 'Slice') {
      const starts = this.constantInts(inputs[1] ?? '');
      const ends = this.constantInts(inputs[2] ?? '');
      const steps = inputs[4] ? this.constantInts(inputs[4]) : [1];
      if (!v0 || !starts || !ends || !steps || starts.length !== 1) return;
      const out: SymDim[] = [];
      const n = v0.length;
      let s = starts[0] < 0 ? starts[0] + n : Math.min(starts[0], n);
      const e = ends[0] < 0 ? ends[0] + n : Math.min(ends[0], n);
      for (; steps[0] > 0 ? s < e : s > e; s += steps[0]) out.push(v0[s] ?? null);
      return set(out);
    }
    if (op === 'Add' || op === 'Sub' || op === 'Mul' || op === 'Div') {
      const v1 = inputs[1] ? this.values(inputs[1]) : undefined;
      if (!v0 || !v1) return;
      const n = Math.max(v0.length, v1.length);
      if ((v0.length !== n && v0.length !== 1) || (v1.length !== n && v1.length !== 1)) return;
      return set(Array.from({ length: n }, (_, i) => arithmetic(op, v0[v0.length === 1 ? 0 : i], v1[v1.length === 1 ? 0 : i])));
    }
  }

  private inferDims(node: NodeProto): void {
    const op = node.opType ?? '';
    const inputs = node.input ?? [];
    const outputs = node.output ?? [];
    const x = inputs[0] !== undefined && inputs[0] !== '' ? this.get(inputs[0]) : {};
    const xd = x.dims;
    const out = (i: number, info: TensorInfo): void => {
      if (outputs[i]) this.merge(outputs[i], info);
    };
    if (SAME_SHAPE.has(op)) {
      out(0, { dataType: x.dataType, dims: xd });
      if (op === 'Dropout') out(1, { dataType: DataType.BOOL, dims: xd });
      if (op === 'LayerNormalization' && xd) {
        const axis = normAxis(intAttribute(node, 'axis', -1), xd.length);
        const stats = xd.map((d, i) => (i < axis ? d : 1));
        out(1, { dataType: DataType.FLOAT, dims: stats });
        out(2, { dataType: DataType.FLOAT, dims: stats });
      }
      if (op === 'BatchNormalization') {
        out(1, this.get(inputs[3] ?? ''));
        out(2, this.get(inputs[4] ?? ''));
      }
      return;
    }
    if (BROADCAST.has(op) || BOOLEAN.has(op)) {
      const operands = op === 'Where' ? inputs : inputs.filter((n) => n !== '');
      let dims: SymDim[] | undefined = this.dims(operands[0] ?? '');
      for (const name of operands.slice(1)) {
        const d = this.dims(name);
        dims = dims && d ? broadcastDims(dims, d) : undefined;
      }
      const dataType = BOOLEAN.has(op) ? DataType.BOOL : op === 'Where' ? this.dataType(inputs[1] ?? '') : x.dataType;
      return out(0, { dataType, dims });
    }
    if (REDUCE.has(op) || op === 'ArgMax' || op === 'ArgMin') {
      const dataType = op === 'ArgMax' || op === 'ArgMin' ? DataType.INT64 : x.dataType;
      if (!xd) return out(0, { dataType });
      const axesInput = inputs[1] ? this.constantInts(inputs[1]) : undefined;
      if (inputs[1] && !axesInput) {
        const keepRank = intAttribute(node, 'keepdims', 1) === 1;
        return out(0, { dataType, dims: keepRank ? xd.map(() => null) : undefined });
      }
      const axes = op === 'ArgMax' || op === 'ArgMin' ? [intAttribute(node, 'axis', 0)] : (axesInput ?? intsAttribute(node, 'axes'));
      const keep = intAttribute(node, 'keepdims', 1) === 1;
      const noop = intAttribute(node, 'noop_with_empty_axes', 0) === 1;
      if ((!axes || axes.length === 0) && noop) return out(0, { dataType, dims: xd });
      const set = new Set((axes && axes.length > 0 ? axes : xd.map((_, i) => i)).map((a) => normAxis(a, xd.length)));
      const dims = keep ? xd.map((d, i) => (set.has(i) ? 1 : d)) : xd.filter((_, i) => !set.has(i));
      return out(0, { dataType, dims });
    }
    switch (op) {
      case 'Constant': {
        const t = tensorAttribute(node, 'value');
        if (t) {
          out(0, { dataType: t.dataType ?? undefined, dims: tensorDims(t) });
          if (t.dataType === DataType.INT64) this.constants.set(outputs[0], readTensorValues(t));
        }
        return;
      }
      case 'Cast':
        return out(0, { dataType: intAttribute(node, 'to', 0), dims: xd });
      case 'CastLike':
        return out(0, { dataType: this.dataType(inputs[1] ?? ''), dims: xd });
      case 'Shape': {
        const n = this.values(outputs[0] ?? '')?.length;
        return out(0, { dataType: DataType.INT64, dims: [n ?? (xd ? xd.length : null)] });
      }
      case 'Size':
        return out(0, { dataType: DataType.INT64, dims: [] });
      case 'ConstantOfShape': {
        const t = tensorAttribute(node, 'value');
        const v = this.values(inputs[0]);
        const len = this.dims(inputs[0])?.[0];
        const dims = v ?? (typeof len === 'number' ? new Array<SymDim>(len).fill(null) : undefined);
        return out(0, { dataType: t?.dataType ?? DataType.FLOAT, dims });
      }
      case 'Range':
        return out(0, { dataType: x.dataType, dims: [null] });
      case 'NonZero':
        return out(0, { dataType: DataType.INT64, dims: xd ? [xd.length, null] : [null, null] });
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
        const shape = this.values(inputs[1]);
        if (!shape) {
          const len = this.dims(inputs[1])?.[0];
          return out(0, { dataType: x.dataType, dims: typeof len === 'number' ? new Array<SymDim>(len).fill(null) : undefined });
        }
        const allowZero = intAttribute(node, 'allowzero', 0) === 1;
        const dims: SymDim[] = shape.map((s, i) => (s === 0 && !allowZero ? (xd?.[i] ?? null) : s === -1 ? null : s));
        const minus = shape.indexOf(-1);
        if (minus >= 0 && xd)
          dims[minus] = quotient(
            xd,
            dims.filter((_, i) => i !== minus),
          );
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Expand': {
        const shape = this.values(inputs[1]);
        const len = this.dims(inputs[1])?.[0];
        const target = shape ?? (typeof len === 'number' ? new Array<SymDim>(len).fill(null) : undefined);
        return out(0, { dataType: x.dataType, dims: xd && target ? broadcastDims(xd, target) : undefined });
      }
      case 'Tile': {
        const repeats = this.values(inputs[1]);
        if (!xd) return out(0, { dataType: x.dataType });
        return out(0, { dataType: x.dataType, dims: xd.map((d, i) => (repeats ? arithmetic('Mul', d, repeats[i] ?? null) : null)) });
      }
      case 'Transpose': {
        if (!xd) return out(0, { dataType: x.dataType });
        const perm = intsAttribute(node, 'perm') ?? xd.map((_, i) => xd.length - 1 - i);
        return out(0, { dataType: x.dataType, dims: perm.map((p) => xd[p]) });
      }
      case 'Squeeze':
      case 'Unsqueeze': {
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
        const someRank = all.find((d) => d !== undefined);
        if (!someRank) return out(0, { dataType: x.dataType });
        const rank = someRank.length;
        const axis = normAxis(intAttribute(node, 'axis', 0), rank);
        const dims = someRank.map((_, i) => {
          if (i === axis) {
            return all.every((d) => d !== undefined && typeof d[axis] === 'number')
              ? all.reduce((s, d) => s + (d![axis] as number), 0)
              : null;
          }
          return all.map((d) => d?.[i] ?? null).find((d) => d !== null) ?? null;
        });
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Split': {
        if (!xd) return outputs.forEach((_, i) => out(i, { dataType: x.dataType }));
        const axis = normAxis(intAttribute(node, 'axis', 0), xd.length);
        const sizes = inputs[1] ? this.constantInts(inputs[1]) : intsAttribute(node, 'split');
        const d = xd[axis];
        outputs.forEach((_, i) => {
          let size: SymDim = null;
          if (sizes) size = sizes[i] ?? null;
          else if (typeof d === 'number' && d % outputs.length === 0) size = d / outputs.length;
          out(i, { dataType: x.dataType, dims: xd.map((v, k) => (k === axis ? size : v)) });
        });
        return;
      }
      case 'Slice': {
        if (!xd) return out(0, { dataType: x.dataType });
        const starts = this.constantInts(inputs[1] ?? '');
        const ends = this.constantInts(inputs[2] ?? '');
        const axes = inputs[3] ? this.constantInts(inputs[3]) : starts?.map((_, i) => i);
        const steps = inputs[4] ? this.constantInts(inputs[4]) : starts?.map(() => 1);
        if (!starts || !ends || !axes || !steps) {
          const sliced = axes ? new Set(axes.map((a) => normAxis(a, xd.length))) : undefined;
          return out(0, { dataType: x.dataType, dims: xd.map((d, i) => (sliced && !sliced.has(i) ? d : null)) });
        }
        const dims = [...xd];
        axes.forEach((a, k) => {
          const axis = normAxis(a, xd.length);
          dims[axis] = slicedLength(xd[axis], starts[k], ends[k], steps[k]);
        });
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Pad': {
        if (!xd) return out(0, { dataType: x.dataType });
        const pads = inputs[1] ? this.constantInts(inputs[1]) : intsAttribute(node, 'pads');
        const axesInput = inputs[3] ? this.constantInts(inputs[3]) : undefined;
        if (!pads || (inputs[3] && !axesInput)) return out(0, { dataType: x.dataType, dims: xd.map(() => null) });
        const axes = (axesInput ?? xd.map((_, i) => i)).map((a) => normAxis(a, xd.length));
        const dims = [...xd];
        axes.forEach((axis, k) => {
          dims[axis] = arithmetic('Add', arithmetic('Add', xd[axis], pads[k]), pads[k + axes.length]);
        });
        return out(0, { dataType: x.dataType, dims });
      }
      case 'Gather': {
        const id = this.dims(inputs[1]);
        if (!xd || !id) return out(0, { dataType: x.dataType });
        const axis = normAxis(intAttribute(node, 'axis', 0), xd.length);
        return out(0, { dataType: x.dataType, dims: [...xd.slice(0, axis), ...id, ...xd.slice(axis + 1)] });
      }
      case 'GatherElements':
        return out(0, { dataType: x.dataType, dims: this.dims(inputs[1]) });
      case 'GlobalAveragePool':
      case 'GlobalMaxPool':
        return out(0, { dataType: x.dataType, dims: xd ? xd.map((d, i) => (i < 2 ? d : 1)) : undefined });
      case 'Conv':
      case 'ConvTranspose':
      case 'MaxPool':
      case 'AveragePool': {
        if (!xd) return out(0, { dataType: x.dataType });
        const spatial = xd.length - 2;
        const wd = op === 'Conv' || op === 'ConvTranspose' ? this.dims(inputs[1]) : undefined;
        const kernel = intsAttribute(node, 'kernel_shape') ?? wd?.slice(2).map((d) => (typeof d === 'number' ? d : NaN));
        const strides = intsAttribute(node, 'strides') ?? new Array<number>(spatial).fill(1);
        const dil = intsAttribute(node, 'dilations') ?? new Array<number>(spatial).fill(1);
        const pads = intsAttribute(node, 'pads') ?? new Array<number>(2 * spatial).fill(0);
        const outputPadding = intsAttribute(node, 'output_padding') ?? new Array<number>(spatial).fill(0);
        const outputShape = intsAttribute(node, 'output_shape');
        const autoPad = stringAttribute(node, 'auto_pad', 'NOTSET');
        const ceil = intAttribute(node, 'ceil_mode', 0) === 1;
        const group = intAttribute(node, 'group', 1);
        const channels = op === 'Conv' ? (wd?.[0] ?? null) : op === 'ConvTranspose' ? arithmetic('Mul', wd?.[1] ?? null, group) : xd[1];
        const dims: SymDim[] = [xd[0], channels];
        for (let i = 0; i < spatial; i++) {
          const d = xd[i + 2];
          const k = kernel?.[i];
          if (op === 'ConvTranspose' && outputShape) {
            dims.push(outputShape[outputShape.length - spatial + i] ?? null);
            continue;
          }
          if (typeof d !== 'number' || k === undefined || Number.isNaN(k) || (autoPad !== 'NOTSET' && autoPad !== 'VALID')) {
            dims.push(null);
            continue;
          }
          const [p0, p1] = autoPad === 'VALID' ? [0, 0] : [pads[i], pads[i + spatial]];
          if (op === 'ConvTranspose') {
            dims.push(strides[i] * (d - 1) + outputPadding[i] + (k - 1) * dil[i] + 1 - p0 - p1);
            continue;
          }
          const span = d + p0 + p1 - dil[i] * (k - 1) - 1;
          dims.push((ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1);
        }
        out(0, { dataType: x.dataType, dims });
        if (op === 'MaxPool') out(1, { dataType: DataType.INT64, dims });
        return;
      }
      case 'LSTM':
      case 'GRU':
      case 'RNN': {
        const directions = stringAttribute(node, 'direction', 'forward') === 'bidirectional' ? 2 : 1;
        const hidden = intAttribute(node, 'hidden_size', 0) || null;
        const [steps, batch] = xd && intAttribute(node, 'layout', 0) === 0 ? [xd[0], xd[1]] : [null, null];
        out(0, { dataType: x.dataType, dims: [steps, directions, batch, hidden] });
        out(1, { dataType: x.dataType, dims: [directions, batch, hidden] });
        out(2, { dataType: x.dataType, dims: [directions, batch, hidden] });
        return;
      }
      case 'SoftmaxCrossEntropyLoss':
      case 'NegativeLogLikelihoodLoss': {
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
