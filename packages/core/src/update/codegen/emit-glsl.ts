import { infix, reachable } from './emit-js-loop.js';
import type { LoopOutput } from './emit-js-loop.js';
import { float64Ops } from '../ops/float64-ops.js';
import type { Float64Condition, Float64Value } from '../ops/float64-ops.js';
import type { TraceNode, TraceOp } from './trace-ops.js';

/** One shader computing one output array element-wise (a tfjs-webgl `GPGPUProgram`'s variable parts). */
export interface GlslProgram {
  /** The array it computes (`p`, `slot0`, …). */
  output: string;
  /** The element inputs it samples, in `variableNames` order (`p` is sampled with `getPAtOutCoords()`). */
  inputs: string[];
  /** Its `float` uniforms, named `u<node id>`; values from {@link GlslUpdate.uniformValues}. */
  uniforms: string[];
  /** The body: `void main() { … setOutput(…); }`. */
  userCode: string;
}

/** A traced update as shaders, one per output, and the per-step values of their uniforms. */
export interface GlslUpdate {
  /** One program per output, in the outputs' order. */
  programs: GlslProgram[];
  /** The scalar inputs (`Tracer.scalar` names) the uniforms are computed from. */
  scalars: string[];
  /**
   * Every uniform's value for one update, by name, computed in float64 from
   * the scalar inputs' values (in {@link GlslUpdate.scalars} order).
   */
  uniformValues(scalarValues: readonly number[]): Record<string, number>;
}

/** A GLSL ES float literal (a bare `1` would be an int). */
function literal(value: number): string {
  const text = Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  return value < 0 || Object.is(value, -0) ? `(${Object.is(value, -0) ? '-0.0' : text})` : text;
}

const samplerOf = (name: string): string => `get${name[0].toUpperCase()}${name.slice(1)}AtOutCoords()`;

const isCondition = (node: TraceNode): boolean => node.op === 'greater' || node.op === 'greaterEqual';

/** A node that does not vary per element, evaluated by core's float64 interpreter from its operands' values. */
function evaluate(node: TraceNode, args: readonly (Float64Value | Float64Condition)[]): Float64Value | Float64Condition {
  if (node.op === 'constant') return node.value as number;
  if (node.op === 'float32') return Math.fround(args[0] as number);
  const operation = float64Ops[node.op as Exclude<TraceOp, 'element' | 'scalar' | 'constant' | 'float32'>] as (
    ...operands: (Float64Value | Float64Condition)[]
  ) => Float64Value | Float64Condition;
  return operation(...args);
}

/**
 * A traced update as GLSL, for tfjs's webgl backend: one program per output,
 * each computing its value element-wise from the sampled inputs (a value two
 * outputs need is computed in both). What does not vary per element (bias
 * corrections, step sizes, decay factors) is computed once per update in
 * float64 on the CPU and passed as uniforms, so it keeps the precision the
 * JS loops give it and the shaders compile once, not per step. The per-element
 * arithmetic is the shader's float32. Only GLSL text is produced (no JS is
 * evaluated). A reduction (`sumOfSquares`) would need a pass of its own over
 * the whole array: programs reading one are refused with an error, and the
 * caller runs the update another way.
 *
 * @param outputs - What to write.
 */
export function emitGlsl(outputs: readonly LoopOutput[]): GlslUpdate {
  const nodes = reachable(outputs.map((o) => o.value));
  if (nodes.some((node) => node.op === 'sumOfSquares')) throw new Error('emit-glsl: a reduction (sumOfSquares) needs a pass of its own');
  const scalars = nodes.filter((n) => n.op === 'scalar').map((n) => n.name as string);
  // Uniforms: the values that do not vary per element, read by a value that does (or written as an output).
  const isUniform = (node: TraceNode): boolean => !node.varying && node.op !== 'constant';
  // A condition passed as a uniform is a float (1 or 0), compared back to a bool where it is read.
  const ref = (node: TraceNode): string => {
    if (node.op === 'constant') return literal(node.value as number);
    if (!isUniform(node)) return `v${node.id}`;
    return isCondition(node) ? `(u${node.id} != 0.0)` : `u${node.id}`;
  };
  const expression = (node: TraceNode): string => {
    const [a, b, c] = node.args.map(ref);
    const op = infix[node.op];
    if (op !== undefined) return `${a} ${op} ${b}`;
    switch (node.op) {
      case 'element':
        return samplerOf(node.name as string);
      case 'neg':
        return `-${a}`;
      case 'sqrt':
        return `sqrt(${a})`;
      case 'abs':
        return `abs(${a})`;
      case 'float32': // a shader's float is float32 already
        return a;
      case 'sign':
        return `${a} > 0.0 ? 1.0 : ${a} < 0.0 ? -1.0 : 0.0`;
      case 'max': // as the JS loops, not GLSL's max (whose NaN handling is unspecified)
        return `${a} > ${b} ? ${a} : ${b}`;
      case 'min':
        return `${a} < ${b} ? ${a} : ${b}`;
      case 'select':
        return `${a} ? ${b} : ${c}`;
      default:
        throw new Error(`emit-glsl: no expression for ${node.op}`);
    }
  };
  const programs = outputs.map((output): GlslProgram => {
    const own = reachable([output.value]);
    const varying = own.filter((n) => n.varying);
    const uniformNodes = own.filter((n) => isUniform(n) && (n === output.value || varying.some((v) => v.args.includes(n))));
    const lines = varying.map((n) => `  ${isCondition(n) ? 'bool' : 'float'} v${n.id} = ${expression(n)};`);
    return {
      output: output.array,
      inputs: own.filter((n) => n.op === 'element').map((n) => n.name as string),
      uniforms: uniformNodes.map((n) => `u${n.id}`),
      userCode: ['void main() {', ...lines, `  setOutput(${ref(output.value)});`, '}'].join('\n'),
    };
  });
  const uniformNodes = nodes.filter(isUniform);
  return {
    programs,
    scalars,
    uniformValues(scalarValues) {
      const values = new Map<number, Float64Value | Float64Condition>();
      const scalarIndex = new Map(scalars.map((name, k) => [name, k]));
      const computed = (n: TraceNode): Float64Value | Float64Condition => values.get(n.id) ?? (n.value as number);
      const out: Record<string, number> = {};
      for (const node of uniformNodes) {
        const value =
          node.op === 'scalar' ? scalarValues[scalarIndex.get(node.name as string) as number] : evaluate(node, node.args.map(computed));
        values.set(node.id, value);
        out[`u${node.id}`] = typeof value === 'boolean' ? Number(value) : (value as number);
      }
      return out;
    },
  };
}
