import { describe, expect, it } from 'vitest';
import { float64Ops } from '../ops/float64-ops.js';
import { averageArrays } from './average-arrays.js';
import { averageStep, averageWeights } from './weight-average.js';

/** Runs the bookkeeping and the array step over a sequence of θ, as a driver does. */
function averageOver(config: Parameters<typeof averageWeights>[0], thetas: number[][], precision: 'float32' | 'float64') {
  const type = precision === 'float32' ? Float32Array : Float64Array;
  const a = new type(thetas[0].length);
  let averaged = 0;
  const after: (number[] | undefined)[] = [];
  thetas.forEach((theta, i) => {
    const weights = averageWeights(config, i + 1, averaged);
    if (weights !== undefined) {
      averageArrays(a, new type(theta), weights);
      averaged += 1;
    }
    after.push(averaged === 0 ? undefined : Array.from(a));
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
    expect(averageOver({ type: 'ema', decay: d }, thetas, 'float64')).toEqual(expected);
  });

  it('ema with decay 0 follows θ and with decay 1 keeps θ_1', () => {
    expect(averageOver({ type: 'ema', decay: 0 }, thetas, 'float64')).toEqual(thetas);
    expect(averageOver({ type: 'ema', decay: 1 }, thetas, 'float64')).toEqual(thetas.map(() => thetas[0]));
  });

  it('uniform from start 2: nothing before update 3, then the plain mean of θ_3, θ_4', () => {
    const after = averageOver({ type: 'uniform', start: 2 }, thetas, 'float64');
    expect(after.slice(0, 2)).toEqual([undefined, undefined]);
    expect(after[2]).toEqual(thetas[2]);
    expect(after[3]).toEqual([(-1 + 2) / 2, (4 + 2) / 2]);
  });

  it('uniform from 0 is the running mean of every θ (to rounding)', () => {
    const after = averageOver({ type: 'uniform', start: 0 }, thetas, 'float64');
    const mean = (k: number, i: number) => thetas.slice(0, k).reduce((s, t) => s + t[i], 0) / k;
    after.forEach((a, k) => a?.forEach((x, i) => expect(x).toBeCloseTo(mean(k + 1, i), 14)));
  });

  it('float32 arrays round once per element, as the float64 step rounded to float32', () => {
    const theta = [0.1, 1 / 3, -7.25];
    const a32 = new Float32Array([0.2, 0.3, 0.4]);
    const expected = averageStep(float64Ops, Float64Array.from(a32), Float64Array.from(new Float32Array(theta)), 0.9, 0.1 as number);
    averageArrays(a32, new Float32Array(theta), { keep: 0.9, take: 0.1 });
    expect(Array.from(a32)).toEqual(Array.from(new Float32Array(expected as Float64Array)));
  });
});
