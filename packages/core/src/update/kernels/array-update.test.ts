import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { optimizerOf } from '../optimizers/index.js';
import { runUpdate } from '../program/run-update.js';
import type { DecayCoefficients } from '../terms/decay-coefficients.js';
import { randomValues } from '../__fixtures__/run-updater.js';
import { averageStep } from '../average/weight-average.js';
import { createArrayUpdate } from './array-update.js';
import { kernels as float32Kernels } from './generated/float32-kernels.js';
import { kernels as float64Kernels } from './generated/float64-kernels.js';

// One config per optimizer variant the generator emits.
const optimizerConfigs = [
  { type: 'sgd' },
  { type: 'sgd', momentum: 0.9, dampening: 0.1 },
  { type: 'sgd', momentum: 0.9, nesterov: true },
  { type: 'adam' },
  { type: 'adam', amsgrad: true },
  { type: 'rmsprop' },
  { type: 'rmsprop', centered: true },
  { type: 'rmsprop', momentum: 0.5 },
  { type: 'rmsprop', centered: true, momentum: 0.5 },
  { type: 'adagrad', lrDecay: 0.1, initialAccumulator: 0.1 },
  { type: 'adamax' },
  { type: 'nadam' },
  { type: 'radam' },
  { type: 'adadelta' },
  { type: 'lion' },
].map((o) => parseConfig({ optimizer: { learningRate: 0.05, ...o } }).optimizer);

// Coefficients with every kind a decay variant covers nonzero, so the generated loop and the
// interpreter (which skips absent kinds) run the same operations.
const decayCases: [string, DecayCoefficients][] = [
  ['plain', { l2: 0, l1: 0, keep: 0.99, anchor: 0, cautiousDecoupled: 0, cautiousAnchor: 0, threshold: 0 }],
  ['full', { l2: 0.01, l1: 0.02, keep: 0.98, anchor: 0, cautiousDecoupled: 0.03, cautiousAnchor: 0, threshold: 0.001 }],
  ['anchored', { l2: 0.01, l1: 0.02, keep: 0.98, anchor: 0.04, cautiousDecoupled: 0.03, cautiousAnchor: 0.05, threshold: 0.001 }],
];

describe('the generated float64 loops equal the interpreted program bit for bit', () => {
  for (const optimizer of optimizerConfigs) {
    const { definition, variant } = optimizerOf(optimizer);
    for (const [decayName, coefficients] of decayCases) {
      it(`${JSON.stringify(optimizer).slice(0, 80)} with ${decayName} decay`, () => {
        const n = 64;
        const slotCount = definition.slotNames(variant).length;
        // Slots from |random| so second-moment averages stay ≥ 0, as they are in training.
        const slots = Array.from({ length: slotCount }, (_, i) => Float64Array.from(randomValues(10 + i, n), Math.abs));
        const theta = Float64Array.from(randomValues(1, n));
        const gradient = Float64Array.from(randomValues(2, n));
        const anchor = Float64Array.from(randomValues(3, n));
        for (const parameterStep of [0, 3]) {
          const interpreted = runUpdate(float64Ops, optimizer, { theta, gradient, slots, anchor }, 0.05, parameterStep, coefficients);
          const arrays = { theta: theta.slice(), gradient, slots: slots.map((s) => s.slice()), anchor };
          createArrayUpdate(optimizer, 'float64')(arrays, 0.05, parameterStep, coefficients);
          expect(Array.from(arrays.theta)).toEqual(Array.from(interpreted.theta as Float64Array));
          arrays.slots.forEach((slot, i) => expect(Array.from(slot)).toEqual(Array.from(interpreted.slots[i] as Float64Array)));
          // The averaging variant: the same θ, and the average taking it in the same pass.
          const average = Float64Array.from(randomValues(4, n));
          const averaging = { ...arrays, theta: theta.slice(), slots: slots.map((s) => s.slice()), average: average.slice() };
          createArrayUpdate(optimizer, 'float64')(averaging, 0.05, parameterStep, coefficients, { keep: 0.7, take: 0.3 });
          expect(Array.from(averaging.theta)).toEqual(Array.from(interpreted.theta as Float64Array));
          const expected = averageStep(float64Ops, average, interpreted.theta, 0.7, 0.3) as Float64Array;
          expect(Array.from(averaging.average)).toEqual(Array.from(expected));
        }
      });
    }
  }
});

describe('generated loops', () => {
  it('exist for float32 and float64 as separate functions (V8 keeps separate type feedback)', () => {
    expect(Object.keys(float32Kernels)).toEqual(Object.keys(float64Kernels));
    // Each also in an averaging variant (config `average`).
    expect(Object.keys(float32Kernels)).toHaveLength(optimizerConfigs.length * decayCases.length * 2);
    for (const key of Object.keys(float32Kernels)) expect(float32Kernels[key]).not.toBe(float64Kernels[key]);
  });

  it('float32 rounds each store and otherwise follows the float64 loop', () => {
    const optimizer = resolveConfig({ optimizer: { type: 'adam', learningRate: 0.01 } }).optimizer;
    const c = decayCases[0][1];
    const theta = randomValues(4, 16),
      gradient = randomValues(5, 16);
    const f64 = {
      theta: Float64Array.from(theta),
      gradient: Float64Array.from(gradient),
      slots: [new Float64Array(16), new Float64Array(16)],
    };
    const f32 = {
      theta: Float32Array.from(theta),
      gradient: Float32Array.from(gradient),
      slots: [new Float32Array(16), new Float32Array(16)],
    };
    createArrayUpdate(optimizer, 'float64')(f64, 0.01, 0, c);
    createArrayUpdate(optimizer, 'float32')(f32, 0.01, 0, c);
    f32.theta.forEach((x, i) => expect(Math.abs(x - f64.theta[i])).toBeLessThanOrEqual(1e-6 * Math.abs(f64.theta[i]) + 1e-7));
  });
});
