import {
  ParameterError,
  StateError,
  resolveConfig,
  type DecayPlan,
  type GradientStatus,
  type GradientStepResult,
  type ResolvedConfig,
  type WeightDecayConfig,
} from '@weight-decay/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  buildTrainingGraph,
  inferenceModeModel,
  validateTrainingGraph,
  type LayerMode,
  type LossSpec,
  type TrainingGraph,
} from '../gradient/index.js';
import { readInitializers, replaceInitializers, untieInitializers } from '../onnx/index.js';
import { createBatchFeeds, type Batch, type InputSignature } from './batch-feeds.js';
import { LayerState, type LayerStateSnapshot } from './layer-state.js';
import { createParameterStore, type ParameterStore, type ParameterStoreOptions, type ParameterStoreState } from './parameter-store.js';
import { chosenWeights, type WeightsOptions } from './averaged-weights.js';

/** Options of {@link createTrainer}. */
export interface TrainerOptions {
  /** The forward model (ONNX bytes); its float initializers are the parameters. */
  model: Uint8Array;
  /** Names of the initializers to train. Default: every float initializer. */
  trainable?: string[];
  /** The loss the builder appends to the forward model. Required unless `trainingGraph` is given (then ignored). */
  loss?: LossSpec;
  /** The portable weight-decay config. Validated first: a ConfigError comes before any session exists. */
  config: WeightDecayConfig;
  /** Bake this batch size into the built graph (and require it of every batch); or assert a prebuilt graph's. */
  batchSize?: number;
  /**
   * A prebuilt training graph (e.g. exported from PyTorch with functorch) that follows the naming
   * contract: data inputs plus one input per trainable parameter under its name; outputs `loss` and
   * `${name}_grad` per parameter. Validated before use.
   */
  trainingGraph?: Uint8Array;
  /** Passed to `InferenceSession.create` (keys set to `undefined` are dropped). */
  sessionOptions?: InferenceSession.SessionOptions;
  /** θ₀ for anchor terms, by parameter name; default: the model's initial weights. */
  anchors?: ParameterStoreOptions['anchors'];
  /** Include patterns or names of the config that match no parameter: `'error'` (default, ConfigError) or `'warn'` (in `plan.warnings`). */
  unmatched?: ParameterStoreOptions['unmatched'];
  /**
   * Check every gradient before the update and throw a ParameterError naming
   * the first parameter whose gradient holds NaN or ±Infinity; nothing is
   * updated then. Off by default (as in PyTorch and `@weight-decay/tfjs`);
   * without it, one non-finite batch turns every parameter it reaches into
   * NaN for good.
   */
  checkFinite?: boolean;
  /**
   * How BatchNormalization and Dropout run in `step` (see {@link LayerMode}):
   * `'preserve'` (default) as exported, `'training'` or `'eval'` forced.
   * `evaluate` and `exportModel` always use inference mode.
   */
  mode?: LayerMode;
  /** Seed of the random stream that draws Dropout masks (default 0); its position is saved in checkpoints. */
  seed?: number;
}

/** What one training step did. */
export interface StepResult {
  /** The loss of the batch at the parameters before the update. */
  loss: number;
  /** η_t, the learning rate the update used (when the step did not update: the one the next update uses). */
  learningRate: number;
  /**
   * Config 1.1 `gradient`: `'updated'`, `'accumulated'` (the gradients were
   * added to the accumulation window, nothing else changed) or `'skipped'`
   * (nonFinite `"skip"` dropped the update). Always `'updated'` without a `gradient` section.
   */
  status: GradientStatus;
  /** The global gradient norm N of the update's g before clipping (only when `status` is `'updated'`). */
  gradNorm?: number;
}

/** The loss of a batch and the forward outputs the training graph exposes, at the current parameters. */
export interface EvaluateResult {
  /** The loss of the batch. */
  loss: number;
  /** Forward outputs by name (e.g. `logits`), as produced by the training graph. */
  outputs: Record<string, Tensor>;
}

/**
 * A saved trainer: parameters, optimizer state, step and config, as plain
 * JSON-safe data; plus, for models with training-mode BatchNormalization or
 * Dropout, the running statistics and the random stream's position.
 */
export type TrainerCheckpoint = ParameterStoreState & {
  /** Running statistics and the dropout random stream; present when the model has them. */
  layers?: LayerStateSnapshot;
};

/**
 * Trains an ONNX model in Node: forward and backward run in one onnxruntime-node
 * session of a training graph made of standard ONNX ops; the optimizer and the
 * decay terms of the portable config run in JS on the float32 parameters.
 */
