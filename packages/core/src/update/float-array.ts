/** A parameter or optimizer-state array: float32 for the kernel, float64 for the reference. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Which arrays an updater works on. `'float64'` is the reference that matches
 * PyTorch float64 within rtol 1e-9; `'float32'` is the fast kernel. Both run
 * the same element-wise code; they differ only in where values are rounded
 * (every store into a Float32Array rounds to float32, arithmetic is in float64).
 */
export type Precision = 'float32' | 'float64';
