import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import { decayVariants } from '../kernels/kernel-variants.js';
import type { DecayVariant } from '../kernels/kernel-variants.js';
import { optimizers } from '../optimizers/index.js';
import type { OptimizerDefinition } from '../optimizers/optimizer-definition.js';
import { emitGlsl } from './emit-glsl.js';
import { traceUpdate } from './kernel-source.js';
import { Tracer } from './trace-ops.js';
import { TracedKernels, scalarInputValues } from './traced-kernels.js';

describe('emitGlsl', () => {
  it('samples the element inputs, and passes what does not vary per element as a uniform computed in float64', () => {
    // p ← p − (a·0.1)·g: a·0.1 is one uniform, 0.30000000000000004 for a = 3 (float64, not float32).
    const t = new Tracer();
    const factor = t.mul(t.scalar('s.a'), t.constant(0.1));
    const value = t.sub(t.element('p'), t.mul(factor, t.element('g')));
    const { programs, scalars, uniformValues } = emitGlsl([{ array: 'p', value }]);
    expect(scalars).toEqual(['s.a']);
    expect(programs).toHaveLength(1);
    const [program] = programs;
    expect(program.output).toBe('p');
    expect(program.inputs).toEqual(['p', 'g']);
    expect(program.uniforms).toEqual([`u${factor.id}`]);
    expect(program.userCode).toContain('getPAtOutCoords()');
    expect(program.userCode).toContain('getGAtOutCoords()');
    expect(program.userCode).toContain(`setOutput(v${value.id});`);
    expect(uniformValues([3])).toEqual({ [`u${factor.id}`]: 3 * 0.1, [`u${t.scalar('s.a').id}`]: 3 });
  });

  it('writes float literals, and max, min, sign and select as the JS loops do', () => {
    const t = new Tracer();
    const p = t.element('p');
    const value = t.select(t.greater(p, t.constant(-1)), t.max(p, t.constant(2)), t.min(t.sign(p), t.constant(0.5)));
    const { userCode } = emitGlsl([{ array: 'p', value }]).programs[0];
    expect(userCode).toMatch(/bool v\d+ = v\d+ > \(-1\.0\);/);
    expect(userCode).toMatch(/float v\d+ = v(\d+) > 2\.0 \? v\1 : 2\.0;/);
    expect(userCode).toMatch(/float v\d+ = v(\d+) > 0\.0 \? 1\.0 : v\1 < 0\.0 \? -1\.0 : 0\.0;/);
    expect(userCode).toMatch(/float v\d+ = v(\d+) < 0\.5 \? v\1 : 0\.5;/);
    expect(userCode).toMatch(/float v\d+ = v\d+ \? v\d+ : v\d+;/);
  });

  it('passes a condition that does not vary per element as a float uniform, 1 or 0, read back as a bool', () => {
    const t = new Tracer();
    const positive = t.greater(t.scalar('s.a'), t.constant(0));
    const glsl = emitGlsl([{ array: 'p', value: t.select(positive, t.element('p'), t.element('g')) }]);
    expect(glsl.programs[0].userCode).toMatch(new RegExp(`= \\(u${positive.id} != 0\\.0\\) \\? v\\d+ : v\\d+;`));
    expect(glsl.uniformValues([2])[`u${positive.id}`]).toBe(1);
    expect(glsl.uniformValues([-2])[`u${positive.id}`]).toBe(0);
  });

  it('refuses a reduction, which needs a pass of its own', () => {
    const t = new Tracer();
    const value = t.div(t.element('p'), t.sqrt(t.sumOfSquares(t.element('g'))));
    expect(() => emitGlsl([{ array: 'p', value }])).toThrow(/sumOfSquares/);
  });

  it("computes AdamW's per-step uniforms from the optimizer's scalars and the coefficients", () => {
    const optimizer = resolveConfig({ optimizer: { type: 'adam', learningRate: 0.1 } }).optimizer;
    const c = { l2: 0, l1: 0, keep: 0.99, anchor: 0, cautiousDecoupled: 0, cautiousAnchor: 0, threshold: 0 };
    const glsl = new TracedKernels(optimizer, (traced) => emitGlsl(traced.outputs)).forCoefficients(c);
    expect(glsl.programs.map((program) => program.output)).toEqual(['p', 'slot0', 'slot1']);
    const values = glsl.uniformValues(scalarInputValues(glsl.scalars, optimizer, 0.1, 2, c));
    // Among them, θ's keep factor 0.99 and the third update's bias corrections 1 − 0.9³ and 1 − 0.999³
    // (in some arrangement the optimizer chose, computed in float64).
    const all = Object.values(values);
    expect(all).toContain(0.99);
    expect(all.every(Number.isFinite)).toBe(true);
    for (const program of glsl.programs) for (const name of program.uniforms) expect(values).toHaveProperty(name);
  });

  it('emits every optimizer variant × decay variant, each program reading only the inputs it samples', () => {
    for (const definition of Object.values(optimizers) as OptimizerDefinition[]) {
      for (const variant of definition.variants) {
        for (const decayVariant of Object.keys(decayVariants) as DecayVariant[]) {
          const { outputs } = traceUpdate(definition, variant, decayVariants[decayVariant]);
          for (const program of emitGlsl(outputs).programs) {
            for (const input of program.inputs)
              expect(program.userCode).toContain(`get${input[0].toUpperCase()}${input.slice(1)}AtOutCoords()`);
            for (const uniform of program.uniforms) expect(program.userCode).toContain(uniform);
          }
        }
      }
    }
  });

  it("leaves a float32 node to the shader's float (already float32), and the averaged output as a program of its own", () => {
    const definition = optimizers.adam as OptimizerDefinition;
    const traced = traceUpdate(definition, definition.variants[0], decayVariants.plain, true, true);
    const { programs, scalars } = emitGlsl(traced.outputs);
    expect(programs.map((program) => program.output)).toEqual(['p', 'slot0', 'slot1', 'averageValues']);
    expect(programs[3].inputs).toEqual(expect.arrayContaining(['averageValues', 'p', 'g']));
    expect(scalars).toEqual(expect.arrayContaining(['clip.factor', 'weights.keep', 'weights.take']));
    // g·factor, used as it is: no rounding call in GLSL.
    expect(programs[0].userCode).toMatch(/float v(\d+) = v\d+ \* u\d+;/);
    expect(programs[0].userCode).not.toContain('fround');
  });
});
