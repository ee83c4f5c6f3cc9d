import type { GoldenCaseResult } from '@weight-decay/golden';

/** The tfjs backends the browser suites run on. */
export type BrowserBackend = 'webgl' | 'wasm' | 'cpu';

/** One committed golden case as read from disk by the test (the page has no file system). */
export interface RawFixture {
  relativePath: string;
  data: unknown;
}

/** What the active backend really is, for test titles and precision decisions. */
export interface BackendInfo {
  backend: string;
  /** webgl only: whether textures hold float32 (`WEBGL_RENDER_FLOAT32_ENABLED`). */
  float32Textures?: boolean;
  /** webgl only: `WEBGL_VERSION`. */
  webglVersion?: number;
}

/** The single weight of a 1-input, 1-output dense layer after each way of training it. */
export interface FitWeights {
  createOptimizerFit: number;
  createOptimizerTrainOnBatch: number;
  withWeightDecayFit: number;
}

/** Two models after save/load and two more epochs each: they must match exactly. */
export interface SaveLoadOutcome {
  originalClassName: string;
  restoredClassName: string;
  restoredIterations: number;
  configsEqual: boolean;
  originalWeights: number[][];
  restoredWeights: number[][];
}

/** `tf.memory().numTensors` at each point of a long training run and of repeated save/load. */
export interface TensorCounts {
  start: number;
  afterFirstStep: number;
  afterAllSteps: number;
  afterMetrics: number;
  withCopy: number;
  afterDispose: number;
  saveLoadBaseline: number;
  afterSaveLoads: number;
}

/** One path's run: the tfjs kernels of its last update, and θ then each saved state tensor. */
export interface UpdatePath {
  kernels: string[];
  values: number[][];
  /** The global gradient norm N of the last update (`gradNorm()`). */
  gradNorm: number | undefined;
}

/** A config `average` the update paths are compared with: an EMA from the first update, or a uniform mean from the second. */
export type AverageKind = 'ema' | 'uniform';

/** The same updates through `kernel: 'auto'` and through `kernel: 'tensor'` (op by op). */
export interface UpdatePaths {
  auto: UpdatePath;
  tensor: UpdatePath;
}

/** What the test page exposes as `window.weightDecayTests`. */
export interface TestPageApi {
  useBackend(backend: BrowserBackend): Promise<BackendInfo>;
  runGoldenCases(backend: BrowserBackend, fixtures: RawFixture[]): Promise<GoldenCaseResult[]>;
  updatePaths(backend: BrowserBackend, average?: AverageKind): Promise<UpdatePaths>;
  fitWeights(backend: BrowserBackend): Promise<FitWeights>;
  saveLoad(backend: BrowserBackend): Promise<SaveLoadOutcome>;
  tensorCounts(backend: BrowserBackend, steps: number): Promise<TensorCounts>;
}

declare global {
  interface Window {
    weightDecayTests: TestPageApi;
  }
}
