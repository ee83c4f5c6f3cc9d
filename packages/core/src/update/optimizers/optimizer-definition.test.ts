import { describe, expect, it } from 'vitest';
import type { ResolvedSgdConfig } from '../../config/index.js';
import { loadEmittedLoop } from '../__fixtures__/load-emitted-loop.js';
import { traceUpdate } from '../codegen/kernel-source.js';
import { emitJsLoop } from '../codegen/emit-js-loop.js';
import { float64Ops } from '../ops/float64-ops.js';
import { updateProgram } from '../program/update-program.js';
import { decayVariants } from '../kernels/kernel-variants.js';
import type { OptimizerDefinition } from './optimizer-definition.js';
import { defineOptimizer, variantKey } from './optimizer-definition.js';

// A new optimizer is one definition: sign descent with momentum, b ← μ·b + g, θ ← θ − η·sign(b).
// (Typed against the sgd config only because config types live in config/.)
const signDescent = defineOptimizer<ResolvedSgdConfig, Record<string, never>>({
  type: 'sgd',
  variants: [{}],
  variantOf: () => ({}),
  slotNames: () => ['buffer'],
  initialSlotValue: () => 0,
  scalars: (config, learningRate) => ({ learningRate, momentum: config.momentum }),
  step(ops, _variant, gradient, slots, s) {
    const buffer = ops.add(ops.mul(s.momentum, slots[0]), gradient);
    const direction = ops.sign(buffer);
    return { direction, delta: ops.mul(s.learningRate, direction), slots: [buffer] };
  },
}) as unknown as OptimizerDefinition;

describe('an optimizer definition alone runs through the program, the interpreter and the emitted loop', () => {
  it('variant keys name the true flags', () => {
    expect(variantKey({})).toBe('plain');
    expect(variantKey({ momentum: true, nesterov: false })).toBe('momentum');
    expect(variantKey({ momentum: true, nesterov: true })).toBe('momentum+nesterov');
  });

  it('sign descent with l2 and a proximal threshold: interpreted by hand-checkable numbers, and the emitted loop agrees', async () => {
    // η = 0.1, μ = 0.5, l2 c = 0.2, threshold 0.05. θ = [1, −0.02], g = [0.3, 0.1], b = [0.1, −0.4].
    // g̃ = g + 0.2·θ = [0.5, 0.096]; b = 0.5·b + g̃ = [0.55, −0.104]; u = sign b = [1, −1];
    // θ − η·u = [0.9, 0.08]; threshold 0.05 → [0.85, 0.03].
    const presence = { ...decayVariants.full };
    const c = { l2: 0.2, l1: 0, keep: 1, anchor: 0, cautiousDecoupled: 0, cautiousAnchor: 0, threshold: 0.05 };
    const interpreted = updateProgram(
      float64Ops,
      signDescent,
      {},
      { ...presence, l1: false, keep: false, cautiousDecoupled: false },
      { theta: Float64Array.of(1, -0.02), gradient: Float64Array.of(0.3, 0.1), slots: [Float64Array.of(0.1, -0.4)] },
      { learningRate: 0.1, momentum: 0.5 },
      c,
    );
    const theta = Array.from(interpreted.theta as Float64Array);
    [0.85, 0.03].forEach((x, i) => expect(theta[i]).toBeCloseTo(x, 15));

    const { outputs } = traceUpdate(signDescent, {}, presence);
    const loop = await loadEmittedLoop(emitJsLoop(outputs), ['n', 'p', 'g', 'slot0', 's', 'c']);
    const p = Float64Array.of(1, -0.02);
    const slot0 = Float64Array.of(0.1, -0.4);
    loop(2, p, Float64Array.of(0.3, 0.1), slot0, { learningRate: 0.1, momentum: 0.5 }, c);
    expect(Array.from(p)).toEqual(theta);
    expect(Array.from(slot0)).toEqual(Array.from(interpreted.slots[0] as Float64Array));
  });
});
