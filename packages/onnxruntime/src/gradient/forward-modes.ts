/**
 * Training and inference modes of BatchNormalization and Dropout: the forward
 * nodes are rewritten before differentiation, so the rest of the builder
 * sees standard ops with gradient rules.
 *
 * - BatchNormalization in training mode becomes batch statistics written out
 *   (ReduceMean, Sub, Mul, Div, Sqrt, Add), plus the updated running
 *   statistics as extra outputs, with ONNX's momentum convention
 *   (running = running·momentum + batch·(1 − momentum); PyTorch's
 *   `momentum=0.1` exports as 0.9) and PyTorch's unbiased batch variance for
 *   the running variance. The running statistics become state: graph inputs
 *   fed by the trainer, never trained.
 * - BatchNormalization in inference mode stays a node (its rule freezes the
 *   statistics).
 * - Dropout in training mode becomes X·(noise ≥ ratio)/(1 − ratio), with the
 *   uniform noise a graph input the trainer fills from a seeded generator
 *   (so the stream can be checkpointed; ONNX Runtime's own Dropout cannot be
 *   reseeded). In inference mode it is the identity.
 */
import { intAttribute, floatAttribute, nodeLabel, tensorAttribute } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { DataType, decodeModel, encodeModel, onnx, type NodeProto, type TensorProto } from '../onnx/onnx-proto.js';
import { readTensorValues } from '../onnx/tensor-proto.js';
import { GraphEmitter } from './graph-emitter.js';
import { factorsOf, type ShapeTable } from './shape-inference.js';
import type { LayerMode, RandomInput, StateTensor } from './training-graph.js';

/** The forward nodes with BatchNormalization/Dropout in their chosen modes, and what the trainer must feed and read back. */
export interface ModeRewrite {
  nodes: NodeProto[];
  /** Running statistics updated by training-mode BatchNormalization. */
  state: StateTensor[];
  /** Noise inputs of training-mode Dropout. */
  random: RandomInput[];
}

/** The values of a constant (initializer or Constant node), when the tensor is one. */
function constantValues(name: string, nodes: readonly NodeProto[], initializers: ReadonlyMap<string, TensorProto>): number[] | undefined {
  const init = initializers.get(name);
  const tensor = init ?? nodes.find((n) => n.opType === 'Constant' && n.output?.[0] === name);
  if (!tensor) return undefined;
  const proto = init ?? tensorAttribute(tensor as NodeProto, 'value');
  if (!proto) return undefined;
  const { values } = readTensorValues(proto);
  return Array.from(values as ArrayLike<number | bigint | boolean>, (v) => Number(v));
}

/**
 * Rewrites every BatchNormalization and Dropout node for `mode`:
 * `'preserve'` keeps the mode each was exported in (BatchNormalization's
 * `training_mode` attribute, Dropout's `training_mode` input), `'training'`
 * and `'eval'` force one. `dataInputs` maps each symbolic dim name to an
 * input and axis that carries it, so Dropout noise can be sized per batch.
 */
