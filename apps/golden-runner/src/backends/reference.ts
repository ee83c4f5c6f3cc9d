import { createReferenceBackend as createCoreBackend, type GoldenBackend } from '@weight-decay/golden';

/** `--backend reference`: `@weight-decay/core`'s float64 reference, held to rtol 1e-9 against PyTorch. */
export function createReferenceBackend(): GoldenBackend {
  return createCoreBackend({ precision: 'float64' });
}

/**
 * `--backend core-float32`: core's float32 kernel on Float32Arrays, held to
 * each case's float32 tolerance — proof that the tolerances are reachable.
 */
export function createCoreFloat32Backend(): GoldenBackend {
  return createCoreBackend({ precision: 'float32' });
}