export interface Trainer {
  /** The resolved config. */
  readonly config: ResolvedConfig;
  /** Which parameters each decay term touches (a dry run of the config on this model). */
  readonly plan: DecayPlan;
  /** Names and shapes of the trainable parameters, in graph order. */
  readonly parameterSpecs: readonly {
    /** Parameter (initializer) name. */
    name: string;
    /** Tensor dims. */
    shape: number[];
  }[];
  /** The data inputs a batch must give (model inputs, then labels/targets). */
  readonly dataInputs: readonly string[];
  /** The forward outputs {@link Trainer.evaluate} returns. */
  readonly forwardOutputs: readonly string[];
  /** The batch size baked into the training graph, or `null` when any batch size works. */
  readonly batchSize: number | null;
  /** Completed training steps. */
  readonly stepCount: number;
  /**
   * Runs forward and backward on the batch and applies one update. Steps run one
   * at a time, in call order. The batch is checked first (BatchError naming the
   * input), so a bad batch changes nothing.
   */
  step(batch: Batch): Promise<StepResult>;
  /**
   * The loss and forward outputs of a batch at the current parameters, or at
   * the averaged ones with `{ weights: 'averaged' }` (config `average`); changes nothing.
   */
  evaluate(batch: Batch, options?: WeightsOptions): Promise<EvaluateResult>;
  /** Copies of the trainable parameters, by name. */
  parameters(): Record<string, Float32Array>;
  /** Copies of the averaged parameters (config `average`), by name; undefined before the first averaged update. */
  averagedParameters(): Record<string, Float32Array> | undefined;
  /** The coupled penalty (l1 + l2 terms of the config) at the current parameters; 0 without such terms (e.g. AdamW). */
  penalty(): number;
  /**
   * The decoupled shrink: ‖Δ‖₂ of the step the decoupled and anchor terms take in the next update,
   * Δ = Σ c·θ + Σ c·(θ − θ₀) with c = s_t·λ_t (η_t·λ·‖θ‖ under AdamW); core's `decoupledShrink`.
   */
  decoupledShrink(): number;
  /** Fraction of exact zeros over all trainable parameters. */
  zeroFraction(): number;
  /** Fraction of exact zeros over the trainable parameters some decay term touches. */
  decayedZeroFraction(): number;
  /** η_t the next step will use. */
  learningRate(): number;
  /**
   * Reports a metric (usually once per epoch, the validation loss) to every
   * reduce-on-plateau learning rate of the config (config 1.1: the top level's
   * and each group's own); the next step uses the rates it leaves, as PyTorch's
   * `scheduler.step(metric)`. The counters are saved in checkpoints.
   *
   * @throws ConfigError (path `optimizer.learningRate`) when the config has no reduce-on-plateau learning rate.
   */
  reportMetric(value: number): void;
  /** The whole training state as plain JSON-safe data. */
  saveCheckpoint(): TrainerCheckpoint;
  /**
   * Restores a checkpoint of a trainer with the same model and config. Validated
   * fully first (StateError naming the path); nothing changes on error. Resumed
   * training is bit-identical to uninterrupted training.
   */
  loadCheckpoint(checkpoint: TrainerCheckpoint): void;
  /**
   * The forward model with the trained weights (and updated running statistics) in its initializers,
   * every BatchNormalization and Dropout set to inference mode (ONNX bytes).
   * With `{ weights: 'averaged' }`, the averaged weights (config `average`) instead of the live ones.
   */
  exportModel(options?: WeightsOptions): Uint8Array;
  /** Waits for running steps, then releases the session. Later calls fail with StateError. */
  dispose(): Promise<void>;
}

