import type { UpdateOps } from '../ops/update-ops.js';

/** The operations a traced program records. */
export type TraceOp =
  | 'element'
  | 'scalar'
  | 'constant'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'neg'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'max'
  | 'min'
  | 'greater'
  | 'greaterEqual'
  | 'select'
  | 'float32'
  | 'sumOfSquares';

/**
 * One value of a traced program: an input, a constant or an operation on
 * earlier nodes. Nodes are created in dependency order, so their ids are a
 * topological order.
 */
export interface TraceNode {
  /** Position in creation order. */
  readonly id: number;
  /** What it computes. */
  readonly op: TraceOp;
  /** Operands. */
  readonly args: readonly TraceNode[];
  /** The input's name, for `element` (an array read at the loop index) and `scalar` (one number per call). */
  readonly name?: string;
  /** The value of a `constant`. */
  readonly value?: number;
  /** Whether it differs per element (depends on an `element` input); reductions are not varying. */
  readonly varying: boolean;
}

/**
 * Records a program as a graph of {@link TraceNode}s instead of computing it.
 * Identical operations on identical operands are recorded once, so a value
 * the program uses twice (θ_t − θ₀) is computed once in the generated code.
 * The graph says nothing about any target language: `emit-js-loop.ts` turns
 * it into a JS loop; a GPU or wasm emitter can read the same graph.
 */
export class Tracer implements UpdateOps<TraceNode, TraceNode> {
  /** Every node, in creation order. */
  readonly nodes: TraceNode[] = [];
  private readonly byKey = new Map<string, TraceNode>();

  /** An array read at the loop index, e.g. `p` (θ) or `slot0`. */
  element(name: string): TraceNode {
    return this.node(`element:${name}`, { op: 'element', args: [], name, varying: true });
  }

  /** A per-call scalar read once before the loop, e.g. `s.stepSize`. */
  scalar(name: string): TraceNode {
    return this.node(`scalar:${name}`, { op: 'scalar', args: [], name, varying: false });
  }

  /** Scalars by name, created as the program reads them. */
  scalarRecord(prefix: string): Readonly<Record<string, TraceNode>> {
    return new Proxy({} as Record<string, TraceNode>, {
      get: (_target, key) => (typeof key === 'string' ? this.scalar(`${prefix}${key}`) : undefined),
    });
  }

  constant(value: number): TraceNode {
    if (!Number.isFinite(value)) throw new RangeError(`a traced constant must be finite, received ${value}`);
    return this.node(`constant:${Object.is(value, -0) ? '-0' : value}`, { op: 'constant', args: [], value, varying: false });
  }

  add = (a: TraceNode, b: TraceNode): TraceNode => this.apply('add', a, b);
  sub = (a: TraceNode, b: TraceNode): TraceNode => this.apply('sub', a, b);
  mul = (a: TraceNode, b: TraceNode): TraceNode => this.apply('mul', a, b);
  div = (a: TraceNode, b: TraceNode): TraceNode => this.apply('div', a, b);
  neg = (a: TraceNode): TraceNode => this.apply('neg', a);
  sqrt = (a: TraceNode): TraceNode => this.apply('sqrt', a);
  abs = (a: TraceNode): TraceNode => this.apply('abs', a);
  sign = (a: TraceNode): TraceNode => this.apply('sign', a);
  max = (a: TraceNode, b: TraceNode): TraceNode => this.apply('max', a, b);
  min = (a: TraceNode, b: TraceNode): TraceNode => this.apply('min', a, b);
  greater = (a: TraceNode, b: TraceNode): TraceNode => this.apply('greater', a, b);
  greaterEqual = (a: TraceNode, b: TraceNode): TraceNode => this.apply('greaterEqual', a, b);
  select = (condition: TraceNode, a: TraceNode, b: TraceNode): TraceNode => this.apply('select', condition, a, b);

  /** `a` rounded to float32, as a store to a Float32Array (or a float32 tensor op) rounds it; not an {@link UpdateOps} operation. */
  float32 = (a: TraceNode): TraceNode => this.apply('float32', a);

  sumOfSquares(a: TraceNode): TraceNode {
    return this.node(`sumOfSquares(${a.id})`, { op: 'sumOfSquares', args: [a], varying: false });
  }

  private apply(op: TraceOp, ...args: TraceNode[]): TraceNode {
    return this.node(`${op}(${args.map((a) => a.id).join(',')})`, { op, args, varying: args.some((a) => a.varying) });
  }

  private node(key: string, fields: Omit<TraceNode, 'id'>): TraceNode {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const created: TraceNode = { id: this.nodes.length, ...fields };
    this.nodes.push(created);
    this.byKey.set(key, created);
    return created;
  }
}
