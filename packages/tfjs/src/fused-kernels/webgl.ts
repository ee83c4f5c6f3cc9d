import { engine } from '@tensorflow/tfjs-core';
import type { Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import { TracedKernels, emitGlsl, scalarInputValues } from '@weight-decay/core/adapter';
import type { GlslProgram, GlslUpdate } from '@weight-decay/core/adapter';
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
 * emitted as GLSL (`emitGlsl`), one shader per output (θ, each slot and, averaged, the average), each
 * one draw over the whole variable; the per-step scalars are uniforms computed
 * in float64, so each shader compiles once per optimizer variant, set of
 * decay kinds present and shape, not per step. Every shader reads the old values; the variables are then
 * assigned their new textures. Nothing is downloaded. A config whose program
 * needs a reduction gets no fused kernel (it runs op by op).
 */
export const webglFusedKernel: FusedKernel = (optimizer) => {
  // Shaders per set of decay kinds present, emitted at its first use (tfjs compiles each once per shape).
  const shaders = new TracedKernels(optimizer, (traced): GlslUpdate => emitGlsl(traced.outputs));
  // A program with a reduction cannot be emitted: then the config has no fused kernel. Checked once with
  // every decay kind present, the largest program (fewer kinds only leave nodes out), so no update can fail later.
  try {
    shaders.forCoefficients({ l2: 1, l1: 1, keep: 0.5, anchor: 1, cautiousDecoupled: 1, cautiousAnchor: 1, threshold: 1 });
  } catch {
    return undefined;
  }
  return (inputs, learningRate, parameterStep, coefficients) => {
    const backend = engine().backend as unknown as WebglBackend;
    const glsl = shaders.forCoefficients(coefficients, {
      averaged: inputs.averageWeights !== undefined,
      clipped: inputs.clipFactor !== undefined,
    });
    const uniforms = glsl.uniformValues(scalarInputValues(glsl.scalars, optimizer, learningRate, parameterStep, coefficients, inputs));
    const written = new Map<string, Variable>([
      ['p', inputs.theta],
      ...inputs.slots.map((slot, k): [string, Variable] => [`slot${k}`, slot]),
      ...(inputs.averageWeights === undefined ? [] : [['averageValues', inputs.average as Variable] as [string, Variable]]),
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
    // No Σg²: N's reduction runs as tfjs ops in the gradient stage.
    return undefined;
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
