/**
 * `@weight-decay/core`: the decay contract, written once. The portable config
 * and its validation, schedules, parameter selection, the float64 reference
 * and the float32 kernels. No framework dependency; adapters translate it to
 * their tensors.
 *
 * @packageDocumentation
 */
export * from './config/index.js';
export * from './schedules/index.js';
export * from './selection/index.js';
export * from './update/index.js';
export * from './metrics/index.js';
export * from './to-pytorch/index.js';
