/**
 * The update: per-step scalars, optimizer slots and the {@link Updater} that
 * runs the update program on typed arrays (float64 reference, float32 loops).
 * What adapters need to run the program on their own values is in
 * `@weight-decay/core/adapter`.
 *
 * @packageDocumentation
 */
export type { FloatArray, Precision } from './float-array.js';
export { stepScalars, groupStepScalars } from './step-scalars.js';
export type { TermScalars, StepScalars, DecayScalarsSource } from './step-scalars.js';
export { optimizerSlotNames } from './optimizer-slots.js';
export { createUpdater } from './updater.js';
export type { Updater, UpdaterOptions, UpdaterState } from './updater.js';
export { NonFiniteGradientError } from './gradient/non-finite-gradient-error.js';
export type { GradientStatus, GradientStepResult, GradientWindowState } from './gradient/gradient-window.js';
