/**
 * LSTM and GRU nodes unrolled over time into standard ops (Gather, MatMul,
 * Add, Split, Sigmoid, Tanh, Mul, Concat), before differentiation, so the
 * existing rules give their gradients. The sequence length must be fixed.
 */
import { intAttribute, nodeLabel, stringAttribute } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { DataType, type NodeProto } from '../onnx/onnx-proto.js';
import { GraphEmitter } from './graph-emitter.js';
import type { ShapeTable } from './shape-inference.js';

const RECURRENT = new Set(['LSTM', 'GRU']);

/**
 * Replaces every LSTM/GRU node with its unrolled form: ONNX gate orders
 * (LSTM i, o, f, c; GRU z, r, h), default activations, forward, reverse or
 * bidirectional, optional biases and initial states, GRU with or without
 * `linear_before_reset`. Peepholes, `sequence_lens`, `clip`, custom
 * activations and `layout` 1 are refused, naming the node.
 */
export function unrollRecurrent(nodes: readonly NodeProto[], shapes: ShapeTable, names: Set<string>): NodeProto[] {
  if (!nodes.some((n) => RECURRENT.has(n.opType ?? ''))) return [...nodes];
  const out: NodeProto[] = [];
  nodes.forEach((node, index) => {
    const op = node.opType ?? '';
    if (!RECURRENT.has(op)) {
      out.push(node);
      return;
    }
    const label = nodeLabel(node, `#${index}`);
    const fail = (message: string, attribute?: string): never => {
      throw new OnnxGraphError(`${op} node "${label}": ${message}`, { node: label, opType: op, ...(attribute ? { attribute } : {}) });
    };
    for (const a of node.attribute ?? []) {
      if (!['hidden_size', 'direction', 'linear_before_reset', 'layout', 'input_forget'].includes(a.name ?? '')) {
        fail(`attribute ${a.name ?? ''} is not supported when unrolling`, a.name ?? '');
      }
    }
    if (intAttribute(node, 'layout', 0) !== 0) fail('layout 1 is not supported', 'layout');
    if (intAttribute(node, 'input_forget', 0) !== 0) fail('input_forget 1 is not supported', 'input_forget');
    const input = (i: number): string => node.input?.[i] ?? '';
    if (input(4) !== '') fail(`sequence_lens ("${input(4)}") is not supported; export without packed sequences`);
    if (op === 'LSTM' && input(7) !== '') fail('peephole weights are not supported');
    const x = input(0);
    const length = shapes.dims(x)?.[0];
    const steps =
      typeof length === 'number' ? length : fail(`the sequence length of "${x}" must be fixed to unroll it (export with a fixed length)`);
    const hidden = intAttribute(node, 'hidden_size', 0);
    if (hidden <= 0) fail('hidden_size must be given', 'hidden_size');
    const direction = stringAttribute(node, 'direction', 'forward');
    const directions = direction === 'bidirectional' ? ['forward', 'reverse'] : [direction];
    const gates = op === 'LSTM' ? 4 : 3;
    const emit = new GraphEmitter(shapes.dataType(x) ?? DataType.FLOAT, names);
    emit.scope = label;
    const scalar = (v: number): string => emit.ints([v], []);
    const batchShape = emit.op('Concat', [emit.op('Slice', [emit.shape(x), emit.ints([1]), emit.ints([2])]), emit.ints([hidden])], {
      axis: 0,
    });
    const ys: string[] = [];
    const lastH: string[] = [];
    const lastC: string[] = [];
    directions.forEach((dir, d) => {
      const w = emit.op('Transpose', [emit.op('Gather', [input(1), scalar(d)], { axis: 0 })], { perm: [1, 0] });
      const rd = emit.op('Gather', [input(2), scalar(d)], { axis: 0 });
      const r = emit.op('Transpose', [rd], { perm: [1, 0] });
      const biases =
        input(3) !== ''
          ? emit.opN(
              'Split',
              [emit.op('Gather', [input(3), scalar(d)], { axis: 0 }), emit.ints([gates * hidden, gates * hidden])],
              { axis: 0 },
              2,
            )
          : undefined;
      let h = input(5) !== '' ? emit.op('Gather', [input(5), scalar(d)], { axis: 0 }) : emit.filled(batchShape, 0);
      let c = op === 'LSTM' ? (input(6) !== '' ? emit.op('Gather', [input(6), scalar(d)], { axis: 0 }) : emit.filled(batchShape, 0)) : '';
      const perStep = new Array<string>(steps);
      const sizes = emit.ints(new Array<number>(gates).fill(hidden));
      const withBias = (t: string, b: string | undefined): string => (b ? emit.op('Add', [t, b]) : t);
      for (let k = 0; k < steps; k++) {
        const t = dir === 'reverse' ? steps - 1 - k : k;
        const xt = emit.op('Gather', [x, scalar(t)], { axis: 0 });
        const fromX = withBias(emit.op('MatMul', [xt, w]), biases?.[0]);
        if (op === 'LSTM') {
          const all = emit.op('Add', [fromX, withBias(emit.op('MatMul', [h, r]), biases?.[1])]);
          const [i, o, f, g] = emit.opN('Split', [all, sizes], { axis: 1 }, 4);
          c = emit.op('Add', [
            emit.op('Mul', [emit.op('Sigmoid', [f]), c]),
            emit.op('Mul', [emit.op('Sigmoid', [i]), emit.op('Tanh', [g])]),
          ]);
          h = emit.op('Mul', [emit.op('Sigmoid', [o]), emit.op('Tanh', [c])]);
        } else {
          const [xz, xr, xh] = emit.opN('Split', [fromX, sizes], { axis: 1 }, 3);
          const hr = withBias(emit.op('MatMul', [h, r]), biases?.[1]);
          const [hz, hrr, hh] = emit.opN('Split', [hr, sizes], { axis: 1 }, 3);
          const z = emit.op('Sigmoid', [emit.op('Add', [xz, hz])]);
          const reset = emit.op('Sigmoid', [emit.op('Add', [xr, hrr])]);
          let candidate: string;
          if (intAttribute(node, 'linear_before_reset', 0) === 1) {
            candidate = emit.op('Tanh', [emit.op('Add', [xh, emit.op('Mul', [reset, hh])])]);
          } else {
            // (r ⊙ h)·Rhᵀ + Rbh: the h-gate rows of R and of its bias, applied after the reset.
            const rh = emit.op('Transpose', [emit.op('Slice', [rd, emit.ints([2 * hidden]), emit.ints([3 * hidden]), emit.ints([0])])], {
              perm: [1, 0],
            });
            const rbh = biases
              ? emit.op('Slice', [biases[1], emit.ints([2 * hidden]), emit.ints([3 * hidden]), emit.ints([0])])
              : undefined;
            candidate = emit.op('Tanh', [emit.op('Add', [xh, withBias(emit.op('MatMul', [emit.op('Mul', [reset, h]), rh]), rbh)])]);
          }
          h = emit.op('Add', [emit.op('Mul', [emit.op('Sub', [emit.float(1), z]), candidate]), emit.op('Mul', [z, h])]);
        }
        perStep[t] = emit.op('Unsqueeze', [h, emit.ints([0, 1])]);
      }
      ys.push(emit.op('Concat', perStep, { axis: 0 }));
      lastH.push(emit.op('Unsqueeze', [h, emit.ints([0])]));
      if (op === 'LSTM') lastC.push(emit.op('Unsqueeze', [c, emit.ints([0])]));
    });
    const results: [string, string[], number][] = [
      [node.output?.[0] ?? '', ys, 1],
      [node.output?.[1] ?? '', lastH, 0],
      [op === 'LSTM' ? (node.output?.[2] ?? '') : '', lastC, 0],
    ];
    for (const [name, parts, axis] of results) {
      if (name === '') continue;
      emit.opN(parts.length === 1 ? 'Identity' : 'Concat', parts, parts.length === 1 ? {} : { axis }, [name]);
    }
    out.push(...emit.nodes);
  });
  return out;
}
