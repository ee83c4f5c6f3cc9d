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
}

/**
 * Traces the update program of one optimizer variant and one set of decay
 * kinds. Element inputs are `p` (θ), `g`, `slot0…` and `anchorValues`;
 * scalar inputs are `s.<name>` (the optimizer's scalars) and `c.<name>` (the
 * decay coefficients). Backend-neutral: any emitter can read the graph.
 */
export function traceUpdate(definition: OptimizerDefinition, variant: OptimizerVariant, presence: DecayPresence): TracedUpdate {
  const tracer = new Tracer();
  const slotCount = definition.slotNames(variant).length;
  const anchored = presence.anchor || presence.cautiousAnchor;
  const inputs = {
    theta: tracer.element('p'),
    gradient: tracer.element('g'),
    slots: Array.from({ length: slotCount }, (_, i) => tracer.element(`slot${i}`)),
    anchor: anchored ? tracer.element('anchorValues') : undefined,
  };
  const c = Object.fromEntries(decayCoefficientNames.map((name) => [name, tracer.scalar(`c.${name}`)])) as CoefficientValues<TraceNode>;
  const out = updateProgram(tracer, definition, variant, presence, inputs, tracer.scalarRecord('s.'), c);
  const outputs = [{ array: 'p', value: out.theta }, ...out.slots.map((value, i) => ({ array: `slot${i}`, value }))];
  return { tracer, outputs, slotCount, anchored };
}

/** The body of one kernel (statements over `n, p, g, slots, anchor, s, c`). */
function kernelBody(definition: OptimizerDefinition, variant: OptimizerVariant, decayVariant: DecayVariant): string {
  const { outputs, slotCount, anchored } = traceUpdate(definition, variant, decayVariants[decayVariant]);
  const prelude = [
    ...Array.from({ length: slotCount }, (_, i) => `  const slot${i} = slots[${i}];`),
    ...(anchored ? ['  const anchorValues = anchor as NonNullable<typeof anchor>;'] : []),
  ];
  return [...prelude, emitJsLoop(outputs)].join('\n');
}

/** The body of the averaging loop (statements over `n, a, p, keep, take`): a[i] = keep·a[i] + take·p[i]. */
function averageKernelBody(): string {
  const tracer = new Tracer();
  const value = averageStep(tracer, tracer.element('a'), tracer.element('p'), tracer.scalar('keep'), tracer.scalar('take'));
  return emitJsLoop([{ array: 'a', value }]);
}

/**
 * A TypeScript module exporting `kernels` and `averageKernel`: every generated loop for one array
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
        const key = kernelKey(definition.type, variantKey(variant), decayVariant);
        entries.push(
          `  ${JSON.stringify(key)}(n, p, g, slots, anchor, s, c) {\n${kernelBody(definition, variant, decayVariant).replace(/^/gm, '  ')}\n  },`,
        );
      }
    });
  }
  return [
    '// Generated at build time by packages/core/scripts/generate-kernels.ts from the update',
    '// program (src/update/program/update-program.ts) and the optimizers. Not committed; do not edit.',
    '/* eslint-disable */',
    "import type { ArrayKernel, AverageKernel } from '../array-kernel.js';",
    '',
    `export const kernels: Readonly<Record<string, ArrayKernel<${arrayType}>>> = {`,
    ...entries,
    '};',
    '',
    `export const averageKernel: AverageKernel<${arrayType}> = (n, a, p, keep, take) => {`,
    averageKernelBody(),
    '};',
    '',
  ].join('\n');
}