export function applyLayerModes(
  nodes: readonly NodeProto[],
  shapes: ShapeTable,
  initializers: ReadonlyMap<string, TensorProto>,
  mode: LayerMode,
  opset: number,
  names: Set<string>,
  symbolSources: ReadonlyMap<string, { input: string; axis: number }>,
): ModeRewrite {
  const out: NodeProto[] = [];
  const state: StateTensor[] = [];
  const random: RandomInput[] = [];
  nodes.forEach((node, index) => {
    const op = node.opType ?? '';
    if (op !== 'BatchNormalization' && op !== 'Dropout') {
      out.push(node);
      return;
    }
    const label = nodeLabel(node, `#${index}`);
    const fail = (message: string): never => {
      throw new OnnxGraphError(`${op} node "${label}": ${message}`, { node: label, opType: op });
    };
    const x = node.input?.[0] ?? '';
    const floatType = shapes.dataType(x) ?? DataType.FLOAT;
    const emit = new GraphEmitter(floatType, names);
    emit.scope = label;
    if (op === 'BatchNormalization') {
      const exported = intAttribute(node, 'training_mode', 0) === 1;
      const training = mode === 'training' || (mode === 'preserve' && exported);
      if (!training) {
        out.push(
          onnx.NodeProto.create({
            ...node,
            output: [node.output?.[0] ?? ''],
            attribute: (node.attribute ?? []).filter((a) => a.name !== 'training_mode'),
          }),
        );
        return;
      }
      const rank = shapes.rank(x) ?? fail(`the rank of "${x}" is unknown; training-mode batch statistics need it`);
      const [, scale, bias, runningMean, runningVar] = node.input ?? [];
      for (const stat of [runningMean, runningVar]) {
        if (!initializers.has(stat)) fail(`the running statistic "${stat}" is not an initializer; it cannot be kept as state`);
      }
      const momentum = Math.fround(floatAttribute(node, 'momentum', 0.9));
      const epsilon = floatAttribute(node, 'epsilon', 1e-5);
      const axes = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
      const mean = (t: string): string =>
        opset >= 18 ? emit.op('ReduceMean', [t, emit.ints(axes)], { keepdims: 1 }) : emit.op('ReduceMean', [t], { axes, keepdims: 1 });
      const column = emit.ints([1, -1, ...new Array<number>(rank - 2).fill(1)]);
      const batchMean = mean(x);
      const centered = emit.op('Sub', [x, batchMean]);
      const batchVar = mean(emit.op('Mul', [centered, centered]));
      const normalized = emit.op('Div', [centered, emit.op('Sqrt', [emit.op('Add', [batchVar, emit.float(epsilon)])])]);
      const scaled = emit.op('Mul', [normalized, emit.op('Reshape', [scale, column])]);
      emit.opN('Add', [scaled, emit.op('Reshape', [bias, column])], {}, [node.output?.[0] ?? '']);
      // Running statistics: PyTorch updates the variance with the unbiased batch variance n/(n − 1)·var.
      const count = emit.op('Cast', [emit.op('Div', [emit.op('Size', [x]), emit.op('Size', [batchMean])])], { to: floatType });
      const unbiased = emit.op('Div', [emit.op('Mul', [batchVar, count]), emit.op('Sub', [count, emit.float(1)])]);
      const blend = (running: string, batch: string, output: string | undefined): string => {
        const name = output && output !== '' ? output : emit.fresh(`${running}/updated`);
        emit.opN(
          'Add',
          [
            emit.op('Mul', [running, emit.float(momentum)]),
            emit.op('Mul', [emit.op('Reshape', [batch, emit.ints([-1])]), emit.float(1 - momentum)]),
          ],
          {},
          [name],
        );
        return name;
      };
      state.push({ name: runningMean, output: blend(runningMean, batchMean, node.output?.[1]) });
      state.push({ name: runningVar, output: blend(runningVar, unbiased, node.output?.[2]) });
      out.push(...emit.nodes);
      return;
    }
    // Dropout
    const ratioInput = node.input?.[1] ?? '';
    const modeInput = node.input?.[2] ?? '';
    let exported = false;
    if (modeInput !== '') {
      const flag = constantValues(modeInput, nodes, initializers);
      if (!flag) fail(`training_mode input "${modeInput}" is not a constant; export with a fixed mode`);
      exported = flag![0] !== 0;
    }
    const training = mode === 'training' || (mode === 'preserve' && exported);
    const y = node.output?.[0] ?? '';
    const maskOutput = node.output?.[1] ?? '';
    if (!training) {
      if (maskOutput !== '' && nodes.some((n) => (n.input ?? []).includes(maskOutput)))
        fail('its mask output is used; inference-mode Dropout has no mask');
      emit.opN('Identity', [x], {}, [y]);
      out.push(...emit.nodes);
      return;
    }
    let ratio = 0.5;
    if (ratioInput !== '') {
      const values = constantValues(ratioInput, nodes, initializers);
      if (!values) fail(`the ratio "${ratioInput}" is not a constant`);
      ratio = values![0];
    } else ratio = floatAttribute(node, 'ratio', 0.5);
    if (!(ratio >= 0 && ratio < 1)) fail(`ratio ${ratio} is outside [0, 1)`);
    const dims = shapes.dims(x);
    const sized = dims?.map((d) => {
      if (typeof d === 'number') return d;
      const factors = factorsOf(d);
      const sources = factors?.symbols.map((symbol) => symbolSources.get(symbol));
      if (!factors || !sources || sources.some((source) => source === undefined)) return undefined;
      return { symbol: d as string, scale: factors.coefficient, sources: sources as { input: string; axis: number }[] };
    });
    if (!sized || sized.some((d) => d === undefined)) {
      fail(
        `the shape of its input "${x}" (${dims ? `[${dims.join(', ')}]` : 'unknown rank'}) must be fixed or made of the model inputs' symbolic dims, to size its noise`,
      );
    }
    const noise = emit.fresh(`${label}/noise`);
    random.push({ name: noise, dims: sized as RandomInput['dims'], ratio, node: label, dataType: floatType });
    const keep = emit.opN('GreaterOrEqual', [noise, emit.float(ratio)], {}, [
      maskOutput !== '' ? maskOutput : emit.fresh(`${label}/mask`),
    ])[0];
    const scale = emit.op('Mul', [emit.op('Cast', [keep], { to: floatType }), emit.float(1 / (1 - ratio))]);
    emit.opN('Mul', [x, scale], {}, [y]);
    out.push(...emit.nodes);
  });
  return { nodes: out, state, random };
}

/**
 * The model with every BatchNormalization and Dropout in inference mode, as
 * `exportModel` writes it: BatchNormalization loses `training_mode` and its
 * running-statistic outputs, Dropout its `training_mode` input. The same
 * bytes when nothing is in training mode.
 */
export function inferenceModeModel(model: Uint8Array): Uint8Array {
  const proto = decodeModel(model);
  let changed = false;
  for (const node of proto.graph?.node ?? []) {
    if (node.opType === 'BatchNormalization' && (node.attribute ?? []).some((a) => a.name === 'training_mode')) {
      node.attribute = (node.attribute ?? []).filter((a) => a.name !== 'training_mode');
      node.output = [node.output?.[0] ?? ''];
      changed = true;
    } else if (node.opType === 'Dropout' && (node.input ?? []).length > 2) {
      node.input = (node.input ?? []).slice(0, 2);
      changed = true;
    }
  }
  return changed ? encodeModel(onnx.ModelProto.create(proto)) : model;
}
