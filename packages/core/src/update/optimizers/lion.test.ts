import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/index.js';
import type { ResolvedLionConfig } from '../../config/index.js';
import { float64Ops } from '../ops/float64-ops.js';
import { lion } from './lion.js';

const configOf = (optimizer: Record<string, unknown>) =>
  resolveConfig({ optimizer: { type: 'lion', learningRate: 0.1, ...optimizer } }).optimizer as ResolvedLionConfig;

describe('lion', () => {
  it('has one slot and the defaults beta1 0.9, beta2 0.99', () => {
    const config = configOf({});
    expect(lion.slotNames(lion.variantOf(config))).toEqual(['m']);
    expect(config).toEqual({ type: 'lion', learningRate: 0.1, beta1: 0.9, beta2: 0.99 });
  });

  it('u = sign(β1·m + (1−β1)·g) with sign(0) = 0, then m ← β2·m + (1−β2)·g', () => {
    // c = 0.9·m + 0.1·g = [0.45 − 0.1, −0.18 − 0.1, 0, 0.09 − 0.1] = [0.35, −0.28, 0, −0.01]:
    // the last element's sign comes from g although m > 0; the third is 0.
    const m = Float64Array.of(0.5, -0.2, 0, 0.1);
    const g = Float64Array.of(-1, -1, 0, -1);
    const out = lion.step(float64Ops, lion.variantOf(configOf({})), g, [m], lion.scalars(configOf({}), 0.1, 7));
    expect(Array.from(out.direction as Float64Array)).toEqual([1, -1, 0, -1]);
    expect(Array.from(out.delta as Float64Array)).toEqual([0.1, -0.1, 0, -0.1]);
    // m' = 0.99·m + 0.01·g = [0.495 − 0.01, −0.198 − 0.01, 0, 0.099 − 0.01].
    const next = Array.from(out.slots[0] as Float64Array);
    [0.485, -0.208, 0, 0.089].forEach((value, i) => expect(next[i]).toBeCloseTo(value, 15));
  });

  it('beta1 = 0 is signSGD: u = sign(g) whatever m', () => {
    const config = configOf({ beta1: 0 });
    const out = lion.step(
      float64Ops,
      lion.variantOf(config),
      Float64Array.of(0.25, -3),
      [Float64Array.of(-5, 5)],
      lion.scalars(config, 0.5, 0),
    );
    expect(Array.from(out.delta as Float64Array)).toEqual([0.5, -0.5]);
  });
});
