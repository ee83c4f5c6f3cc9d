/**
 * Hand-worked steps of every optimizer, variant and decay term, run through
 * the updater in both precisions. Each expected value is derived in the
 * comment above it from docs/guides/decay-contract.md (PyTorch conventions); none comes from
 * running this code. Where an exact decimal is awkward the expectation is
 * written as the arithmetic expression of the derivation.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, precisions, rtolFor, runUpdater } from '../__fixtures__/run-updater.js';

describe.each(precisions)('optimizer steps (%s)', (precision) => {
  const rtol = rtolFor(precision);

  describe('sgd', () => {
    it('plain: θ ← θ − η·g', () => {
      // η = 0.1: 1 − 0.1·0.5 = 0.95; −2 − 0.1·0.25 = −2.025.
      const { params } = runUpdater({ optimizer: { type: 'sgd', learningRate: 0.1 } }, { w: [1, -2] }, [{ w: [0.5, 0.25] }], precision);
      expectClose(params.w, [0.95, -2.025], rtol);
    });

    it('momentum with dampening: the first buffer is g itself (PyTorch clones it)', () => {
      // μ = 0.9, τ = 0.5, η = 0.1.
      // step 1: b = g = [0.5, 0.25] (no dampening) → θ = [0.95, −2.025].
      // step 2: g = [1, −1]: b = 0.9·[0.5, 0.25] + 0.5·[1, −1] = [0.95, −0.275]
      //         θ = [0.95 − 0.095, −2.025 + 0.0275] = [0.855, −1.9975].
      const { params, updater } = runUpdater(
        { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, dampening: 0.5 } },
        { w: [1, -2] },
        [{ w: [0.5, 0.25] }, { w: [1, -1] }],
        precision,
      );
      expectClose(params.w, [0.855, -1.9975], rtol);
      expectClose(updater.slots('w').momentum, [0.95, -0.275], rtol);
    });

    it('nesterov: d = g + μ·b', () => {
      // μ = 0.9, η = 0.1. step 1: b = 0.5, d = 0.5 + 0.45 = 0.95 → θ = 1 − 0.095 = 0.905.
      // step 2: g = 1: b = 0.45 + 1 = 1.45, d = 1 + 1.305 = 2.305 → θ = 0.905 − 0.2305 = 0.6745.
      const { params } = runUpdater(
        { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true } },
        { w: [1] },
        [{ w: [0.5] }, { w: [1] }],
        precision,
      );
      expectClose(params.w, [0.6745], rtol);
    });
  });

  describe('adam', () => {
    it('a constant gradient moves each step by η·g/(|g| + ε) (bias correction exact)', () => {
      // With g constant, m̂ = g and v̂ = g² at every k, so u = g/(|g| + ε).
      // g = 0.5: u = 1/(1 + 2e-8); two steps of η = 0.1 from 1: 1 − 0.2/(1 + 2e-8).
      // g = −2:  u = −1/(1 + 5e-9); 1 + 0.2/(1 + 5e-9).
      // Slots: m = 0.9·0.05 + 0.05 = 0.095, v = 0.999·0.00025 + 0.00025 = 0.00049975 (g = 0.5);
      //        m = −0.38, v = 0.999·0.004 + 0.004 = 0.007996 (g = −2).
      const { params, updater } = runUpdater(
        { optimizer: { type: 'adam', learningRate: 0.1 } },
        { w: [1, 1] },
        [{ w: [0.5, -2] }, { w: [0.5, -2] }],
        precision,
      );
      expectClose(params.w, [1 - 0.2 / (1 + 2e-8), 1 + 0.2 / (1 + 5e-9)], rtol);
      expectClose(updater.slots('w').m, [0.095, -0.38], rtol);
      expectClose(updater.slots('w').v, [0.00049975, 0.007996], rtol);
      expect(Object.keys(updater.slots('w'))).toEqual(['m', 'v']);
    });

    it.each([
      [false, 0.000999],
      [true, 0.001],
    ])('amsgrad=%s: the max is taken on the raw v', (amsgrad, vUsed) => {
      // g = 1 then 0, θ = 0, η = 0.1.
      // step 1: m = 0.1, v = 0.001, m̂ = 1, v̂ = 1 → θ = −0.1/(1 + 1e-8).
      // step 2: m = 0.09, v = 0.000999 (vMax stays 0.001); m̂ = 0.09/0.19 = 9/19,
      //         v̂ = vUsed/(1 − 0.999²) = vUsed/0.001999 → θ −= 0.1·(9/19)/(√v̂ + 1e-8).
      const { params, updater } = runUpdater(
        { optimizer: { type: 'adam', learningRate: 0.1, amsgrad } },
        { w: [0] },
        [{ w: [1] }, { w: [0] }],
        precision,
      );
      const expected = -0.1 / (1 + 1e-8) - (0.1 * (9 / 19)) / (Math.sqrt(vUsed / 0.001999) + 1e-8);
      expectClose(params.w, [expected], rtol);
      if (amsgrad) expectClose(updater.slots('w').vMax, [0.001], rtol);
      expectClose(updater.slots('w').v, [0.000999], rtol);
    });
  });

  describe('rmsprop', () => {
    it('plain: θ ← θ − η·g/(√v + ε)', () => {
      // α = 0.99: v = 0.01·0.25 = 0.0025, √v = 0.05; θ = 1 − 0.01·0.5/(0.05 + 1e-8) = 1 − 0.1/(1 + 2e-7).
      const { params } = runUpdater({ optimizer: { type: 'rmsprop', learningRate: 0.01 } }, { w: [1] }, [{ w: [0.5] }], precision);
      expectClose(params.w, [1 - 0.1 / (1 + 2e-7)], rtol);
    });

    it('centered with momentum: den = √(v − a²) + ε, buf ← μ·buf + g/den', () => {
      // α = 0.99, μ = 0.5, η = 0.01, g = 0.5 twice, θ = 1.
      // step 1: v = 0.0025, a = 0.005, v − a² = 0.002475; buf₁ = 0.5/(√0.002475 + 1e-8).
      // step 2: v = 0.99·0.0025 + 0.0025 = 0.004975, a = 0.99·0.005 + 0.005 = 0.00995,
      //         v − a² = 0.004975 − 0.0000990025 = 0.0048759975; buf₂ = 0.5·buf₁ + 0.5/(√0.0048759975 + 1e-8).
      // θ = 1 − 0.01·buf₁ − 0.01·buf₂.
      const { params, updater } = runUpdater(
        { optimizer: { type: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5 } },
        { w: [1] },
        [{ w: [0.5] }, { w: [0.5] }],
        precision,
      );
      const buf1 = 0.5 / (Math.sqrt(0.002475) + 1e-8);
      const buf2 = 0.5 * buf1 + 0.5 / (Math.sqrt(0.0048759975) + 1e-8);
      expectClose(params.w, [1 - 0.01 * buf1 - 0.01 * buf2], rtol);
      expect(Object.keys(updater.slots('w'))).toEqual(['squareAverage', 'gradAverage', 'momentum']);
      expectClose(updater.slots('w').gradAverage, [0.00995], rtol);
      expectClose(updater.slots('w').momentum, [buf2], rtol);
    });
  });

  describe('adagrad', () => {
    it('initialAccumulator and lrDecay: η/(1 + t·lrDecay)·g/(√S + ε)', () => {
      // S₀ = 0.1, lrDecay = 0.5, η = 0.1, g = 0.5 twice, θ = 1.
      // step 1 (t = 0): S = 0.35, θ = 1 − 0.1·0.5/(√0.35 + 1e-10).
      // step 2 (t = 1): S = 0.6, clr = 0.1/1.5, θ −= (0.1/1.5)·0.5/(√0.6 + 1e-10).
      const { params, updater } = runUpdater(
        { optimizer: { type: 'adagrad', learningRate: 0.1, initialAccumulator: 0.1, lrDecay: 0.5 } },
        { w: [1] },
        [{ w: [0.5] }, { w: [0.5] }],
        precision,
      );
      expectClose(params.w, [1 - 0.05 / (Math.sqrt(0.35) + 1e-10) - ((0.1 / 1.5) * 0.5) / (Math.sqrt(0.6) + 1e-10)], rtol);
      expectClose(updater.slots('w').sum, [0.6], rtol);
    });
  });
});

const sgd = { type: 'sgd', learningRate: 0.1 } as const;

describe.each(precisions)('decay terms (%s)', (precision) => {
  const rtol = rtolFor(precision);

  it('l2 adds λ·θ to the gradient', () => {
    // g' = 0.5 + 0.1·1 = 0.6 → θ = 1 − 0.06 = 0.94.
    const { params } = runUpdater({ optimizer: sgd, decay: [{ type: 'l2', rate: 0.1 }] }, { w: [1] }, [{ w: [0.5] }], precision);
    expectClose(params.w, [0.94], rtol);
  });

  it('l1 subgradient adds λ·sign(θ), with sign(0) = 0', () => {
    // g = 0: g' = 0.5·[1, −1, 0] → θ = [0.95, −1.95, 0]; the zero stays exactly zero.
    const { params } = runUpdater({ optimizer: sgd, decay: [{ type: 'l1', rate: 0.5 }] }, { w: [1, -2, 0] }, [{ w: [0, 0, 0] }], precision);
    expectClose(params.w, [0.95, -1.95, 0], rtol);
    expect(params.w[2]).toBe(0);
  });

  it('proximal l1 soft-thresholds after the step and gives exact zeros', () => {
    // c = η·λ = 0.05. After the step θ = [1, −0.02, 0.03, −2, 0.2 − 0.1] ;
    // sign(θ)·max(|θ| − 0.05, 0) = [0.95, 0, 0, −1.95, 0.05].
    const { params } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'l1', method: 'proximal', rate: 0.5 }] },
      { w: [1, -0.02, 0.03, -2, 0.2] },
      [{ w: [0, 0, 0, 0, 1] }],
      precision,
    );
    expectClose(params.w, [0.95, 0, 0, -1.95, 0.05], rtol);
    expect(params.w[1]).toBe(0);
    expect(params.w[2]).toBe(0);
  });

  it('proximal l1 keeps a NaN weight NaN instead of zeroing it', () => {
    // A NaN gradient makes θ NaN after the SGD step; PyTorch's sign(θ)·clamp(|θ| − c, min=0)
    // keeps it NaN. The other elements are thresholded as usual: 1 − 0.05 = 0.95, 0.02 → 0.
    const { params } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'l1', method: 'proximal', rate: 0.5 }] },
      { w: [1, 0.5, 0.02] },
      [{ w: [0, NaN, 0] }],
      precision,
    );
    expect(params.w[0]).toBeCloseTo(0.95, 6);
    expect(Number.isNaN(params.w[1])).toBe(true);
    expect(params.w[2]).toBe(0);
  });

  it('several proximal terms add their thresholds', () => {
    // learning-rate: 0.1·0.2 = 0.02; none: 0.03 → threshold 0.05: [1, 0.04, −0.06] → [0.95, 0, −0.01].
    const { params } = runUpdater(
      {
        optimizer: sgd,
        decay: [
          { type: 'l1', method: 'proximal', rate: 0.2 },
          { type: 'l1', method: 'proximal', rate: 0.03, scaling: 'none' },
        ],
      },
      { w: [1, 0.04, -0.06] },
      [{ w: [0, 0, 0] }],
      precision,
    );
    expectClose(params.w, [0.95, 0, -0.01], rtol);
    expect(params.w[1]).toBe(0);
  });

  it('decoupled with learning-rate scaling: θ·(1 − η·λ) − η·u', () => {
    // 2·(1 − 0.05) − 0.1·1 = 1.8.
    const { params } = runUpdater({ optimizer: sgd, decay: [{ type: 'decoupled', rate: 0.5 }] }, { w: [2] }, [{ w: [1] }], precision);
    expectClose(params.w, [1.8], rtol);
  });

  it.each([
    // scaling, θ after step 1, θ after step 2 — η = 0.1 then 0.05 (peak 0.1), λ = 0.5, g = 0, θ₀ = 2:
    // learning-rate: c = 0.05 then 0.025: 2·0.95 = 1.9, 1.9·0.975 = 1.8525
    ['learning-rate', 1.9, 1.8525],
    // relative: s = η/η_peak = 1 then 0.5; c = 0.5 then 0.25: 2·0.5 = 1, 1·0.75 = 0.75
    ['relative', 1, 0.75],
    // none: c = λ = 0.5 both steps: 1, 0.5
    ['none', 1, 0.5],
  ])('decoupled with %s scaling follows the learning-rate schedule accordingly', (scaling, first, second) => {
    const config = {
      optimizer: { type: 'sgd', learningRate: { type: 'piecewise', boundaries: [1], values: [0.1, 0.05] } },
      decay: [{ type: 'decoupled', rate: 0.5, scaling }],
    };
    const one = runUpdater(config, { w: [2] }, [{ w: [0] }], precision);
    expectClose(one.params.w, [first], rtol);
    const two = runUpdater(config, { w: [2] }, [{ w: [0] }, { w: [0] }], precision);
    expectClose(two.params.w, [second], rtol);
  });

  it('a rate may be a schedule λ_t', () => {
    // scaling none, λ = 0.5 then 0.25, g = 0: 2 → 1 → 0.75.
    const { params } = runUpdater(
      {
        optimizer: sgd,
        decay: [{ type: 'decoupled', scaling: 'none', rate: { type: 'piecewise', boundaries: [1], values: [0.5, 0.25] } }],
      },
      { w: [2] },
      [{ w: [0] }, { w: [0] }],
      precision,
    );
    expectClose(params.w, [0.75], rtol);
  });

  it('anchor decays toward θ₀ captured at the first update', () => {
    // c = 0.05, g = 1, θ₀ = 2. step 1: θ − θ₀ = 0 → 2 − 0.1 = 1.9.
    // step 2: 1.9 − 0.05·(1.9 − 2) − 0.1 = 1.905 − 0.1 = 1.805.
    const { params, updater } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'anchor', rate: 0.5 }] },
      { w: [2] },
      [{ w: [1] }, { w: [1] }],
      precision,
    );
    expectClose(params.w, [1.805], rtol);
    expect(updater.exportState().parameters.w.anchor).toEqual([2]);
  });

  it('anchor decays toward θ₀ given in options', () => {
    // θ₀ = 1, c = 0.05, g = 0: 2 − 0.05·(2 − 1) = 1.95.
    const { params } = runUpdater({ optimizer: sgd, decay: [{ type: 'anchor', rate: 0.5 }] }, { w: [2] }, [{ w: [0] }], precision, {
      anchors: { w: [1] },
    });
    expectClose(params.w, [1.95], rtol);
  });

  it('cautious decoupled shrinks only where u·θ ≥ 0', () => {
    // c = 0.05, u = g = [1, −1, 1, −1], θ = [2, 2, −2, −2]; u·θ = [2, −2, −2, 2].
    // → [2·0.95 − 0.1, 2 + 0.1, −2 − 0.1, −2·0.95 + 0.1] = [1.8, 2.1, −2.1, −1.8].
    const { params } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'decoupled', rate: 0.5, cautious: true }] },
      { w: [2, 2, -2, -2] },
      [{ w: [1, -1, 1, -1] }],
      precision,
    );
    expectClose(params.w, [1.8, 2.1, -2.1, -1.8], rtol);
  });

  it('cautious anchor shrinks only where u·(θ − θ₀) ≥ 0', () => {
    // θ₀ = 1, θ = [2, 2, 0, 0] → θ − θ₀ = [1, 1, −1, −1]; u = [1, −1, 1, −1]; products [1, −1, −1, 1].
    // → [2 − 0.05 − 0.1, 2 + 0.1, 0 − 0.1, 0 + 0.05 + 0.1] = [1.85, 2.1, −0.1, 0.15].
    const { params } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'anchor', rate: 0.5, cautious: true }] },
      { w: [2, 2, 0, 0] },
      [{ w: [1, -1, 1, -1] }],
      precision,
      { anchors: { w: [1, 1, 1, 1] } },
    );
    expectClose(params.w, [1.85, 2.1, -0.1, 0.15], rtol);
  });

  it("cautious decoupled on adam uses the sign of adam's direction (the sign of m)", () => {
    // Step 1, η = 0.1, c = η·λ = 0.1: u = g/(|g| + ε) = ±1/(1 + 2e-8).
    // θ = 1, g = 0.5: u·θ > 0 → 1 − 0.1 − 0.1/(1 + 2e-8);  g = −0.5: no shrink → 1 + 0.1/(1 + 2e-8).
    const { params } = runUpdater(
      { optimizer: { type: 'adam', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 1, cautious: true }] },
      { w: [1, 1] },
      [{ w: [0.5, -0.5] }],
      precision,
    );
    expectClose(params.w, [0.9 - 0.1 / (1 + 2e-8), 1 + 0.1 / (1 + 2e-8)], rtol);
  });

  it.each([
    // rmsprop (α = 0.99, μ = 0.9): v = 0.01·g² = 0.01, den = 0.1 + 1e-8, u = buf = g/den;
    // step η·u = 0.1·(±1)/(0.1 + 1e-8) = ±1/(1 + 1e-7).
    ['rmsprop with momentum', { type: 'rmsprop', learningRate: 0.1, momentum: 0.9 }, 1 / (1 + 1e-7)],
    // adagrad: S = g² = 1, u = g/(1 + 1e-10); step 0.1·(±1)/(1 + 1e-10).
    ['adagrad', { type: 'adagrad', learningRate: 0.1 }, 0.1 / (1 + 1e-10)],
  ] as const)('cautious decoupled on %s shrinks only where its u·θ ≥ 0', (_name, optimizer, stepSize) => {
    // θ = [1, 1], g = [1, −1], c = η·λ = 0.1: element 0 shrinks (1 − 0.1 − step), element 1 does not (1 + step).
    const { params } = runUpdater(
      { optimizer, decay: [{ type: 'decoupled', rate: 1, cautious: true }] },
      { w: [1, 1] },
      [{ w: [1, -1] }],
      precision,
    );
    expectClose(params.w, [0.9 - stepSize, 1 + stepSize], rtol);
  });

  it('several decoupled and anchor terms on one parameter each read θ_t (their shrinks add, not compose)', () => {
    // η = 1 (scaling none, so c = λ), g = 0, θ = 2, θ₀ = 1; decoupled 0.5 and 0.25, anchor 0.2:
    //   2 − 0.5·2 − 0.25·2 − 0.2·(2 − 1) = 0.3  (composing them in turn would give 2·0.5·0.75 = 0.75, then −0.2·(0.75 − 1) = 0.8).
    const { params } = runUpdater(
      {
        optimizer: { type: 'sgd', learningRate: 1 },
        decay: [
          { type: 'decoupled', rate: 0.5, scaling: 'none' },
          { type: 'anchor', rate: 0.2, scaling: 'none' },
          { type: 'decoupled', rate: 0.25, scaling: 'none' },
        ],
      },
      { w: [2] },
      [{ w: [0] }],
      precision,
      { anchors: { w: [1] } },
    );
    expectClose(params.w, [0.3], rtol);
  });

  it('coupled and decoupled terms both read θ_t (pinned order)', () => {
    // l2 0.5 and decoupled 0.5 on θ = 2, g = 0: g' = 1; θ = 2·(1 − 0.05) − 0.1·1 = 1.8.
    const { params } = runUpdater(
      {
        optimizer: sgd,
        decay: [
          { type: 'l2', rate: 0.5 },
          { type: 'decoupled', rate: 0.5 },
        ],
      },
      { w: [2] },
      [{ w: [0] }],
      precision,
    );
    expectClose(params.w, [1.8], rtol);
  });

  it('the proximal threshold applies after the step that used the subgradient', () => {
    // l1 subgradient 0.1 and proximal 0.1 on θ = 1, g = 0: g' = 0.1 → 0.99; threshold 0.01 → 0.98.
    const { params } = runUpdater(
      {
        optimizer: sgd,
        decay: [
          { type: 'l1', rate: 0.1 },
          { type: 'l1', method: 'proximal', rate: 0.1 },
        ],
      },
      { w: [1] },
      [{ w: [0] }],
      precision,
    );
    expectClose(params.w, [0.98], rtol);
  });

  it('a term touches only its planned parameters', () => {
    // decoupled on "a/kernel" only: a: 2·0.95 = 1.9; "a/bias" keeps 2 (g = 0).
    const { params } = runUpdater(
      { optimizer: sgd, decay: [{ type: 'decoupled', rate: 0.5, params: { exclude: ['**/bias'] } }] },
      { 'a/kernel': [2], 'a/bias': [2] },
      [{ 'a/kernel': [0], 'a/bias': [0] }],
      precision,
    );
    expectClose(params['a/kernel'], [1.9], rtol);
    expect(params['a/bias'][0]).toBe(2);
  });
});

describe('the plain and the anchored loops agree', () => {
  // Decoupled decay takes the plain loop; an anchor at θ₀ = 0 is the same decay
  // (θ − c·(θ − 0) = θ·(1 − c) up to rounding) but takes the anchored loop.
  const optimizers = [
    { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
    { type: 'adam', learningRate: 0.1 },
    { type: 'rmsprop', learningRate: 0.01, centered: true },
    { type: 'adagrad', learningRate: 0.1 },
  ];
  it.each(optimizers.map((o) => [o.type, o] as const))('%s', (_type, optimizer) => {
    const values = { w: [0.5, -1.5, 0, 2] };
    const steps = [{ w: [0.1, -0.2, 0.3, 0] }, { w: [-0.3, 0.4, 0.1, 0.2] }];
    const short = runUpdater({ optimizer, decay: [{ type: 'decoupled', rate: 0.3 }] }, values, steps, 'float64');
    const general = runUpdater({ optimizer, decay: [{ type: 'anchor', rate: 0.3 }] }, values, steps, 'float64', {
      anchors: { w: [0, 0, 0, 0] },
    });
    expectClose(general.params.w, short.params.w, 1e-14, 1e-16);
  });
});
