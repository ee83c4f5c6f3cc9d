/**
 * The public types of the gradient builder.
 */

/** The name of the loss output of every training graph. */
export const LOSS_OUTPUT = 'loss';

/**
 * How BatchNormalization and Dropout run in the training graph, named after
 * `torch.onnx.TrainingMode`: `'preserve'` (default) keeps the mode each node
 * was exported in (a `TrainingMode.TRAINING` export: batch statistics and
 * dropout; a `PRESERVE` export of an eval-mode model: frozen statistics, no
 * dropout); `'training'` and `'eval'` force one mode for all of them.
 * Evaluation always runs in inference mode.
 */
export type LayerMode = 'preserve' | 'training' | 'eval';

/** A running statistic of a training-mode BatchNormalization: fed as an input, its update read from an output. */
export interface StateTensor {
  /** The initializer's name (e.g. `bn.running_mean`), an input of the training graph. */
  name: string;
  /** The output holding its value after the step. */
  output: string;
}

/** The uniform [0, 1) noise input of a training-mode Dropout. */
export interface RandomInput {
  /** The graph input. */
  name: string;
  /**
   * Its dims: fixed sizes, or symbolic ones (e.g. `batch*heads`) as `scale` times the product of the
   * sizes of data-input axes in the batch.
   */
  dims: (number | { symbol: string; scale: number; sources: { input: string; axis: number }[] })[];
  /** The drop probability (an element is kept when its noise is ≥ ratio). */
  ratio: number;
  /** The Dropout node it belongs to. */
  node: string;
  /** ONNX element type of the noise. */
  dataType: number;
}

/**
 * How the scalar loss is formed from the forward model.
 *
 * - `softmax-cross-entropy`: SoftmaxCrossEntropyLoss(logits, labels) with
 *   int64 class labels, `mean` over the batch (and any extra dims) by
 *   default, as PyTorch's `CrossEntropyLoss`. `logits` defaults to the
 *   model's only output; `labels` is a new graph input (default `'labels'`).
 * - `mse`: mean (or sum) over all elements of (output − target)², as
 *   PyTorch's `MSELoss`. `target` is a new graph input (default `'target'`)
 *   of the output's type and shape.
 * - `output`: a scalar already computed by the forward graph.
 */
export type LossSpec =
  | {
      /** Softmax cross-entropy with int64 class labels. */
      type: 'softmax-cross-entropy';
      /** The forward output holding the logits [N, C, …]; default: the model's only output. */
      logits?: string;
      /** Name of the new int64 labels input [N, …]; default `'labels'`. */
      labels?: string;
      /** `'mean'` (default) over all labels that are not ignored, or `'sum'`. */
      reduction?: 'mean' | 'sum';
      /** A label value whose rows add nothing to the loss or to the mean's count (PyTorch's `ignore_index`, whose default is −100). Default: none. */
      ignoreIndex?: number;
      /** ε of PyTorch's `label_smoothing`: the target is (1 − ε)·onehot + ε/C. Default 0. */
      labelSmoothing?: number;
    }
  | {
      /** Negative log-likelihood of int64 class labels over log-probabilities [N, C, …] (PyTorch's `NLLLoss`). */
      type: 'nll';
      /** The forward output holding the log-probabilities; default: the model's only output. */
      logProbs?: string;
      /** Name of the new int64 labels input [N, …]; default `'labels'`. */
      labels?: string;
      /** `'mean'` (default) over labels that are not ignored, or `'sum'`. */
      reduction?: 'mean' | 'sum';
      /** A label value to ignore (PyTorch's `ignore_index`). Default: none. */
      ignoreIndex?: number;
    }
  | {
      /**
       * Binary cross-entropy on logits (PyTorch's `BCEWithLogitsLoss`), in the
       * stable form (1 − y)·x + (1 + (w − 1)·y)·softplus(−x).
       */
      type: 'binary-cross-entropy-with-logits';
      /** The forward output holding the logits; default: the model's only output. */
      logits?: string;
      /** Name of the new target input (probabilities, the logits' type and shape); default `'target'`. */
      target?: string;
      /** PyTorch's `pos_weight`: one weight, or one per class of the last axis. Default 1. */
      posWeight?: number | number[];
      /** `'mean'` (default) over all elements, or `'sum'`. */
      reduction?: 'mean' | 'sum';
    }
  | {
      /**
       * A regression loss between an output and a target of its shape:
       * `mse` (mean squared error, `MSELoss`), `l1` (|d|, `L1Loss`), `huber`
       * (½d² for |d| < δ, else δ·(|d| − ½δ), `HuberLoss`), `smooth-l1`
       * (½d²/β for |d| < β, else |d| − ½β, `SmoothL1Loss`).
       */
      type: 'mse' | 'l1' | 'huber' | 'smooth-l1';
      /** The forward output to compare; default: the model's only output. */
      output?: string;
      /** Name of the new target input, of the output's type and shape; default `'target'`. */
      target?: string;
      /** `'mean'` (default) over all elements, or `'sum'`. */
      reduction?: 'mean' | 'sum';
      /** δ of `huber` (default 1). */
      delta?: number;
      /** β of `smooth-l1` (default 1; 0 is L1). */
      beta?: number;
    }
  | {
      /** A loss the forward model computes itself. */
      type: 'output';
      /** The forward output holding the scalar loss. */
      name: string;
    };

