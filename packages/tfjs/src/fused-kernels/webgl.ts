import { engine } from '@tensorflow/tfjs-core';
import type { Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { decayPresence, decayVariantOf, emitGlsl, scalarInputValues, traceDecayVariants } from '@weight-decay/core/adapter';
import type { DecayVariant, GlslProgram, GlslUpdate } from '@weight-decay/core/adapter';
import type { FusedKernel } from './fused-kernel.js';
import { moveToBackend } from './fused-kernel.js';

/** tfjs-backend-webgl's `GPGPUProgram`, the fields a custom element-wise program sets. */
interface GpgpuProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms: { name: string; type: 'float' }[];
}

/** The part of tfjs-backend-webgl's `MathBackendWebGL` this kernel uses. */
interface WebglBackend {
  compileAndRun(program: GpgpuProgram, inputs: TensorInfo[], outputDtype: 'float32', customUniformValues: number[][]): TensorInfo;
}

/**
 * The fused update on tfjs's webgl backend: core's update program traced and
 * emitted as GLSL (`emitGlsl`), one shader per output (θ and each slot), each
 * one draw over the whole variable; the per-step scalars are uniforms computed
 * in float64, so each shader compiles once per optimizer variant and shape,
 * not per step. Every shader reads the old values; the variables are then
 * assigned their new textures. Nothing is downloaded. A config whose program
 * needs a reduction gets no fused kernel (it runs op by op).
 */
export const webglFusedKernel: FusedKernel = (optimizer) => {
  const traced = traceDecayVariants(optimizer);
  const emitted = new Map<DecayVariant, GlslUpdate>();
  try {
    for (const variant of Object.keys(traced) as DecayVariant[]) emitted.set(variant, emitGlsl(traced[variant].outputs));
  } catch {
    return undefined;
  }
  return (inputs, learningRate, parameterStep, coefficients) => {
    const backend = engine().backend as unknown as WebglBackend;
    const glsl = emitted.get(decayVariantOf(decayPresence(coefficients))) as GlslUpdate;
    const uniforms = glsl.uniformValues(scalarInputValues(glsl.scalars, optimizer, learningRate, parameterStep, coefficients));
    const written = new Map<string, Variable>([
      ['p', inputs.theta],
      ...inputs.slots.map((slot, k): [string, Variable] => [`slot${k}`, slot]),
    ]);
    const named = new Map<string, Tensor | undefined>([...written, ['g', inputs.gradient], ['anchorValues', inputs.anchor]]);
    const tensorOf = (name: string): Tensor => {
      const t = named.get(name) as Tensor;
      moveToBackend(backend, t);
      return t;
    };
    const outputs = glsl.programs.map((program) => {
      const info = backend.compileAndRun(
        gpgpuProgram(program, inputs.theta.shape),
        program.inputs.map(tensorOf),
        'float32',
        program.uniforms.map((name) => [uniforms[name]]),
      );
      return { target: written.get(program.output) as Variable, value: engine().makeTensorFromTensorInfo(info) };
    });
    for (const { target, value } of outputs) {
      target.assign(value);
      value.dispose();
    }
  };
};

function gpgpuProgram(program: GlslProgram, shape: number[]): GpgpuProgram {
  return {
    variableNames: program.inputs,
    outputShape: shape,
    userCode: program.userCode,
    customUniforms: program.uniforms.map((name) => ({ name, type: 'float' })),
  };
}
