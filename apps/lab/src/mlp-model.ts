/**
 * The lab's model: a ReLU multi-layer perceptron, described as plain data so
 * both backends build the same network with the same parameter names and load
 * the same seeded initial weights.
 */
import { createRandom, deriveSeed } from './seeded-random.js';

/** Layer widths from input to output, e.g. `[784, 256, 256, 10]`. */
export interface MlpArchitecture {
  /** Input width first, number of classes last; ReLU after every hidden layer. */
  readonly layerSizes: readonly number[];
  /** Inverted dropout on every hidden activation while training, with this drop probability (absent: none). */
  readonly dropout?: number;
  /**
   * Batch normalisation after every hidden dense layer, before its ReLU:
   * batch statistics while training, running averages when scoring, and a
   * learned scale `bn<k>/gamma` and shift `bn<k>/beta` per unit.
   */
  readonly batchNorm?: boolean;
}

/** Momentum of the running mean and variance batch normalisation scores with. */
export const batchNormMomentum = 0.9;
/** Added to the variance before its square root in batch normalisation. */
export const batchNormEpsilon = 1e-3;

/** One named parameter tensor, float32, row-major. */
export interface ParameterTensor {
  /** `dense<k>/kernel` (shape `[in, out]`) or `dense<k>/bias` (shape `[out]`), k from 1. */
  readonly name: string;
  /** Tensor shape. */
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly values: Float32Array;
}

/** The default MLP: wide enough to memorise 1,000 digits. */
export const defaultArchitecture: MlpArchitecture = { layerSizes: [784, 256, 256, 10] };

/** Kernel name of layer k (1-based), the same on every backend. */
export const kernelName = (layer: number): string => `dense${layer}/kernel`;
/** Bias name of layer k (1-based), the same on every backend. */
export const biasName = (layer: number): string => `dense${layer}/bias`;
/** Batch-norm scale of hidden layer k (1-based). */
export const gammaName = (layer: number): string => `bn${layer}/gamma`;
/** Batch-norm shift of hidden layer k (1-based). */
export const betaName = (layer: number): string => `bn${layer}/beta`;

/** A short description such as `784-256-256-10 ReLU MLP, dropout 0.3`. */
export function describeArchitecture(architecture: MlpArchitecture): string {
  const extras = [architecture.batchNorm ? 'batch norm' : '', architecture.dropout ? `dropout ${architecture.dropout}` : ''].filter(
    Boolean,
  );
  return `${architecture.layerSizes.join('-')} ReLU MLP${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`;
}

/** Names and shapes of every parameter, in forward order (kernel, bias, then gamma and beta with batch norm, per layer). */
export function mlpParameterSpecs(architecture: MlpArchitecture): { name: string; shape: number[] }[] {
  const specs: { name: string; shape: number[] }[] = [];
  const sizes = architecture.layerSizes;
  for (let layer = 1; layer < sizes.length; layer++) {
    specs.push({ name: kernelName(layer), shape: [sizes[layer - 1], sizes[layer]] });
    specs.push({ name: biasName(layer), shape: [sizes[layer]] });
    if (architecture.batchNorm && layer < sizes.length - 1) {
      specs.push({ name: gammaName(layer), shape: [sizes[layer]] });
      specs.push({ name: betaName(layer), shape: [sizes[layer]] });
    }
  }
  return specs;
}

/** Total number of scalar parameters. */
export function parameterCount(architecture: MlpArchitecture): number {
  return mlpParameterSpecs(architecture).reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * Seeded initial weights: He-uniform kernels (bound √(6/fan_in), the usual
 * choice for ReLU layers), zero biases and shifts, unit batch-norm scales. Each layer draws from its own
 * derived stream, so the first layer's weights do not change when a later
 * layer's width does.
 */
export function initMlpParameters(architecture: MlpArchitecture, seed: number): ParameterTensor[] {
  return mlpParameterSpecs(architecture).map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (spec.name.endsWith('/gamma')) values.fill(1);
    else if (spec.shape.length === 2) {
      const bound = Math.sqrt(6 / spec.shape[0]);
      const random = createRandom(deriveSeed(seed, `init/${spec.name}`));
      for (let i = 0; i < size; i++) values[i] = (2 * random.next() - 1) * bound;
    }
    return { name: spec.name, shape: spec.shape, values };
  });
}
