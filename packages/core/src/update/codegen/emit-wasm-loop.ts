import { reachable } from './emit-js-loop.js';
import type { LoopOutput } from './emit-js-loop.js';
import type { TraceNode } from './trace-ops.js';

/** A WebAssembly module holding one fused loop, and how to call it. */
export interface WasmLoop {
  /** The module's bytes. It imports `env.memory` and exports `update`. */
  bytes: Uint8Array;
  /**
   * `update`'s parameters after `n` (an i32, the element count): one i32 byte
   * offset into the memory per array (float32 elements), then one f64 per scalar input.
   */
  arrays: string[];
  /** The scalar inputs' names (`Tracer.scalar`), in parameter order after the arrays. */
  scalars: string[];
}

export const i32 = 0x7f;
export const f64 = 0x7c;
const v128 = 0x7b;
/** The 0xfd-prefixed SIMD instructions used, by their sub-opcode. */
const simdOp = {
  f64x2Splat: 0x14,
  f64x2ExtractLane: 0x21,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Ge: 0x4c,
  bitselect: 0x52,
  store64Lane: 0x5b,
  load64Zero: 0x5d,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
} as const;
export const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f32Store: 0x38,
  i32Const: 0x41,
  f64Const: 0x44,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  selectTyped: 0x1c,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
} as const;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

