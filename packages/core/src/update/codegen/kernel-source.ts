/**
 * The source of the generated kernel modules: every optimizer variant ×
 * decay variant, traced through the update program and emitted as a fused
 * JS loop. Run at build time by `scripts/generate-kernels.ts`; nothing here
 * runs when the package is used.
 *
 * @packageDocumentation
 */
import { decayCoefficientNames } from '../terms/decay-coefficients.js';
import type { CoefficientValues } from '../program/update-program.js';
import { updateProgram } from '../program/update-program.js';
import { optimizers } from '../optimizers/index.js';
import type { OptimizerDefinition, OptimizerVariant } from '../optimizers/optimizer-definition.js';
import type { DecayPresence } from '../terms/decay-coefficients.js';
import { variantKey } from '../optimizers/optimizer-definition.js';
import { decayVariants, kernelKey } from '../kernels/kernel-variants.js';
import type { DecayVariant } from '../kernels/kernel-variants.js';
import { Tracer } from './trace-ops.js';
import type { TraceNode } from './trace-ops.js';
import { emitJsLoop } from './emit-js-loop.js';
import { averageStep } from '../average/weight-average.js';
import type { LoopOutput } from './emit-js-loop.js';

/** A traced update: its graph, the arrays it writes, and what it reads. */
export interface TracedUpdate {
  /** The recorded graph. */
  tracer: Tracer;
  /** θ (`p`) then each slot (`slot0`, `slot1`, …). */
  outputs: LoopOutput[];
  /** How many slots the optimizer variant keeps. */
  slotCount: number;
  /** Whether θ₀ (`anchorValues`) is read. */
  anchored: boolean;
  /** Whether the averaged weights (`averageValues`) take θ_{t+1} in the same pass. */
  averaged: boolean;
  /** Whether g is multiplied by the global-norm clip factor (`clip.factor`) first. */
  clipped: boolean;
}

/**
 * Traces the update program of one optimizer variant and one set of decay
 * kinds. Element inputs are `p` (θ), `g`, `slot0…` and `anchorValues`;
 * scalar inputs are `s.<name>` (the optimizer's scalars) and `c.<name>` (the
 * decay coefficients). With `averaged`, the element input `averageValues`
 * and the scalars `weights.keep`, `weights.take` give one more output: the average after
 * the update (`averageStep`). With `clipped`, g is first multiplied by the
 * scalar `clip.factor` (config 1.1 global-norm clipping, `clipGradient`) and
 * rounded to float32, as the clipped gradient a separate pass would store.
 * Backend-neutral: any emitter can read the graph.
 */
export function traceUpdate(
  definition: OptimizerDefinition,
  variant: OptimizerVariant,
  presence: DecayPresence,
  averaged = false,
  clipped = false,
): TracedUpdate {
  const tracer = new Tracer();
  const slotCount = definition.slotNames(variant).length;
  const anchored = presence.anchor || presence.cautiousAnchor;
  const inputs = {
    theta: tracer.element('p'),
    gradient: clipped ? tracer.float32(tracer.mul(tracer.element('g'), tracer.scalar('clip.factor'))) : tracer.element('g'),
    slots: Array.from({ length: slotCount }, (_, i) => tracer.element(`slot${i}`)),
    anchor: anchored ? tracer.element('anchorValues') : undefined,
  };
  const c = Object.fromEntries(decayCoefficientNames.map((name) => [name, tracer.scalar(`c.${name}`)])) as CoefficientValues<TraceNode>;
  const out = updateProgram(tracer, definition, variant, presence, inputs, tracer.scalarRecord('s.'), c);
  const outputs = [{ array: 'p', value: out.theta }, ...out.slots.map((value, i) => ({ array: `slot${i}`, value }))];
  if (averaged) {
    const average = averageStep(
      tracer,
      tracer.element('averageValues'),
      out.theta,
      tracer.scalar('weights.keep'),
      tracer.scalar('weights.take'),
    );
    outputs.push({ array: 'averageValues', value: average });
  }
  return { tracer, outputs, slotCount, anchored, averaged, clipped };
}

/** The body of one kernel (statements over `n, p, g, slots, anchor, s, c, average, w`). */
function kernelBody(definition: OptimizerDefinition, variant: OptimizerVariant, decayVariant: DecayVariant, averaging: boolean): string {
  const { outputs, slotCount, anchored, averaged } = traceUpdate(definition, variant, decayVariants[decayVariant], averaging);
  const prelude = [
    ...Array.from({ length: slotCount }, (_, i) => `  const slot${i} = slots[${i}];`),
    ...(anchored ? ['  const anchorValues = anchor as NonNullable<typeof anchor>;'] : []),
    ...(averaged
      ? ['  const averageValues = average as NonNullable<typeof average>;', '  const weights = w as NonNullable<typeof w>;']
      : []),
  ];
  return [...prelude, emitJsLoop(outputs)].join('\n');
}

/**
 * A TypeScript module exporting `kernels`: every generated loop for one array
 * type, by {@link kernelKey}. Each precision gets its own module, so V8 keeps
 * separate type feedback for Float32Array and Float64Array loops (shared
 * feedback would make every element access polymorphic).
 *
 * @param arrayType - `Float32Array` or `Float64Array`.
 */
export function kernelModuleSource(arrayType: 'Float32Array' | 'Float64Array'): string {
  const entries: string[] = [];
  for (const definition of Object.values(optimizers) as OptimizerDefinition[]) {
    definition.variants.forEach((variant) => {
      for (const decayVariant of Object.keys(decayVariants) as DecayVariant[]) {
        for (const averaged of [false, true]) {
          const key = kernelKey(definition.type, variantKey(variant), decayVariant, averaged);
          const body = kernelBody(definition, variant, decayVariant, averaged).replace(/^/gm, '  ');
          entries.push(`  ${JSON.stringify(key)}(n, p, g, slots, anchor, s, c, average, w) {\n${body}\n  },`);
        }
      }
    });
  }
  return [
    '// Generated at build time by packages/core/scripts/generate-kernels.ts from the update',
    '// program (src/update/program/update-program.ts) and the optimizers. Not committed; do not edit.',
    '/* eslint-disable */',
    "import type { ArrayKernel } from '../array-kernel.js';",
    '',
    `export const kernels: Readonly<Record<string, ArrayKernel<${arrayType}>>> = {`,
    ...entries,
    '};',
    '',
  ].join('\n');
}