/**
 * Creates a {@link Trainer} for a forward ONNX model.
 *
 * Order of checks: the config (ConfigError), the training graph (built from
 * the model and loss, or the prebuilt one validated against the naming
 * contract; OnnxGraphError), the parameters and decay plan (ParameterError,
 * ConfigError); only then is the ONNX Runtime session created.
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { createTrainer } from '@weight-decay/onnxruntime';
 *
 * const trainer = await createTrainer({
 *   model: readFileSync('mlp.onnx'),
 *   loss: { type: 'softmax-cross-entropy', logits: 'logits', labels: 'labels' },
 *   config: {
 *     optimizer: { type: 'adam', learningRate: 1e-3 },
 *     decay: [{ type: 'decoupled', rate: 0.01, params: { minRank: 2 } }],
 *   },
 * });
 * const { loss } = await trainer.step({
 *   x: { data: new Float32Array(4 * 8), dims: [4, 8] },
 *   labels: { data: [0, 1, 2, 0], dims: [4] },
 * });
 * writeFileSync('mlp-trained.onnx', trainer.exportModel());
 * await trainer.dispose();
 * ```
 *
 * @param options - Model, loss, config and optional prebuilt graph; see {@link TrainerOptions}.
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  if (options === null || typeof options !== 'object') throw new TypeError('createTrainer: expected an options object');
  const config = resolveConfig(options.config);
  if (!(options.model instanceof Uint8Array)) {
    throw new TypeError('createTrainer: `model` must be the ONNX bytes of the forward model (a Uint8Array)');
  }
  // Parameters torch merged into one (equal initial values) are separate again, as in PyTorch.
  const forwardModel = untieInitializers(options.model);
  const initializers = readInitializers(forwardModel);
  const graph = trainingGraphOf({ ...options, model: forwardModel }, initializers);
  const storeOptions: ParameterStoreOptions = {};
  if (options.anchors !== undefined) storeOptions.anchors = options.anchors;
  if (options.unmatched !== undefined) storeOptions.unmatched = options.unmatched;
  const store = createParameterStore(config, initialValues(graph, initializers), storeOptions);
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed < 2 ** 32)) {
    throw new TypeError(`createTrainer: \`seed\` must be an integer in [0, 2^32); received ${String(options.seed)}`);
  }
  const layers = new LayerState(graph, initializers, options.seed ?? 0);
  const sessionOptions = definedKeys(options.sessionOptions ?? {});
  const session = await InferenceSession.create(graph.model, sessionOptions);
  let evaluation: InferenceSession | undefined;
  try {
    if (graph.evaluationModel) evaluation = await InferenceSession.create(graph.evaluationModel, sessionOptions);
    return new OnnxTrainer(
      forwardModel,
      graph,
      store,
      { session, evaluation, layers },
      labelClassesOf(graph, session),
      options.checkFinite ?? false,
    );
  } catch (error) {
    await session.release();
    await evaluation?.release();
    throw error;
  }
}

function trainingGraphOf(options: TrainerOptions, initializers: Map<string, { shape: number[]; values: Float32Array }>): TrainingGraph {
  if (options.trainingGraph === undefined) {
    if (options.loss === undefined) {
      throw new TypeError('createTrainer: `loss` is required unless a prebuilt `trainingGraph` is given');
    }
    const buildOptions: Parameters<typeof buildTrainingGraph>[1] = { loss: options.loss };
    if (options.trainable !== undefined) buildOptions.trainable = options.trainable;
    if (options.batchSize !== undefined) buildOptions.batchSize = options.batchSize;
    if (options.mode !== undefined) buildOptions.mode = options.mode;
    return buildTrainingGraph(options.model, buildOptions);
  }
  const parameters = options.trainable ?? [...initializers.keys()];
  const validateOptions: Parameters<typeof validateTrainingGraph>[1] = { parameters };
  if (options.batchSize !== undefined) validateOptions.batchSize = options.batchSize;
  return validateTrainingGraph(options.trainingGraph, validateOptions);
}

function initialValues(
  graph: TrainingGraph,
  initializers: Map<string, { shape: number[]; values: Float32Array }>,
): Record<string, { shape: number[]; values: Float32Array }> {
  const values: Record<string, { shape: number[]; values: Float32Array }> = {};
  for (const { name, shape } of graph.parameters) {
    const init = initializers.get(name);
    if (init === undefined) {
      throw new ParameterError(name, 'the training graph trains it, but the forward model has no float initializer of that name');
    }
    if (init.shape.length !== shape.length || init.shape.some((d, i) => d !== shape[i])) {
      throw new ParameterError(
        name,
        `shape ${JSON.stringify(shape)} in the training graph but ${JSON.stringify(init.shape)} in the forward model`,
      );
    }
    values[name] = { shape: init.shape, values: init.values };
  }
  return values;
}

/** `intraOpNumThreads: undefined` makes onnxruntime-node throw; an absent key is the default. */
function definedKeys(options: InferenceSession.SessionOptions): InferenceSession.SessionOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as InferenceSession.SessionOptions;
}

