/**
 * The demo's MLP as ONNX bytes, laid out as PyTorch lays out `nn.Linear`:
 * `Gemm(x, fc.weight, fc.bias, transB=1)` with weights `[out, in]` named like
 * the PyTorch model's `state_dict` keys, so a checkpoint crosses over without
 * renaming or transposing.
 *
 * @packageDocumentation
 */
import { GraphBuilder } from '@weight-decay/onnxruntime';

/** Layer widths: input, hidden, classes. */
export const layerSizes = [8, 16, 3] as const;

/** Graph input of the features, `[batch, 8]`. */
export const featuresInput = 'x';
/** Graph output of the logits, `[batch, 3]`. */
export const logitsOutput = 'logits';

/** A small deterministic generator (mulberry32), so Node and the checks see the same numbers every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `logits = fc2(relu(fc1(x)))` with PyTorch's default initialisation range
 * (uniform in ±1/√fan_in), from a seed.
 */
export function buildMlpOnnx(seed: number): Uint8Array {
  const random = seededRandom(seed);
  const builder = new GraphBuilder({ name: 'exit-ramp-mlp' }).input(featuresInput, 'float32', ['batch', layerSizes[0]]);
  let current = featuresInput;
  for (let layer = 1; layer < layerSizes.length; layer++) {
    const [fanIn, fanOut] = [layerSizes[layer - 1]!, layerSizes[layer]!];
    const bound = 1 / Math.sqrt(fanIn);
    const uniform = (n: number): number[] => Array.from({ length: n }, () => (2 * random() - 1) * bound);
    builder.initializer(`fc${layer}.weight`, 'float32', [fanOut, fanIn], uniform(fanOut * fanIn));
    builder.initializer(`fc${layer}.bias`, 'float32', [fanOut], uniform(fanOut));
    const last = layer === layerSizes.length - 1;
    const output = last ? logitsOutput : `fc${layer}/output`;
    builder.node('Gemm', [current, `fc${layer}.weight`, `fc${layer}.bias`], [output], { transB: 1 });
    if (!last) {
      current = `fc${layer}/relu`;
      builder.node('Relu', [output], [current]);
    }
  }
  return builder.output(logitsOutput, 'float32', ['batch', layerSizes.at(-1)!]).build();
}

/** One batch: features row-major `[size, 8]` and class labels. */
export interface DemoBatch {
  /** Row-major features. */
  x: number[];
  /** Class indices in [0, 3). */
  labels: number[];
}

/** Batches of a fixed synthetic task (labels from a random linear teacher), from a seed. */
export function makeBatches(seed: number, count: number, size: number): DemoBatch[] {
  const random = seededRandom(seed);
  const [features, , classes] = layerSizes;
  const teacher = Array.from({ length: classes * features }, () => 2 * random() - 1);
  return Array.from({ length: count }, () => {
    const x = Array.from({ length: size * features }, () => Math.fround(2 * random() - 1));
    const labels = Array.from({ length: size }, (_, row) => {
      const scores = Array.from({ length: classes }, (_, c) =>
        x.slice(row * features, (row + 1) * features).reduce((sum, xi, i) => sum + xi * teacher[c * features + i]!, 0),
      );
      return scores.indexOf(Math.max(...scores));
    });
    return { x, labels };
  });
}
