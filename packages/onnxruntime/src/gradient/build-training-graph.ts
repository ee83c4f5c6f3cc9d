/**
 * The reverse-mode builder: forward ONNX model + loss → training ONNX model
 * whose outputs are the loss, the forward outputs and one gradient per
 * trainable parameter, all with standard ai.onnx ops.
 */
import { nodeLabel } from '../onnx/attributes.js';
import { OnnxGraphError } from '../onnx/errors.js';
import { makeValueInfo } from '../onnx/graph-builder.js';
import {
  DataType,
  decodeModel,
  encodeModel,
  fixedDimValue,
  int64ToNumber,
  onnx,
  type GraphProto,
  type NodeProto,
  type ValueInfoProto,
} from '../onnx/onnx-proto.js';
import { tensorDims } from '../onnx/tensor-proto.js';
import { untieIdentityInitializers } from '../onnx/untie-initializers.js';
import { GraphEmitter } from './graph-emitter.js';
import { makeRuleContext, type GradientRule } from './gradient-rule.js';
import { applyLayerModes, type ModeRewrite } from './forward-modes.js';
import { appendLoss } from './loss-nodes.js';
import { unrollRecurrent } from './recurrent-unroll.js';
import { missingRulesError, type MissingRule } from './missing-rules.js';
import { aiOnnxOpset, graphNames, requireStandardOps } from './model-checks.js';
import { MIN_TRAINING_OPSET, upgradeNodesToOpset13 } from './opset-upgrade.js';
import { gradientRules, nonDifferentiableOps } from './rules/index.js';
import { ShapeTable } from './shape-inference.js';
import { LOSS_OUTPUT, type BuildTrainingGraphOptions, type LayerMode, type TrainingGraph } from './training-graph.js';

export { LOSS_OUTPUT };

/** The name of the gradient output of parameter `name`. */
export function gradientOutputName(name: string): string {
  return `${name}_grad`;
}

const FLOAT_TYPES: ReadonlySet<number> = new Set([DataType.FLOAT, DataType.DOUBLE]);

function differentiableInputs(node: NodeProto, rule: GradientRule | undefined): string[] {
  const inputs = node.input ?? [];
  if (!rule || rule.differentiable === 'all') return inputs.filter((i) => i !== '');
  return rule.differentiable.map((i) => inputs[i] ?? '').filter((i) => i !== '');
}

function pinBatch(input: ValueInfoProto, batchSize: number): ValueInfoProto {
  const name = input.name ?? '';
  const dims = input.type?.tensorType?.shape?.dim;
  if (!dims || dims.length === 0) return input;
  const fixed = fixedDimValue(dims[0]);
  if (fixed !== undefined && fixed > 0 && fixed !== batchSize) {
    throw new OnnxGraphError(`input "${name}" has a fixed batch dimension ${fixed}, not the requested batch size ${batchSize}`, {
      tensor: name,
    });
  }
  const copy = onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(input).finish());
  copy.type!.tensorType!.shape!.dim![0] = onnx.TensorShapeProto.Dimension.create({ dimValue: batchSize });
  return copy;
}

/**
 * Builds the training graph of a forward model.
 *
 * Steps: refuse non-ai.onnx nodes; bring opset < 13 graphs to 13; append the
 * loss; infer static shapes; find the nodes between the trainable
 * initializers and the loss; check each has a rule and only attributes it
 * supports (all errors are thrown here, before anything runs); then walk
 * those nodes backwards, emitting each rule's nodes and summing gradients of
 * tensors used more than once. Only the gradients needed for parameters are
 * emitted (no gradient w.r.t. data inputs).
 *
 * @throws OnnxGraphError naming the op type and node (no rule, unsupported
 *   attribute), the tensor (unknown trainable, name clash) or the input
 *   (batch size).
 */