class OnnxTrainer implements Trainer {
  readonly parameterSpecs: readonly { name: string; shape: number[] }[];
  readonly dataInputs: readonly string[];
  readonly forwardOutputs: readonly string[];
  readonly batchSize: number | null;
  private readonly signatures: InputSignature[];
  /** ONNX Runtime tensors wrapping the store's live arrays: created once, fed at every step. */
  private readonly parameterFeeds: Record<string, Tensor>;
  private readonly gradientFetches: string[];
  /** Runs in flight; ONNX Runtime reads the live arrays from another thread while a run is pending. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private disposed = false;
  private readonly session: InferenceSession;
  /** The inference-mode model, when BatchNormalization or Dropout run differently in training. */
  private readonly evaluation: InferenceSession | undefined;
  private readonly layers: LayerState;

  constructor(
    private readonly forwardModel: Uint8Array,
    private readonly graph: TrainingGraph,
    private readonly store: ParameterStore,
    runtime: { session: InferenceSession; evaluation: InferenceSession | undefined; layers: LayerState },
    labelClasses: { input: string; classCount: number; ignoredClass?: number } | undefined,
    private readonly checkFinite: boolean,
  ) {
    this.session = runtime.session;
    this.evaluation = runtime.evaluation;
    this.layers = runtime.layers;
    this.parameterSpecs = graph.parameters.map((p) => ({ name: p.name, shape: [...p.shape] }));
    this.dataInputs = [...graph.dataInputs];
    this.forwardOutputs = [...graph.forwardOutputs];
    this.batchSize = graph.batchSize;
    this.signatures = graph.dataInputs.map((name) =>
      name === labelClasses?.input ? { ...signatureOf(runtime.session, name), ...labelClasses, name } : signatureOf(runtime.session, name),
    );
    this.parameterFeeds = {};
    for (const { name, shape } of graph.parameters) {
      this.parameterFeeds[name] = new Tensor('float32', store.live(name), shape);
    }
    this.gradientFetches = graph.parameters.map(({ name }) => {
      const output = graph.gradientOutputs[name];
      if (output === undefined) throw new ParameterError(name, 'the training graph has no gradient output for it');
      return output;
    });
  }

  get config(): ResolvedConfig {
    return this.store.config;
  }

  get plan(): DecayPlan {
    return this.store.plan;
  }

  get stepCount(): number {
    return this.store.step;
  }

  step(batch: Batch): Promise<StepResult> {
    return this.serially(async () => {
      const feeds = this.feedsFor(batch);
      const noise = this.layers.drawNoise(feeds);
      const results = await this.session.run({ ...feeds, ...noise.feeds }, [
        this.graph.lossOutput,
        ...this.gradientFetches,
        ...this.layers.stateFetches(),
      ]);
      const grads: Record<string, ArrayLike<number>> = {};
      this.graph.parameters.forEach(({ name }, i) => {
        grads[name] = results[this.gradientFetches[i]].data as Float32Array;
      });
      const loss = scalarOf(results[this.graph.lossOutput]);
      if (this.checkFinite) checkFiniteGradients(grads);
      const learningRate = this.store.applyGradients(grads);
      this.layers.commit(results as Record<string, Tensor>, noise.random);
      return { loss, learningRate, ...(this.store.lastResult as GradientStepResult) };
    });
  }

  evaluate(batch: Batch, options?: WeightsOptions): Promise<EvaluateResult> {
    return this.serially(async () => {
      const averaged = chosenWeights(this.store, options);
      const feeds = { ...this.feedsFor(batch), ...(averaged && this.averagedFeeds(averaged)) };
      const results = this.evaluation
        ? await this.evaluation.run(feeds, [this.graph.lossOutput, ...this.forwardOutputs])
        : await this.session.run({ ...feeds, ...this.layers.drawNoise(feeds).feeds }, [this.graph.lossOutput, ...this.forwardOutputs]);
      const outputs: Record<string, Tensor> = {};
      for (const name of this.forwardOutputs) outputs[name] = results[name] as Tensor;
      return { loss: scalarOf(results[this.graph.lossOutput]), outputs };
    });
  }

  parameters(): Record<string, Float32Array> {
    this.assertUsable();
    return this.store.snapshot();
  }

  averagedParameters(): Record<string, Float32Array> | undefined {
    this.assertUsable();
    const averaged = this.store.averaged();
    return averaged && Object.fromEntries(Object.entries(averaged).map(([name, values]) => [name, values.slice()]));
  }

  penalty(): number {
    this.assertUsable();
    return this.store.penalty();
  }

  decoupledShrink(): number {
    this.assertUsable();
    return this.store.decoupledShrink();
  }

