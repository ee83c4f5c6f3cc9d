import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { createArrayUpdate } from '../kernels/array-update.js';
import { float64Ops, type Float64Value } from '../ops/float64-ops.js';
import { runUpdate } from '../program/run-update.js';
import { decayCoefficients } from '../terms/decay-coefficients.js';
import { averageStep, averageWeights } from './weight-average.js';

/** Runs the bookkeeping and the step (float64 interpreter) over a sequence of θ, as a driver does. */
function averageOver(config: Parameters<typeof averageWeights>[0], thetas: number[][]) {
  let a: Float64Value = new Float64Array(thetas[0].length);
  let averaged = 0;
  const after: (number[] | undefined)[] = [];
  thetas.forEach((theta, i) => {
    const weights = averageWeights(config, i + 1, averaged);
    if (weights !== undefined) {
      a = averageStep(float64Ops, a, Float64Array.from(theta), weights.keep, weights.take);
      averaged += 1;
    }
    after.push(averaged === 0 ? undefined : Array.from(a as Float64Array));
  });
  return after;
}

const thetas = [
  [1, -2],
  [3, 0.5],
  [-1, 4],
  [2, 2],
];

describe('weight averaging (docs/guides/config-1.1.md)', () => {
  it('ema: A = θ_1 after update 1, then A ← d·A + (1−d)·θ_k', () => {
    const d = 0.75;
    const expected: number[][] = [thetas[0]];
    for (let k = 1; k < thetas.length; k++) expected.push(expected[k - 1].map((a, i) => d * a + (1 - d) * thetas[k][i]));
    expect(averageOver({ type: 'ema', decay: d }, thetas)).toEqual(expected);
  });

  it('ema with decay 0 follows θ and with decay 1 keeps θ_1', () => {
    expect(averageOver({ type: 'ema', decay: 0 }, thetas)).toEqual(thetas);
    expect(averageOver({ type: 'ema', decay: 1 }, thetas)).toEqual(thetas.map(() => thetas[0]));
  });

  it('uniform from start 2: nothing before update 3, then the plain mean of θ_3, θ_4', () => {
    const after = averageOver({ type: 'uniform', start: 2 }, thetas);
    expect(after.slice(0, 2)).toEqual([undefined, undefined]);
    expect(after[2]).toEqual(thetas[2]);
    expect(after[3]).toEqual([(-1 + 2) / 2, (4 + 2) / 2]);
  });

  it('uniform from 0 is the running mean of every θ (to rounding)', () => {
    const after = averageOver({ type: 'uniform', start: 0 }, thetas);
    const mean = (k: number, i: number) => thetas.slice(0, k).reduce((s, t) => s + t[i], 0) / k;
    after.forEach((a, k) => a?.forEach((x, i) => expect(x).toBeCloseTo(mean(k + 1, i), 14)));
  });

  it.each(['float32', 'float64'] as const)(
    'the generated %s loop takes the average in the update pass: θ and A as the interpreter, each store rounded',
    (precision) => {
      const { optimizer } = parseConfig({ optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.5 }] });
      const type = precision === 'float32' ? Float32Array : Float64Array;
      const coefficients = decayCoefficients([], []);
      coefficients.keep = 0.05;
      const theta = new type([0.1, 1 / 3, -7.25]);
      const gradient = new type([0.5, -0.25, 2]);
      const slots = [new type([0.01, 0.02, -0.03]), new type([0.1, 0.2, 0.3])];
      const average = new type([0.2, 0.3, 0.4]);
      const f64 = (a: Float32Array | Float64Array) => Float64Array.from(a);
      const out = runUpdate(
        float64Ops,
        optimizer,
        { theta: f64(theta), gradient: f64(gradient), slots: slots.map(f64) },
        0.1,
        3,
        coefficients,
      );
      const expectedAverage = averageStep(float64Ops, f64(average), out.theta, 0.9, 0.1);
      createArrayUpdate(optimizer, precision)({ theta, gradient, slots, average }, 0.1, 3, coefficients, { keep: 0.9, take: 0.1 });
      expect(Array.from(theta)).toEqual(Array.from(new type(out.theta as Float64Array)));
      expect(Array.from(average)).toEqual(Array.from(new type(expectedAverage as Float64Array)));
    },
  );
});