export function buildTrainingGraph(forwardModel: Uint8Array, options: BuildTrainingGraphOptions): TrainingGraph {
  const model = decodeModel(forwardModel);
  const source = model.graph;
  if (!source) throw new OnnxGraphError('the model has no graph');
  untieIdentityInitializers(source);
  requireStandardOps(source);
  const opset = aiOnnxOpset(model);
  if (opset < 7) throw new OnnxGraphError(`the model uses ai.onnx opset ${opset}; opset ≥ 7 is required (13 or newer preferred)`);
  const outputOpset = Math.max(opset, MIN_TRAINING_OPSET);
  const names = graphNames(source);
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 1; names.has(name); k++) name = `${base}_${k}`;
    names.add(name);
    return name;
  };

  if (options.batchSize !== undefined && !(Number.isInteger(options.batchSize) && options.batchSize > 0)) {
    throw new OnnxGraphError(`batchSize must be a positive integer; received ${String(options.batchSize)}`);
  }
  const initializerNames = new Set((source.initializer ?? []).map((t) => t.name ?? ''));
  const dataInputsInfo = (source.input ?? []).filter((v) => !initializerNames.has(v.name ?? ''));
  const pinnedInputs = (source.input ?? []).map((v) =>
    options.batchSize !== undefined && !initializerNames.has(v.name ?? '') ? pinBatch(v, options.batchSize) : v,
  );

  let forwardNodes = [...(source.node ?? [])];
  if (opset < MIN_TRAINING_OPSET) {
    const preliminary = new ShapeTable({ ...source, input: pinnedInputs });
    forwardNodes = upgradeNodesToOpset13(forwardNodes, opset, (t) => preliminary.rank(t), fresh);
  }
  const mode = options.mode ?? 'preserve';
  if (!['preserve', 'training', 'eval'].includes(mode)) {
    throw new OnnxGraphError(`mode must be 'preserve', 'training' or 'eval'; received ${String(mode)}`);
  }
  const sourceInitializers = new Map((source.initializer ?? []).map((t) => [t.name ?? '', t]));
  forwardNodes = unrollRecurrent(forwardNodes, new ShapeTable({ ...source, input: pinnedInputs, node: forwardNodes }), names);
  const preliminary = new ShapeTable({ ...source, input: pinnedInputs, node: forwardNodes });
  const symbols = symbolSources(pinnedInputs.filter((v) => !initializerNames.has(v.name ?? '')));
  const rewrite = (m: LayerMode): ModeRewrite =>
    applyLayerModes(forwardNodes, preliminary, sourceInitializers, m, outputOpset, names, symbols);
  const modes = rewrite(mode);
  const evaluationNodes = modes.state.length > 0 || modes.random.length > 0 ? rewrite('eval').nodes : undefined;
  forwardNodes = modes.nodes;
  const stateNames = new Set(modes.state.map((t) => t.name));
  const forwardGraph: GraphProto = { ...source, input: pinnedInputs, node: forwardNodes };
  const forwardShapes = new ShapeTable(forwardGraph);
  const forwardOutputs = (source.output ?? []).map((o) => o.name ?? '');

  const loss = appendLoss(forwardGraph, forwardShapes, options.loss, names, options.batchSize);
  const randomInputs = modes.random.map((r) =>
    makeValueInfo(
      r.name,
      r.dataType,
      r.dims.map((d) => (typeof d === 'number' ? d : d.symbol)),
    ),
  );
  const graph: GraphProto = {
    ...forwardGraph,
    input: [...pinnedInputs, ...loss.inputs, ...randomInputs],
    node: [...forwardNodes, ...loss.nodes],
  };
  const shapes = new ShapeTable(graph);
  const lossTensor = loss.tensor;
  const nodes = graph.node ?? [];
  // Integer and boolean results (indices, masks, shapes, casts to int) carry no gradient, whatever the op.
  const carriesGradient = (node: NodeProto): boolean =>
    !nonDifferentiableOps.has(node.opType ?? '') &&
    (node.output ?? []).some((o) => {
      const type = shapes.dataType(o);
      return o !== '' && (type === undefined || FLOAT_TYPES.has(type) || type === DataType.FLOAT16);
    });

  // Which tensors a gradient flows back to from the loss (through differentiable inputs).
  const reachesLoss = new Set<string>([lossTensor]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!carriesGradient(node)) continue;
    if (!(node.output ?? []).some((o) => reachesLoss.has(o))) continue;
    for (const input of differentiableInputs(node, gradientRules.get(node.opType ?? ''))) reachesLoss.add(input);
  }

  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  let trainable: string[];
  if (options.trainable) {
    trainable = [...options.trainable];
    const seen = new Set<string>();
    for (const name of trainable) {
      if (seen.has(name)) throw new OnnxGraphError(`trainable parameter "${name}" is listed twice`, { tensor: name });
      seen.add(name);
      const init = initializers.get(name);
      if (!init) {
        const constant = nodes.find((n) => n.opType === 'Constant' && (n.output ?? []).includes(name));
        throw new OnnxGraphError(
          constant
            ? `trainable parameter "${name}" is the output of Constant node "${constant.name ?? ''}", not an initializer`
            : `trainable parameter "${name}" is not an initializer of the model`,
          { tensor: name },
        );
      }
      if (!FLOAT_TYPES.has(init.dataType ?? 0)) {
        throw new OnnxGraphError(`trainable parameter "${name}" has data type ${init.dataType ?? 0}, not float or double`, {
          tensor: name,
        });
      }
      if (!reachesLoss.has(name)) {
        throw new OnnxGraphError(`no gradient flows from the loss to trainable parameter "${name}"`, { tensor: name });
      }
    }
  } else {
    trainable = (graph.initializer ?? [])
      .filter((t) => FLOAT_TYPES.has(t.dataType ?? 0) && reachesLoss.has(t.name ?? ''))
      .map((t) => t.name ?? '');
  }
  if (trainable.length === 0) throw new OnnxGraphError('there is no parameter to train: no float initializer reaches the loss');
  const floatType = initializers.get(trainable[0])!.dataType!;
  for (const name of trainable) {
    if (initializers.get(name)!.dataType !== floatType) {
      throw new OnnxGraphError(`trainable parameters mix float and double ("${trainable[0]}" and "${name}")`, { tensor: name });
    }
  }
  const lossType = shapes.dataType(lossTensor);
  if (lossType !== undefined && lossType !== floatType) {
    throw new OnnxGraphError(`the loss "${lossTensor}" has data type ${lossType}, the parameters ${floatType}`, { tensor: lossTensor });
  }
  const lossDims = shapes.dims(lossTensor);
  if (lossDims?.every((d) => typeof d === 'number') && (lossDims as number[]).reduce((a, b) => a * b, 1) !== 1) {
    throw new OnnxGraphError(`the loss "${lossTensor}" has shape [${lossDims.join(', ')}]; it must be a scalar`, { tensor: lossTensor });
  }
  for (const name of trainable) {
    if (!names.has(gradientOutputName(name)) || gradientOutputName(name) === name) continue;
    throw new OnnxGraphError(`the gradient output name "${gradientOutputName(name)}" is already used in the model`, {
      tensor: gradientOutputName(name),
    });
  }

  // Which tensors depend on a trainable parameter through differentiable inputs.
  const requiresGrad = new Set<string>(trainable);
  for (const node of nodes) {
    if (!carriesGradient(node)) continue;
    if (differentiableInputs(node, gradientRules.get(node.opType ?? '')).some((i) => requiresGrad.has(i))) {
      for (const o of node.output ?? []) if (o !== '') requiresGrad.add(o);
    }
  }

  const emit = new GraphEmitter(floatType, names);
  const onPath = nodes
    .map((node, index) => ({ node, index, op: node.opType ?? '' }))
    .filter(({ node }) => carriesGradient(node) && (node.output ?? []).some((o) => reachesLoss.has(o) && requiresGrad.has(o)));
  const missing: MissingRule[] = onPath
    .filter(({ op }) => !gradientRules.has(op))
    .map(({ node, index, op }) => ({ node: nodeLabel(node, `#${index}`), opType: op }));
  if (missing.length > 0) throw missingRulesError(missing);
  const active = onPath.map(({ node, index, op }) => {
    const label = nodeLabel(node, `#${index}`);
    const rule = gradientRules.get(op)!;
    for (const attribute of node.attribute ?? []) {
      if (!rule.attributes.includes(attribute.name ?? '')) {
        throw new OnnxGraphError(`${op} node "${label}": attribute ${attribute.name ?? ''} is not supported by the gradient rule`, {
          node: label,
          opType: op,
          attribute: attribute.name ?? '',
        });
      }
    }
    rule.check?.(makeRuleContext(node, index, outputOpset, emit, shapes, (t) => requiresGrad.has(t)));
    return { node, index, rule };
  });

  const contributions = new Map<string, string[]>();
  const addGrad = (tensor: string, grad: string): void => {
    const list = contributions.get(tensor);
    if (list) list.push(grad);
    else contributions.set(tensor, [grad]);
  };
  const gradOf = (tensor: string): string | undefined => {
    const list = contributions.get(tensor);
    if (!list || list.length === 0) return undefined;
    if (list.length > 1) contributions.set(tensor, [emit.op('Sum', list)]);
    return contributions.get(tensor)![0];
  };

  emit.scope = `grad/${LOSS_OUTPUT}`;
  const scalarLoss = lossDims !== undefined && lossDims.length === 0;
  addGrad(
    lossTensor,
    scalarLoss
      ? emit.float(1)
      : emit.op('ConstantOfShape', [emit.shape(lossTensor)], {
          value: { tensor: onnx.TensorProto.create({ dataType: floatType, dims: [1], rawData: oneBytes(floatType) }) },
        }),
  );
  for (let k = active.length - 1; k >= 0; k--) {
    const { node, index, rule } = active[k];
    const outputGrads = (node.output ?? []).map((o) => (o === '' ? undefined : gradOf(o)));
    if (outputGrads.every((g) => g === undefined)) continue;
    emit.scope = `grad/${nodeLabel(node, `#${index}`)}`;
    const ctx = makeRuleContext(node, index, outputOpset, emit, shapes, (t) => requiresGrad.has(t));
    const inputGrads = rule.backward(ctx, outputGrads);
    const diffIdx = rule.differentiable === 'all' ? (node.input ?? []).map((_, i) => i) : rule.differentiable;
    for (const i of diffIdx) {
      const grad = inputGrads[i];
      const input = node.input?.[i] ?? '';
      if (grad !== undefined && input !== '' && requiresGrad.has(input)) addGrad(input, grad);
    }
  }

  const gradientOutputs: Record<string, string> = {};
  const parameters: { name: string; shape: number[] }[] = [];
  emit.scope = 'grad/outputs';
  for (const name of trainable) {
    const list = contributions.get(name) ?? [];
    const out = gradientOutputName(name);
    if (list.length === 0) throw new OnnxGraphError(`no gradient reached parameter "${name}"`, { tensor: name });
    emit.opN(list.length === 1 ? 'Identity' : 'Sum', list, {}, [out]);
    gradientOutputs[name] = out;
    parameters.push({ name, shape: tensorDims(initializers.get(name)!) });
  }

  const trainableSet = new Set(trainable);
  const state = modes.state.map((t) => ({ ...t, shape: tensorDims(initializers.get(t.name)!) }));
  const stateType = (name: string): number => initializers.get(name)!.dataType ?? floatType;
  // Parameters and running statistics are fed at every run; every other initializer stays a constant.
  const fedInputs = [
    ...parameters.map((p) => makeValueInfo(p.name, floatType, p.shape)),
    ...state.map((t) => makeValueInfo(t.name, stateType(t.name), t.shape)),
  ];
  const keptInitializers = (graph.initializer ?? []).filter((t) => !trainableSet.has(t.name ?? '') && !stateNames.has(t.name ?? ''));
  const forwardOutputInfo = (source.output ?? []).filter((o) => o.name !== LOSS_OUTPUT);
  const modelOf = (g: GraphProto): Uint8Array =>
    encodeModel(
      onnx.ModelProto.create({
        ...model,
        irVersion: Math.max(int64ToNumber(model.irVersion), 7),
        opsetImport: [{ domain: '', version: outputOpset }],
        graph: onnx.GraphProto.create(g),
      }),
    );
  const trainingModel = modelOf({
    ...graph,
    name: `${source.name ?? 'graph'}_training`,
    input: [...(graph.input ?? []).filter((v) => !trainableSet.has(v.name ?? '') && !stateNames.has(v.name ?? '')), ...fedInputs],
    initializer: keptInitializers,
    node: [...nodes, ...emit.nodes],
    output: [
      makeValueInfo(LOSS_OUTPUT, floatType),
      ...forwardOutputInfo,
      ...parameters.map((p) => makeValueInfo(gradientOutputs[p.name], floatType, p.shape)),
      ...state.map((t) => makeValueInfo(t.output, stateType(t.name), t.shape)),
    ],
  });
  const evaluationModel =
    evaluationNodes &&
    modelOf({
      ...graph,
      name: `${source.name ?? 'graph'}_evaluation`,
      input: [
        ...pinnedInputs.filter((v) => !trainableSet.has(v.name ?? '') && !stateNames.has(v.name ?? '')),
        ...loss.inputs,
        ...fedInputs,
      ],
      initializer: keptInitializers,
      node: [...evaluationNodes, ...loss.nodes],
      output: [makeValueInfo(LOSS_OUTPUT, floatType), ...forwardOutputInfo],
    });

  const firstDim = dataInputsInfo[0]?.type?.tensorType?.shape?.dim?.[0];
  const fixedFirst = (firstDim && fixedDimValue(firstDim)) ?? 0;
  return {
    model: trainingModel,
    dataInputs: [...dataInputsInfo.map((v) => v.name ?? ''), ...loss.inputs.map((v) => v.name ?? '')],
    parameters,
    frozen: (graph.initializer ?? []).map((t) => t.name ?? '').filter((n) => !trainableSet.has(n) && !stateNames.has(n)),
    state,
    random: modes.random,
    ...(evaluationModel ? { evaluationModel } : {}),
    lossOutput: LOSS_OUTPUT,
    gradientOutputs,
    forwardOutputs: forwardOutputs.filter((n) => n !== LOSS_OUTPUT),
    batchSize: options.batchSize ?? (fixedFirst > 0 ? fixedFirst : null),
    ...(loss.classLabels ? { classLabels: loss.classLabels } : {}),
  };
}

/** Where each symbolic dim of the data inputs can be read: the first input and axis that carry it. */
function symbolSources(inputs: readonly ValueInfoProto[]): Map<string, { input: string; axis: number }> {
  const sources = new Map<string, { input: string; axis: number }>();
  for (const v of inputs) {
    (v.type?.tensorType?.shape?.dim ?? []).forEach((d, axis) => {
      if (d.dimParam && !sources.has(d.dimParam)) sources.set(d.dimParam, { input: v.name ?? '', axis });
    });
  }
  return sources;
}

function oneBytes(dataType: number): Uint8Array {
  const bytes = new Uint8Array(dataType === DataType.DOUBLE ? 8 : 4);
  const view = new DataView(bytes.buffer);
  if (dataType === DataType.DOUBLE) view.setFloat64(0, 1, true);
  else view.setFloat32(0, 1, true);
  return bytes;
}