/**
 * A model that computes a loss and its gradients with standard ai.onnx ops,
 * ready for an `InferenceSession`.
 *
 * Naming contract (also for prebuilt graphs checked by
 * `validateTrainingGraph`): the scalar loss is the output `loss`; the
 * gradient of parameter `p` is the output `${p}_grad`, of `p`'s shape; each
 * parameter is a graph input named as in the forward model.
 */
export interface TrainingGraph {
  /** The serialized ONNX training model. */
  model: Uint8Array;
  /** Graph inputs that are data (e.g. `input`, `labels`), in graph order. */
  dataInputs: string[];
  /** Trainable parameters: former initializers, now graph inputs. */
  parameters: {
    /** The parameter's name (an input of the training graph, an initializer of the forward model). */
    name: string;
    /** Its fixed shape. */
    shape: number[];
  }[];
  /** Initializers left as initializers (not trained). */
  frozen: string[];
  /** The name of the scalar loss output. */
  lossOutput: 'loss';
  /** Parameter name → gradient output name (`${name}_grad`). */
  gradientOutputs: Record<string, string>;
  /** The forward model's outputs, also outputs of the training graph. */
  forwardOutputs: string[];
  /** The batch size the graph is valid for; null when any batch size works. */
  batchSize: number | null;
  /** Running statistics kept as state (training-mode BatchNormalization), with their shapes; empty when none. */
  state: (StateTensor & { shape: number[] })[];
  /** Noise inputs of training-mode Dropout; empty when none. */
  random: RandomInput[];
  /**
   * The forward model and loss with every BatchNormalization and Dropout in
   * inference mode (parameters and state as inputs, no gradients), for
   * evaluation; absent when it would be the training graph itself.
   */
  evaluationModel?: Uint8Array;
  /**
   * For a built class-index loss (softmax cross-entropy, NLL): its labels
   * input and the scores output whose axis 1 is the number of classes.
   * Absent otherwise.
   */
  classLabels?: {
    /** The int64 labels input. */
    input: string;
    /** The forward output holding the logits (or log-probabilities). */
    logits: string;
    /** The label value the loss ignores, if any. */
    ignoreIndex?: number;
  };
}

/** Options of `buildTrainingGraph`. */
export interface BuildTrainingGraphOptions {
  /**
   * Initializers to train. Default: every float initializer through which a
   * gradient reaches the loss (initializers feeding only non-differentiable
   * inputs, such as a Pow exponent or a Reshape shape, stay frozen). For
   * exported models, list the weights explicitly: exporters also store
   * folded constants as float initializers.
   */
  trainable?: string[];
  /** How the loss is formed. */
  loss: LossSpec;
  /**
   * Fix the batch (first) dimension of every data input to this size. The
   * built graph itself works for any batch size unless the forward model
   * fixes one; this only pins the inputs.
   */
  batchSize?: number;
  /** The mode of BatchNormalization and Dropout nodes; default `'preserve'` (as exported). */
  mode?: LayerMode;
}

/** Options of `validateTrainingGraph`. */
export interface ValidateTrainingGraphOptions {
  /** The parameter inputs; each needs a `${name}_grad` output. */
  parameters: string[];
  /**
   * The batch size the graph was exported with. Required when the data
   * inputs have a symbolic batch dimension: exported gradient graphs often
   * bake the batch size into constants and give wrong gradients for any
   * other size without an error.
   */
  batchSize?: number;
}
