/**
 * Gradients of one 4-element variable over five updates, with a zero and
 * both signs in each, shared by the fused-kernel tests (the wasm suite uses
 * the first four).
 */
export const updateGradients: readonly (readonly number[])[] = [
  [0.3, -0.2, 0.1, 0],
  [0.1, 0.4, -0.3, 0.2],
  [-0.2, 0.2, 0.2, -0.1],
  [0.5, -0.1, 0.0, 0.3],
  [0.05, -0.3, 0.25, -0.2],
];
