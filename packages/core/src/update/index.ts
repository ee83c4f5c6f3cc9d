/**
 * The update: per-step scalars, optimizer slots and the {@link Updater} that
 * runs the fused float64 reference / float32 kernel.
 *
 * @packageDocumentation
 */
export type { FloatArray, Precision } from './float-array.js';
export { stepScalars, createStepScalars, decayTermScalars, createDecayTermScalars } from './step-scalars.js';
export type { TermScalars, StepScalars } from './step-scalars.js';
export { optimizerSlotNames } from './optimizer-slots.js';
export { createUpdater } from './updater.js';
export type { Updater, UpdaterOptions, UpdaterState } from './updater.js';
