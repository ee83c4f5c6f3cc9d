import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { buildTrainingGraph } from './build-training-graph.js';
import { checkGradients, f32, FLOAT32_FD, PROBE, probeLoss, seeded, uniform } from './fd-check.test-util.js';

const rand = seeded(131);

/**
 * LSTM/GRU unrolled into standard ops, against finite differences of onnxruntime's own LSTM/GRU
 * kernels (float32: the loss is smooth in every weight; values in ±0.5 keep the gates away from
 * saturation, where float32 differences lose their digits).
 */
describe('LSTM and GRU, unrolled over a fixed sequence length', () => {
  const cases: { op: 'LSTM' | 'GRU'; direction: string; linearBeforeReset?: number; initial: boolean }[] = [
    { op: 'LSTM', direction: 'forward', initial: false },
    { op: 'LSTM', direction: 'bidirectional', initial: true },
    { op: 'GRU', direction: 'forward', linearBeforeReset: 1, initial: false },
    { op: 'GRU', direction: 'reverse', linearBeforeReset: 0, initial: true },
  ];
  for (const c of cases) {
    it(`${c.op} ${c.direction}${c.linearBeforeReset !== undefined ? `, linear_before_reset ${c.linearBeforeReset}` : ''}${c.initial ? ', initial states' : ''}`, async () => {
      const [steps, batch, inputSize, hidden] = [3, 2, 2, 3];
      const dirs = c.direction === 'bidirectional' ? 2 : 1;
      const gates = c.op === 'LSTM' ? 4 : 3;
      const g = new GraphBuilder()
        .input('x', 'float32', [steps, 'batch', inputSize])
        .initializer('W', 'float32', [dirs, gates * hidden, inputSize], uniform(rand, dirs * gates * hidden * inputSize, -0.5, 0.5))
        .initializer('R', 'float32', [dirs, gates * hidden, hidden], uniform(rand, dirs * gates * hidden * hidden, -0.5, 0.5))
        .initializer('B', 'float32', [dirs, 2 * gates * hidden], uniform(rand, dirs * 2 * gates * hidden, -0.5, 0.5));
      const inputs = ['x', 'W', 'R', 'B'];
      if (c.initial) {
        g.initializer('h0', 'float32', [dirs, batch, hidden], uniform(rand, dirs * batch * hidden, -0.5, 0.5));
        inputs.push('', 'h0');
        if (c.op === 'LSTM') {
          g.initializer('c0', 'float32', [dirs, batch, hidden], uniform(rand, dirs * batch * hidden, -0.5, 0.5));
          inputs.push('c0');
        }
      }
      const attrs: Record<string, number | string> = { hidden_size: hidden, direction: c.direction };
      if (c.linearBeforeReset !== undefined) attrs.linear_before_reset = c.linearBeforeReset;
      g.node(c.op, inputs, ['Y', 'Y_h'], attrs, 'rnn')
        .node('ReduceSum', ['Y_h'], ['last'], { keepdims: 0 })
        .node('Mul', ['Y', 'last'], ['Z']);
      const x = f32(uniform(rand, steps * batch * inputSize, -1, 1), [steps, batch, inputSize]);
      await checkGradients(probeLoss(g, 'Z', [steps, dirs, batch, hidden], 'float32').build(), { loss: PROBE }, { x }, FLOAT32_FD);
    }, 30_000); // a few hundred onnxruntime runs (two per weight element), slow on a loaded machine
  }

  it('refuses a symbolic sequence length and peepholes, naming the node', () => {
    const model = (xDims: (number | string)[], inputs: string[]): Uint8Array =>
      probeLoss(
        new GraphBuilder()
          .input('x', 'float32', xDims)
          .initializer('W', 'float32', [1, 8, 1], uniform(rand, 8))
          .initializer('R', 'float32', [1, 8, 2], uniform(rand, 16))
          .initializer('P', 'float32', [1, 6], uniform(rand, 6))
          .node('LSTM', inputs, ['Y'], { hidden_size: 2 }, 'lstm'),
        'Y',
        [3, 1, 1, 2],
        'float32',
      ).build();
    expect(() => buildTrainingGraph(model(['seq', 1, 1], ['x', 'W', 'R']), { loss: PROBE })).toThrow(
      /LSTM node "lstm": the sequence length/,
    );
    expect(() => buildTrainingGraph(model([3, 1, 1], ['x', 'W', 'R', '', '', '', '', 'P']), { loss: PROBE })).toThrow(
      /LSTM node "lstm": peephole/,
    );
  });
});
