/**
 * `@weight-decay/core/adapter`: what an adapter (a framework binding such as
 * `@weight-decay/tfjs`) needs to run the update program on its own values.
 * Users import from `@weight-decay/core` instead.
 *
 * - {@link UpdateOps}: the operations a backend implements; {@link runUpdate}
 *   runs one parameter's update with them (scalars as plain numbers).
 * - {@link createArrayUpdate}: the same update on typed arrays, through the
 *   fused loops generated at build time.
 * - {@link decayCoefficients}: a parameter's coefficients from the terms touching it.
 * - {@link decayedGradient} and {@link finishUpdate}: the decay around an
 *   optimizer the adapter does not own (`withWeightDecay`).
 * - {@link averageWeights} and {@link averageStep}: weight averaging (config
 *   `average`): the bookkeeping and the step over ops (the generated loops
 *   take it in the update's own pass: `createArrayUpdate`'s `averageWeights`).
 * - {@link optimizers}, {@link traceUpdate}, {@link TracedKernels},
 *   {@link scalarInputValues}: the definitions and their trace, for backends
 *   that generate their own fused kernels; {@link emitWasmLoop} turns a trace
 *   into a WebAssembly module, {@link emitGlsl} into shaders.
 *
 * The order of operations is documented in docs/guides/decay-contract.md.
 *
 * @packageDocumentation
 */
export type { UpdateOps } from './update/ops/update-ops.js';
export { float64Ops } from './update/ops/float64-ops.js';
export type { Float64Value, Float64Condition } from './update/ops/float64-ops.js';
export { optimizers, optimizerOf } from './update/optimizers/index.js';
export { variantKey } from './update/optimizers/optimizer-definition.js';
export type { OptimizerDefinition, OptimizerStepResult, OptimizerVariant } from './update/optimizers/optimizer-definition.js';
export { coefficientOf, decayCoefficients, decayPresence, needsAnchor } from './update/terms/decay-coefficients.js';
export type { AppliedTerm, DecayCoefficients, DecayPresence } from './update/terms/decay-coefficients.js';
export { decayedGradient, finishUpdate, hasShrinkOrThreshold, updateProgram } from './update/program/update-program.js';
export type { CoefficientValues, UpdateInputs, UpdateOutputs } from './update/program/update-program.js';
export { runUpdate } from './update/program/run-update.js';
export { createArrayUpdate } from './update/kernels/array-update.js';
export type { ArrayUpdate, ParameterArrays } from './update/kernels/array-update.js';
export { Tracer } from './update/codegen/trace-ops.js';
export type { TraceNode, TraceOp } from './update/codegen/trace-ops.js';
export { traceUpdate } from './update/codegen/kernel-source.js';
export type { TracedUpdate } from './update/codegen/kernel-source.js';
export type { LoopOutput } from './update/codegen/emit-js-loop.js';
export { emitWasmLoop } from './update/codegen/emit-wasm-loop.js';
export type { WasmLoop } from './update/codegen/emit-wasm-loop.js';
export { emitGlsl } from './update/codegen/emit-glsl.js';
export type { GlslProgram, GlslUpdate } from './update/codegen/emit-glsl.js';
export { TracedKernels, scalarInputValues } from './update/codegen/traced-kernels.js';
export type { KernelExtras, KernelForm } from './update/codegen/traced-kernels.js';
export { decayVariants, decayVariantOf } from './update/kernels/kernel-variants.js';
export type { DecayVariant } from './update/kernels/kernel-variants.js';
export { averageStep, averageWeights } from './update/average/weight-average.js';
export type { AverageWeights } from './update/average/weight-average.js';
export {
  accumulateGradient,
  clipFactor,
  clipGradient,
  clipNormEpsilon,
  globalNorm,
  nonFiniteProbe,
  windowMean,
} from './update/gradient/gradient-transforms.js';
export { GradientWindow, gradientSettings } from './update/gradient/gradient-window.js';
export { ArrayGradientStage, clipInto, firstNonFinite } from './update/gradient/array-gradient-stage.js';
export type { FloatArrayConstructor } from './update/gradient/array-gradient-stage.js';
export type { NamedGradient, TakenGradients } from './update/gradient/array-gradient-stage.js';