  zeroFraction(): number {
    this.assertUsable();
    return this.store.zeroFraction();
  }

  decayedZeroFraction(): number {
    this.assertUsable();
    return this.store.decayedZeroFraction();
  }

  learningRate(): number {
    this.assertUsable();
    return this.store.learningRate();
  }

  reportMetric(value: number): void {
    this.assertUsable();
    this.store.reportMetric(value);
  }

  saveCheckpoint(): TrainerCheckpoint {
    this.assertUsable();
    return this.layers.active ? { ...this.store.exportState(), layers: this.layers.exportState() } : this.store.exportState();
  }

  loadCheckpoint(checkpoint: TrainerCheckpoint): void {
    this.assertUsable();
    if (this.pending > 0) {
      // Overwriting the arrays a running session reads would corrupt that step.
      throw new StateError('(trainer)', 'a step or evaluation is still running; await it before loading a checkpoint');
    }
    const applyLayers = this.layers.prepareImport((checkpoint as TrainerCheckpoint | null)?.layers, 'layers');
    this.store.importState(checkpoint);
    applyLayers();
  }

  exportModel(options?: WeightsOptions): Uint8Array {
    this.assertUsable();
    const parameters = chosenWeights(this.store, options) ?? this.store.snapshot();
    return replaceInitializers(inferenceModeModel(this.forwardModel), { ...parameters, ...this.layers.values() });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.catch(() => undefined);
    await this.session.release();
    await this.evaluation?.release();
  }

  private feedsFor(batch: Batch): Record<string, Tensor> {
    return { ...createBatchFeeds(batch, this.signatures, this.batchSize), ...this.parameterFeeds, ...this.layers.stateFeeds() };
  }

  /** Parameter feeds reading the averaged arrays (no copy: runs are serial, and only an update writes them). */
  private averagedFeeds(averaged: Readonly<Record<string, Float32Array>>): Record<string, Tensor> {
    const feeds: Record<string, Tensor> = {};
    for (const { name, shape } of this.graph.parameters) feeds[name] = new Tensor('float32', averaged[name], shape);
    return feeds;
  }

  private assertUsable(): void {
    if (this.disposed) throw new StateError('(trainer)', 'disposed');
  }

  /** Runs `task` after every earlier step/evaluation has settled, so runs never overlap an update. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    try {
      this.assertUsable();
    } catch (error) {
      return Promise.reject(error);
    }
    this.pending++;
    const run = this.queue.then(task, task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.pending--;
    });
  }
}

/**
 * The labels input of a built class-index loss and its number of classes
 * (axis 1 of the scores, or Infinity when symbolic), so labels can be
 * checked before a run: ONNX Runtime wraps a negative label silently and fails
 * on a large one with an error that names no input. An ignored label value
 * (`ignoreIndex`) is allowed.
 */
function labelClassesOf(
  graph: TrainingGraph,
  session: InferenceSession,
): { input: string; classCount: number; ignoredClass?: number } | undefined {
  if (graph.classLabels === undefined) return undefined;
  const { input, logits, ignoreIndex } = graph.classLabels;
  const metadata = (session as { outputMetadata?: readonly InferenceSession.ValueMetadata[] }).outputMetadata;
  const entry = metadata?.find((m) => m.name === logits);
  const classes = entry?.isTensor ? entry.shape[1] : undefined;
  return {
    input,
    classCount: typeof classes === 'number' ? classes : Infinity,
    ...(ignoreIndex !== undefined ? { ignoredClass: ignoreIndex } : {}),
  };
}

function checkFiniteGradients(grads: Record<string, ArrayLike<number>>): void {
  for (const [name, gradient] of Object.entries(grads)) {
    for (let i = 0; i < gradient.length; i++) {
      if (!Number.isFinite(gradient[i])) {
        throw new ParameterError(name, `gradient element ${i} is ${gradient[i]}; nothing was updated`);
      }
    }
  }
}

function signatureOf(session: InferenceSession, name: string): InputSignature {
  // inputMetadata exists from onnxruntime 1.21; older runtimes skip the type and dims checks.
  const metadata = (session as { inputMetadata?: readonly InferenceSession.ValueMetadata[] }).inputMetadata;
  const entry = metadata?.find((m) => m.name === name);
  if (entry === undefined || !entry.isTensor) return { name, type: undefined, dims: undefined };
  return { name, type: entry.type, dims: entry.shape };
}

function scalarOf(value: unknown): number {
  const data = (value as Tensor).data as ArrayLike<number>;
  return Number(data[0]);
}