const vector = (items: readonly number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const text = (value: string): number[] => vector([...value].map((ch) => [ch.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];

function f64Bytes(value: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return Array.from(new Uint8Array(view.buffer));
}

/**
 * A fused loop as a WebAssembly module, with the semantics of
 * `emitJsLoop` over Float32Arrays: every element is read as float32 and
 * widened, all arithmetic is float64 (so `Math.sqrt` and `f64.sqrt` agree),
 * and each store rounds to float32, so both loops give the same bits. Values
 * that do not vary per element are computed once before the loop; each
 * `sumOfSquares` gets a pass of its own; outputs are written last, so arrays
 * may be updated in place. Scalars are parameters, so one module serves every
 * step. Compiling the bytes is the caller's business (no JS is evaluated).
 *
 * With `simd` (the default) the main loop runs two elements at a time in
 * f64x2 lanes (the same IEEE operations lane by lane, so the same bits) and a
 * scalar loop finishes an odd element; without it, for engines lacking
 * WebAssembly SIMD, every element goes through the scalar loop.
 *
 * An output may name an array no node reads: the loop then reads one buffer
 * and writes another (θ_{t+1} into a new buffer, leaving θ_t's unchanged).
 * With `sumOfSquaresOf`, `update` also returns Σx² over that array as read
 * (each element widened to float64, summed in float64), in the same pass:
 * what a global gradient norm needs of g, without a reduction of its own.
 *
 * @param outputs - What to write.
 * @param options - `sharedMemory`: the imported memory is shared (a threaded wasm build); `simd`: use f64x2 lanes;
 *   `sumOfSquaresOf`: an array whose Σx² `update` returns.
 */
export function emitWasmLoop(
  outputs: readonly LoopOutput[],
  options: { sharedMemory?: boolean; simd?: boolean; sumOfSquaresOf?: string } = {},
): WasmLoop {
  const { sharedMemory = false, simd = true, sumOfSquaresOf } = options;
  const nodes = reachable(outputs.map((o) => o.value));
  const arrays = [
    ...new Set([
      ...nodes.filter((n) => n.op === 'element').map((n) => n.name as string),
      ...outputs.map((o) => o.array),
      ...(sumOfSquaresOf === undefined ? [] : [sumOfSquaresOf]),
    ]),
  ];
  const scalars = nodes.filter((n) => n.op === 'scalar').map((n) => n.name as string);
  // Locals: parameters (n, arrays, scalars), then i, then one per computed node.
  const arrayLocal = new Map(arrays.map((name, k) => [name, 1 + k]));
  const scalarLocal = new Map(scalars.map((name, k) => [name, 1 + arrays.length + k]));
  const index = 1 + arrays.length + scalars.length;
  const nodeLocal = new Map<number, number>();
  const localTypes: number[] = [i32];
  // Σx² of `sumOfSquaresOf`, when asked for: an f64 local (the scalar loop's sum and the result).
  const squaresLocal = index + localTypes.length;
  if (sumOfSquaresOf !== undefined) localTypes.push(f64);
  const isCondition = (node: TraceNode): boolean => node.op === 'greater' || node.op === 'greaterEqual';
  for (const node of nodes) {
    if (node.op === 'constant' || node.op === 'scalar') continue;
    nodeLocal.set(node.id, index + localTypes.length);
    localTypes.push(isCondition(node) ? i32 : f64);
  }

  const push = (node: TraceNode): number[] => {
    if (node.op === 'constant') return [op.f64Const, ...f64Bytes(node.value as number)];
    if (node.op === 'scalar') return [op.localGet, ...unsignedLeb(scalarLocal.get(node.name as string) as number)];
    return [op.localGet, ...unsignedLeb(nodeLocal.get(node.id) as number)];
  };
  const address = (array: string): number[] => [
    op.localGet,
    ...unsignedLeb(arrayLocal.get(array) as number),
    op.localGet,
    ...unsignedLeb(index),
    op.i32Const,
    2,
    op.i32Shl,
    op.i32Add,
  ];
  const zero = [op.f64Const, ...f64Bytes(0)];
  const binary: Partial<Record<TraceNode['op'], number>> = {
    add: op.f64Add,
    sub: op.f64Sub,
    mul: op.f64Mul,
    div: op.f64Div,
    greater: op.f64Gt,
    greaterEqual: op.f64Ge,
  };
  const unary: Partial<Record<TraceNode['op'], number>> = { neg: op.f64Neg, sqrt: op.f64Sqrt, abs: op.f64Abs };
  // The instructions leaving `node`'s value on the stack, from its operands' locals.
  const value = (node: TraceNode): number[] => {
    const [a, b, c] = node.args;
    const binaryOp = binary[node.op];
    if (binaryOp !== undefined) return [...push(a), ...push(b), binaryOp];
    const unaryOp = unary[node.op];
    if (unaryOp !== undefined) return [...push(a), unaryOp];
    switch (node.op) {
      case 'element':
        return [...address(node.name as string), op.f32Load, 2, 0, op.f64PromoteF32];
      case 'float32':
        return [...push(a), op.f32DemoteF64, op.f64PromoteF32];
      case 'sign': // a > 0 ? 1 : a < 0 ? −1 : 0
        return [
          op.f64Const,
          ...f64Bytes(1),
          op.f64Const,
          ...f64Bytes(-1),
          ...zero,
          ...push(a),
          ...zero,
          op.f64Lt,
          op.select,
          ...push(a),
          ...zero,
          op.f64Gt,
          op.select,
        ];
      case 'max': // a > b ? a : b
        return [...push(a), ...push(b), ...push(a), ...push(b), op.f64Gt, op.select];
      case 'min': // a < b ? a : b
        return [...push(a), ...push(b), ...push(a), ...push(b), op.f64Lt, op.select];
      case 'select':
        return [...push(b), ...push(c), ...push(a), op.select];
      default:
        throw new Error(`emit-wasm-loop: no instruction for ${node.op}`);
    }
  };
  const set = (node: TraceNode): number[] => [...value(node), op.localSet, ...unsignedLeb(nodeLocal.get(node.id) as number)];
  const i = unsignedLeb(index);
  // for (i = 0; i < n; i++) { body }, or with `lanes` 2: for (; i + 2 <= n; i += 2), leaving i for a scalar loop after it.
  const loop = (body: number[], lanes: 1 | 2 = 1, fromZero = true): number[] => [
    ...(fromZero ? [op.i32Const, 0, op.localSet, ...i] : []),
    op.block,
    0x40,
    op.loop,
    0x40,
    op.localGet,
    ...i,
    ...(lanes === 2 ? [op.i32Const, 2, op.i32Add, op.localGet, 0, op.i32GtU] : [op.localGet, 0, op.i32GeU]),
    op.brIf,
    1,
    ...body,
    op.localGet,
    ...i,
    op.i32Const,
    lanes,
    op.i32Add,
    op.localSet,
    ...i,
    op.br,
    0,
    op.end,
    op.end,
  ];

  // The f64x2 main loop: a v128 local per varying node, and one per value it reads that does not vary
  // (splatted once before the loop); a condition that does not vary stays an i32 for a typed select.
  const vectorLoop = (): number[] => {
    const simdInstruction = (sub: number): number[] => [0xfd, ...unsignedLeb(sub)];
    const vectorLocal = new Map<number, number>();
    const addVectorLocal = (id: number): void => {
      vectorLocal.set(id, index + localTypes.length);
      localTypes.push(v128);
    };
    const varying = nodes.filter((n) => n.varying);
    const splatted = new Map<number, TraceNode>();
    for (const node of [...varying, ...outputs.map((o) => o.value)]) {
      const read = varying.includes(node) ? node.args : [node];
      for (const arg of read) if (!arg.varying && !isCondition(arg)) splatted.set(arg.id, arg);
    }
    // Constants `sign` needs, as nodes of their own (negative ids: never a traced node's).
    const constantNode = (id: number, value: number): TraceNode => ({ id, op: 'constant', args: [], value, varying: false });
    const one = constantNode(-1, 1),
      minusOne = constantNode(-2, -1),
      zeroNode = constantNode(-3, 0);
    for (const c of [one, minusOne, zeroNode]) splatted.set(c.id, c);
    for (const id of splatted.keys()) addVectorLocal(id);
    for (const node of varying) addVectorLocal(node.id);
    const squaresVector = index + localTypes.length;
    if (sumOfSquaresOf !== undefined) localTypes.push(v128);
    const vget = (node: TraceNode): number[] => [op.localGet, ...unsignedLeb(vectorLocal.get(node.id) as number)];
    const vbinary: Partial<Record<TraceNode['op'], number>> = {
      add: simdOp.f64x2Add,
      sub: simdOp.f64x2Sub,
      mul: simdOp.f64x2Mul,
      div: simdOp.f64x2Div,
      greater: simdOp.f64x2Gt,
      greaterEqual: simdOp.f64x2Ge,
    };
    const vunary: Partial<Record<TraceNode['op'], number>> = { neg: simdOp.f64x2Neg, sqrt: simdOp.f64x2Sqrt, abs: simdOp.f64x2Abs };
    const bitselect = simdInstruction(simdOp.bitselect);
    // Two elements of a float32 array, widened to f64x2.
    const load = (array: string): number[] => [
      ...address(array),
      ...simdInstruction(simdOp.load64Zero),
      2,
      0,
      ...simdInstruction(simdOp.f64x2PromoteLowF32x4),
    ];
    const vvalue = (node: TraceNode): number[] => {
      const [a, b, c] = node.args;
      const binaryOp = vbinary[node.op];
      if (binaryOp !== undefined) return [...vget(a), ...vget(b), ...simdInstruction(binaryOp)];
      const unaryOp = vunary[node.op];
      if (unaryOp !== undefined) return [...vget(a), ...simdInstruction(unaryOp)];
      const compare = (x: TraceNode, y: TraceNode, sub: number): number[] => [...vget(x), ...vget(y), ...simdInstruction(sub)];
      switch (node.op) {
        case 'element':
          return load(node.name as string);
        case 'float32':
          return [...vget(a), ...simdInstruction(simdOp.f32x4DemoteF64x2Zero), ...simdInstruction(simdOp.f64x2PromoteLowF32x4)];
        case 'sign': // a > 0 ? 1 : a < 0 ? −1 : 0, lane by lane
          return [
            ...vget(one),
            ...vget(minusOne),
            ...vget(zeroNode),
            ...compare(a, zeroNode, simdOp.f64x2Lt),
            ...bitselect,
            ...compare(a, zeroNode, simdOp.f64x2Gt),
            ...bitselect,
          ];
        case 'max':
          return [...vget(a), ...vget(b), ...compare(a, b, simdOp.f64x2Gt), ...bitselect];
        case 'min':
          return [...vget(a), ...vget(b), ...compare(a, b, simdOp.f64x2Lt), ...bitselect];
        case 'select':
          return a.varying
            ? [...vget(b), ...vget(c), ...vget(a), ...bitselect]
            : [...vget(b), ...vget(c), ...push(a), op.selectTyped, 1, v128];
        default:
          throw new Error(`emit-wasm-loop: no SIMD instruction for ${node.op}`);
      }
    };
    const splats = [...splatted.values()].flatMap((node) => [
      ...push(node),
      ...simdInstruction(simdOp.f64x2Splat),
      op.localSet,
      ...unsignedLeb(vectorLocal.get(node.id) as number),
    ]);
    const body = varying.flatMap((node) => [...vvalue(node), op.localSet, ...unsignedLeb(vectorLocal.get(node.id) as number)]);
    // Two running sums of x², one per lane, added together after the loop.
    const laneSquares = unsignedLeb(squaresVector);
    if (sumOfSquaresOf !== undefined) {
      const x = load(sumOfSquaresOf);
      body.push(op.localGet, ...laneSquares, ...x, ...x, ...simdInstruction(simdOp.f64x2Mul), ...simdInstruction(simdOp.f64x2Add));
      body.push(op.localSet, ...laneSquares);
    }
    for (const output of outputs) {
      body.push(
        ...address(output.array),
        ...vget(output.value),
        ...simdInstruction(simdOp.f32x4DemoteF64x2Zero),
        ...simdInstruction(simdOp.store64Lane),
        2,
        0,
        0,
      );
    }
    const laneSum =
      sumOfSquaresOf === undefined
        ? []
        : [
            ...[op.localGet, ...laneSquares, ...simdInstruction(simdOp.f64x2ExtractLane), 0],
            ...[op.localGet, ...laneSquares, ...simdInstruction(simdOp.f64x2ExtractLane), 1],
            ...[op.f64Add, op.localSet, ...unsignedLeb(squaresLocal)],
          ];
    return [...splats, ...loop(body, 2), ...laneSum];
  };

  const code: number[] = [];
  for (const node of nodes) {
    if (node.varying || node.op === 'constant' || node.op === 'scalar') continue;
    if (node.op === 'sumOfSquares') {
      const [x] = node.args;
      if (!x.varying) throw new Error('emit-wasm-loop: sumOfSquares needs a per-element value');
      const sum = unsignedLeb(nodeLocal.get(node.id) as number);
      const inner = reachable([x])
        .filter((n) => n.varying)
        .flatMap(set);
      code.push(...zero, op.localSet, ...sum);
      code.push(...loop([...inner, op.localGet, ...sum, ...push(x), ...push(x), op.f64Mul, op.f64Add, op.localSet, ...sum]));
    } else {
      code.push(...set(node));
    }
  }
  if (simd) code.push(...vectorLoop());
  const main = nodes.filter((n) => n.varying).flatMap(set);
  const squares = unsignedLeb(squaresLocal);
  if (sumOfSquaresOf !== undefined) {
    const x = [...address(sumOfSquaresOf), op.f32Load, 2, 0, op.f64PromoteF32];
    main.push(op.localGet, ...squares, ...x, ...x, op.f64Mul, op.f64Add, op.localSet, ...squares);
  }
  for (const output of outputs) main.push(...address(output.array), ...push(output.value), op.f32DemoteF64, op.f32Store, 2, 0);
  code.push(...loop(main, 1, !simd), ...(sumOfSquaresOf === undefined ? [] : [op.localGet, ...squares]), op.end);

  const params = [i32, ...arrays.map(() => i32), ...scalars.map(() => f64)];
  const bytes = moduleBytes(
    { name: 'update', params, results: sumOfSquaresOf === undefined ? [] : [f64], locals: localTypes, code },
    sharedMemory,
  );
  return { bytes, arrays, scalars };
}

/**
 * A module importing `env.memory` (shared with the threaded build's limits
 * when `sharedMemory`) and exporting one function.
 *
 * @param fn - Its export name, parameter and result types, local types after the parameters, and body (ending in `end`).
 * @param sharedMemory - The imported memory is shared.
 */
export function moduleBytes(
  fn: { name: string; params: readonly number[]; results: readonly number[]; locals: readonly number[]; code: readonly number[] },
  sharedMemory: boolean,
): Uint8Array {
  const body = [...vector(fn.locals.map((type) => [1, type])), ...fn.code];
  const memoryLimits = sharedMemory ? [0x03, 0, ...unsignedLeb(65536)] : [0x00, 0];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector(fn.params.map((t) => [t])), ...vector(fn.results.map((t) => [t]))]])),
    ...section(2, vector([[...text('env'), ...text('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...text(fn.name), 0x00, 0]])),
    ...section(10, vector([[...unsignedLeb(body.length), ...body]])),
  ];
  return Uint8Array.from(bytes);
}
