/**
 * One error for every op between the parameters and the loss that has no
 * gradient rule, so a user sees the whole list at once with what to do.
 */
import { OnnxGraphError } from '../onnx/errors.js';

/** A forward node the builder cannot differentiate. */
export interface MissingRule {
  node: string;
  opType: string;
}

/** Recurrent ops that are not unrolled (LSTM and GRU are, see `recurrent-unroll.ts`). */
const RECURRENT = new Set(['RNN']);
const CONTROL_FLOW = new Set(['Loop', 'If', 'Scan']);

/** Advice that depends on which ops are missing. */
function adviceFor(opTypes: ReadonlySet<string>): string[] {
  const advice: string[] = [];
  const recurrent = [...opTypes].filter((op) => RECURRENT.has(op));
  if (recurrent.length > 0) {
    advice.push(
      `${recurrent.join('/')} is a recurrent layer, which has no gradient rule: freeze it (leave its weights out of \`trainable\`) and train the layers after it, or replace it (e.g. with Conv1d or attention)`,
    );
  }
  if ([...opTypes].some((op) => CONTROL_FLOW.has(op))) {
    advice.push('control flow (Loop/If/Scan) has no gradient rule: export with fixed shapes so tracing unrolls it');
  }
  advice.push(
    'when these nodes sit in early layers, freeze those layers: list only the later weights in `trainable` (only ops between a trained parameter and the loss need a rule)',
  );
  advice.push(
    'check the export settings in the @weight-decay/onnxruntime README (e.g. `training=torch.onnx.TrainingMode.PRESERVE` keeps BatchNormalization as a node of its own instead of folding it into the Conv)',
  );
  return advice;
}

/** The error listing every node without a rule, grouped by op type, with advice. */
export function missingRulesError(missing: readonly MissingRule[]): OnnxGraphError {
  const byOp = new Map<string, string[]>();
  for (const { node, opType } of missing) {
    const list = byOp.get(opType);
    if (list) list.push(node);
    else byOp.set(opType, [node]);
  }
  const listed = [...byOp].map(
    ([op, nodes]) => `${op} (${nodes.length === 1 ? 'node' : 'nodes'} ${nodes.map((n) => `"${n}"`).join(', ')})`,
  );
  const count = byOp.size === 1 ? 'op' : `${byOp.size} ops`;
  const message = [
    `no gradient rule for ${count} between the parameters and the loss: ${listed.join('; ')}`,
    ...adviceFor(new Set(byOp.keys())).map((a) => `- ${a}`),
  ].join('\n');
  const first = missing[0];
  return new OnnxGraphError(message, { node: first.node, opType: first.opType, nodes: missing });
}
