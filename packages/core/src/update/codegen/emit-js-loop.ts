import type { TraceNode } from './trace-ops.js';

/** One array the loop writes: `array[i] = value`. */
export interface LoopOutput {
  /** The array's variable name in the emitted function (as given to `Tracer.element`). */
  array: string;
  /** The value written at each index. */
  value: TraceNode;
}

/** The nodes the outputs depend on, in creation (dependency) order. */
export function reachable(outputs: readonly TraceNode[]): TraceNode[] {
  const seen = new Map<number, TraceNode>();
  const visit = (node: TraceNode): void => {
    if (seen.has(node.id)) return;
    seen.set(node.id, node);
    node.args.forEach(visit);
  };
  outputs.forEach(visit);
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

/** The trace's binary operations written infix, the same in JavaScript and GLSL. */
export const infix: Partial<Record<TraceNode['op'], string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  greater: '>',
  greaterEqual: '>=',
};

function ref(node: TraceNode): string {
  if (node.op === 'constant') {
    const value = node.value as number;
    return value < 0 || Object.is(value, -0) ? `(${Object.is(value, -0) ? '-0' : String(value)})` : String(value);
  }
  return `v${node.id}`;
}

/** The JS expression computing `node` from its operands' variables. */
function expression(node: TraceNode): string {
  const [a, b, c] = node.args.map(ref);
  const op = infix[node.op];
  if (op !== undefined) return `${a} ${op} ${b}`;
  switch (node.op) {
    case 'element':
      return `${node.name}[i]`;
    case 'scalar':
      return node.name as string;
    case 'neg':
      return `-${a}`;
    case 'sqrt':
      return `Math.sqrt(${a})`;
    case 'abs':
      return `Math.abs(${a})`;
    case 'float32':
      return `Math.fround(${a})`;
    case 'sign':
      return `${a} > 0 ? 1 : ${a} < 0 ? -1 : 0`;
    case 'max':
      return `${a} > ${b} ? ${a} : ${b}`;
    case 'min':
      return `${a} < ${b} ? ${a} : ${b}`;
    case 'select':
      return `${a} ? ${b} : ${c}`;
    default:
      throw new Error(`emit-js-loop: no expression for ${node.op}`);
  }
}

/**
 * The body of a fused loop over `n` elements computing `outputs` (JS source,
 * statements only): values that do not vary per element are computed once
 * before the loop; each `sumOfSquares` gets a pass of its own before the
 * values that use it; the main loop reads every input once, computes each
 * value once, and writes the outputs last (so an array may be read and
 * written in place).
 *
 * @param outputs - What to write.
 * @param indent - Leading whitespace of each line.
 */
export function emitJsLoop(outputs: readonly LoopOutput[], indent = '  '): string {
  const nodes = reachable(outputs.map((o) => o.value));
  const lines: string[] = [];
  const varyingFor = (roots: readonly TraceNode[]): TraceNode[] => reachable(roots).filter((node) => node.varying);
  for (const node of nodes) {
    if (node.varying || node.op === 'constant') continue;
    if (node.op === 'sumOfSquares') {
      const [x] = node.args;
      if (!x.varying) throw new Error('emit-js-loop: sumOfSquares needs a per-element value');
      lines.push(`${indent}let v${node.id} = 0;`);
      lines.push(`${indent}for (let i = 0; i < n; i++) {`);
      for (const inner of varyingFor([x])) lines.push(`${indent}  const v${inner.id} = ${expression(inner)};`);
      lines.push(`${indent}  v${node.id} += ${ref(x)} * ${ref(x)};`);
      lines.push(`${indent}}`);
    } else {
      lines.push(`${indent}const v${node.id} = ${expression(node)};`);
    }
  }
  lines.push(`${indent}for (let i = 0; i < n; i++) {`);
  for (const node of nodes) if (node.varying) lines.push(`${indent}  const v${node.id} = ${expression(node)};`);
  for (const output of outputs) lines.push(`${indent}  ${output.array}[i] = ${ref(output.value)};`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}
