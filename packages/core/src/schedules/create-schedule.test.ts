import { describe, expect, it } from 'vitest';
import { ConfigError, WeightDecayError } from '../config/errors.js';
import { createSchedule } from './create-schedule.js';

/** Relative closeness for float64 closed forms: a few ulps of rounding apart. */
function expectClose(actual: number, expected: number, rtol = 1e-12): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(expected), 1e-300));
}

describe('createSchedule: numbers and constant', () => {
  it('a bare number is constant', () => {
    const f = createSchedule(0.3);
    expect([f(0), f(1), f(1_000_000)]).toEqual([0.3, 0.3, 0.3]);
  });
  it('constant', () => {
    const f = createSchedule({ type: 'constant', value: 2e-4 });
    expect([f(0), f(17)]).toEqual([2e-4, 2e-4]);
  });
});

describe('createSchedule: step (PyTorch StepLR)', () => {
  it('multiplies by gamma every stepSize steps', () => {
    // initial·gamma^⌊t/stepSize⌋ with stepSize 3, gamma 0.5:
    // t 0..2 → 0.1; t 3 → 0.05; t 8 → ⌊8/3⌋ = 2 → 0.025; t 9 → 0.0125.
    // Checked against torch: StepLR(SGD(lr=0.1), step_size=3, gamma=0.5)._get_closed_form_lr() at last_epoch=t.
    const f = createSchedule({ type: 'step', initial: 0.1, stepSize: 3, gamma: 0.5 });
    expect([0, 1, 2, 3, 8, 9].map(f)).toEqual([0.1, 0.1, 0.1, 0.05, 0.025, 0.0125]);
  });
  it('gamma defaults to 0.1', () => {
    // initial 1, stepSize 2: t 4 → 0.1^2.
    expectClose(createSchedule({ type: 'step', initial: 1, stepSize: 2 })(4), 0.01);
  });
  it('initial 0 with a growing gamma stays 0 at huge t (never 0·∞ = NaN)', () => {
    expect(createSchedule({ type: 'step', initial: 0, stepSize: 1, gamma: 2 })(5000)).toBe(0);
  });
});

describe('createSchedule: multistep (PyTorch MultiStepLR)', () => {
  it('applies gamma AT each milestone', () => {
    // 0.1·0.3^(number of milestones ≤ t), milestones [2, 5, 9]:
    // t 1 → 0.1; t 2 → 0.03; t 4 → 0.03; t 5 → 0.009; t 9, 100 → 0.0027.
    // Checked against torch: MultiStepLR(SGD(lr=0.1), [2, 5, 9], gamma=0.3) closed form (0.0026999999999999997 at t ≥ 9).
    const f = createSchedule({ type: 'multistep', initial: 0.1, milestones: [2, 5, 9], gamma: 0.3 });
    expect(f(0)).toBe(0.1);
    expect(f(1)).toBe(0.1);
    expectClose(f(2), 0.03);
    expectClose(f(4), 0.03);
    expectClose(f(5), 0.009);
    expectClose(f(9), 0.0027);
    expectClose(f(100), 0.0027);
  });
  it('no milestones is constant; gamma defaults to 0.1', () => {
    expect(createSchedule({ type: 'multistep', initial: 0.5, milestones: [] })(99)).toBe(0.5);
    expectClose(createSchedule({ type: 'multistep', initial: 1, milestones: [0] })(0), 0.1);
  });
});

describe('createSchedule: exponential (PyTorch ExponentialLR, optax exponential_decay)', () => {
  it('gamma^t with transitionSteps 1', () => {
    // 0.1·0.9² = 0.081. torch: ExponentialLR(SGD(lr=0.1), 0.9) closed form at t=2 is 0.08100000000000002.
    const f = createSchedule({ type: 'exponential', initial: 0.1, gamma: 0.9 });
    expect(f(0)).toBe(0.1);
    expectClose(f(2), 0.081);
    // torch closed form at t=39: 0.0016423203268260676
    expectClose(f(39), 0.0016423203268260676);
  });
  it('continuous exponent over transitionSteps', () => {
    // 0.5^(2/4) = √0.5.
    expectClose(createSchedule({ type: 'exponential', initial: 1, gamma: 0.5, transitionSteps: 4 })(2), Math.SQRT1_2);
  });
  it('staircase floors the exponent; floor bounds the value from below', () => {
    const stairs = createSchedule({ type: 'exponential', initial: 1, gamma: 0.5, transitionSteps: 4, staircase: true });
    expect([2, 4, 7, 8].map(stairs)).toEqual([1, 0.5, 0.5, 0.25]);
    const floored = createSchedule({ type: 'exponential', initial: 1, gamma: 0.5, transitionSteps: 4, staircase: true, floor: 0.3 });
    // max(0.3, 0.25) at t 8; max(0.3, 0.5) at t 4.
    expect([floored(4), floored(8)]).toEqual([0.5, 0.3]);
  });
  it('a growing gamma grows: 2^10 = 1024', () => {
    expect(createSchedule({ type: 'exponential', initial: 1, gamma: 2 })(10)).toBe(1024);
  });
});

describe('createSchedule: cosine (PyTorch CosineAnnealingLR)', () => {
  it('half-cosine from initial to minimum, clamped after decaySteps', () => {
    const f = createSchedule({ type: 'cosine', initial: 0.1, decaySteps: 10, minimum: 0.001 });
    expect(f(0)).toBe(0.1);
    // t = T/2: cos(π/2) = 0 → (initial + minimum)/2.
    expectClose(f(5), 0.0505);
    // t = T: cos(π) = −1 → minimum; flat afterwards (PyTorch's closed form would rise again).
    expectClose(f(10), 0.001);
    expectClose(f(25), 0.001);
    // torch: CosineAnnealingLR(SGD(lr=0.1), T_max=10, eta_min=0.001) closed form at t=1.
    expectClose(f(1), 0.09757729755661011);
  });
  it('thirds: cos(π/3) = 1/2 and cos(2π/3) = −1/2', () => {
    // minimum 0: (1 + cos)/2 → 0.75 and 0.25.
    const f = createSchedule({ type: 'cosine', initial: 1, decaySteps: 3 });
    expectClose(f(1), 0.75);
    expectClose(f(2), 0.25);
  });
});

describe('createSchedule: cosine-restarts (PyTorch CosineAnnealingWarmRestarts, step(epoch))', () => {
  it('periodMultiplier 1 restarts every firstPeriod steps', () => {
    const f = createSchedule({ type: 'cosine-restarts', initial: 1, firstPeriod: 4 });
    // T_cur = t mod 4: t 1 → (1 + cos(π/4))/2; t 2 → 1/2; t 4 → restart at 1; t 6 → 1/2.
    expect(f(0)).toBe(1);
    expectClose(f(1), (1 + Math.SQRT1_2) / 2);
    expectClose(f(2), 0.5);
    expect(f(4)).toBe(1);
    expectClose(f(6), 0.5);
  });
  it('minimum shifts the curve', () => {
    // torch: CosineAnnealingWarmRestarts(SGD(lr=0.1), T_0=4, eta_min=0.01).step(t): t 2 → 0.055 (0.05500000000000001), t 3 → 0.023180194846605363.
    const f = createSchedule({ type: 'cosine-restarts', initial: 0.1, firstPeriod: 4, minimum: 0.01 });
    expectClose(f(2), 0.055);
    expectClose(f(3), 0.023180194846605363);
    expect(f(8)).toBe(0.1);
  });
  it('periodMultiplier 2 doubles the periods: 3, 6, 12 (restarts at 3, 9, 21)', () => {
    const f = createSchedule({ type: 'cosine-restarts', initial: 1, firstPeriod: 3, periodMultiplier: 2 });
    expect(f(3)).toBe(1);
    expectClose(f(6), 0.5); // T_cur 3 of T_i 6
    expect(f(9)).toBe(1);
    expectClose(f(15), 0.5); // T_cur 6 of T_i 12
    expect(f(21)).toBe(1);
    // torch: CosineAnnealingWarmRestarts(SGD(lr=0.1), T_0=3, T_mult=2).step(22) → 0.09957224306869053.
    expectClose(createSchedule({ type: 'cosine-restarts', initial: 0.1, firstPeriod: 3, periodMultiplier: 2 })(22), 0.09957224306869053);
  });
  it("follows PyTorch's log formula, rounding quirk included", () => {
    // T_0 = 1, T_mult = 10: restarts at 1, 11, 111, 1111. PyTorch computes
    // n = int(log(111·9 + 1, 10)) = int(log(1000)/log(10)) = int(2.9999999999999996) = 2,
    // so t = 111 sits at T_cur = 100 = T_i, i.e. the minimum (0). torch step(111) gives 0.0;
    // step(11) and step(1111) give 0.1 (a clean restart).
    const f = createSchedule({ type: 'cosine-restarts', initial: 0.1, firstPeriod: 1, periodMultiplier: 10 });
    expect(f(11)).toBe(0.1);
    expect(f(111)).toBe(0);
    expect(f(1111)).toBe(0.1);
    // t 112 → n 3: T_cur 1 of T_i 1000.
    expectClose(f(112), (0.1 * (1 + Math.cos(Math.PI / 1000))) / 2);
  });
});

describe('createSchedule: linear (PyTorch LinearLR)', () => {
  it('start → end over steps, then flat', () => {
    // LinearLR(SGD(lr=0.1), start_factor=0.25, end_factor=1, total_iters=8) is start 0.025, end 0.1, steps 8.
    // t 4 → 0.025 + 0.075·4/8 = 0.0625 (torch: 0.0625).
    const f = createSchedule({ type: 'linear', start: 0.025, end: 0.1, steps: 8 });
    expect(f(0)).toBe(0.025);
    expectClose(f(4), 0.0625);
    expectClose(f(8), 0.1);
    expectClose(f(12), 0.1);
  });
  it('can decrease', () => {
    expectClose(createSchedule({ type: 'linear', start: 1, end: 0, steps: 4 })(1), 0.75);
  });
});

describe('createSchedule: polynomial (PyTorch PolynomialLR)', () => {
  it('power 2 to 0', () => {
    // 0.1·(1 − 1/7)² = 0.1·36/49. torch: PolynomialLR(SGD(lr=0.1), total_iters=7, power=2) closed form at t=1 → 0.07346938775510206.
    const f = createSchedule({ type: 'polynomial', initial: 0.1, decaySteps: 7, power: 2 });
    expect(f(0)).toBe(0.1);
    expectClose(f(1), (0.1 * 36) / 49);
    expect(f(7)).toBe(0);
    expect(f(100)).toBe(0);
  });
  it('power 1 with an end value', () => {
    // (0.11 − 0.01)·(1 − 5/10) + 0.01 = 0.06.
    const f = createSchedule({ type: 'polynomial', initial: 0.11, end: 0.01, decaySteps: 10 });
    expectClose(f(5), 0.06);
    expectClose(f(20), 0.01);
  });
});

describe('createSchedule: inverse-time', () => {
  it('initial/(1 + decayRate·t/decaySteps)', () => {
    const f = createSchedule({ type: 'inverse-time', initial: 1, decayRate: 0.5, decaySteps: 2 });
    expect(f(0)).toBe(1);
    expectClose(f(4), 0.5); // 1/(1 + 0.5·2)
    expectClose(f(3), 1 / 1.75); // 1/(1 + 0.5·1.5)
  });
  it('staircase floors t/decaySteps', () => {
    const f = createSchedule({ type: 'inverse-time', initial: 1, decayRate: 0.5, decaySteps: 2, staircase: true });
    expectClose(f(3), 1 / 1.5); // ⌊1.5⌋ = 1
  });
});

describe('createSchedule: piecewise', () => {
  it('values[number of boundaries ≤ t]', () => {
    const f = createSchedule({ type: 'piecewise', boundaries: [3, 6], values: [1, 0.5, 0.1] });
    expect([0, 2, 3, 5, 6, 1000].map(f)).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
  });
});

describe('createSchedule: one-cycle (PyTorch OneCycleLR, cos, two phases)', () => {
  it('phase ends at integers', () => {
    // maximum 1, totalSteps 10, pctStart 0.2: initial 1/25 = 0.04, final 0.04/1e4 = 4e-6,
    // phase 1 ends at 0.2·10 − 1 = 1, phase 2 at 9.
    // t 0 → 0.04; t 1 → 1; t 5 → half way through phase 2: (1 + 4e-6)/2 = 0.500002; t 9 → 4e-6.
    // torch: OneCycleLR(SGD(lr=1), max_lr=1.0, total_steps=10, pct_start=0.2) gives
    // [0.040000000000000036, 1.0, 0.9619399184965783, …, 0.500002 (t=5), …, 4e-06].
    const f = createSchedule({ type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 0.2 });
    expectClose(f(0), 0.04);
    expect(f(1)).toBe(1);
    expectClose(f(2), 0.9619399184965783);
    expectClose(f(5), 0.500002);
    expectClose(f(9), 4e-6);
  });
  it('defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4', () => {
    // maximum 0.1: phase 1 ends at 2; t 1 → 0.1 + (0.004 − 0.1)/2·(cos(π/2) + 1) = 0.052.
    // torch: OneCycleLR(SGD(lr=0.1), max_lr=0.1, total_steps=10): 0.052000000000000005 at t=1, 4e-07 at t=9.
    const f = createSchedule({ type: 'one-cycle', maximum: 0.1, totalSteps: 10 });
    expectClose(f(0), 0.004);
    expectClose(f(1), 0.052);
    expect(f(2)).toBe(0.1);
    expectClose(f(9), 4e-7);
  });
  it('fractional phase end, as PyTorch computes it', () => {
    // torch: OneCycleLR(SGD(lr=0.1), max_lr=0.5, total_steps=37, pct_start=0.25, div_factor=10.,
    // final_div_factor=100.): phase 1 ends at 8.25, so t 8 is below the maximum and t 9 is in phase 2.
    const f = createSchedule({ type: 'one-cycle', maximum: 0.5, totalSteps: 37, pctStart: 0.25, divFactor: 10, finalDivFactor: 100 });
    expectClose(f(0), 0.05);
    expectClose(f(8), 0.498981182578944);
    expectClose(f(9), 0.49910027276349594);
    expectClose(f(36), 0.0005);
  });
  it('phase 1 ending before t = 0 starts in phase 2, as PyTorch', () => {
    // totalSteps 3, pctStart 0.3: phase 1 ends at 0.9 − 1 = −0.1 (0.8999999999999999 − 1 in floats).
    // torch: OneCycleLR(SGD(lr=0.1), max_lr=0.5, total_steps=3) → [0.49720771772545586, 0.23131855133348753, 2e-06].
    const f = createSchedule({ type: 'one-cycle', maximum: 0.5, totalSteps: 3 });
    expectClose(f(0), 0.49720771772545586);
    expectClose(f(1), 0.23131855133348753);
    expectClose(f(2), 2e-6);
  });
  it('chosen where PyTorch fails: phase 1 ending exactly at 0 gives the maximum at t = 0; after the cycle, the final value', () => {
    // pctStart·totalSteps − 1 = 0.1·10 − 1 = 0: PyTorch divides 0 by 0 here.
    const f = createSchedule({ type: 'one-cycle', maximum: 1, totalSteps: 10, pctStart: 0.1 });
    expect(f(0)).toBe(1);
    expectClose(f(9), 4e-6);
    expectClose(f(10), 4e-6);
    expectClose(f(1_000_000), 4e-6);
  });
});

describe('createSchedule: warmup', () => {
  it('linear from start to then(0), then then(t − steps)', () => {
    // then is cosine 1 → 0 over 10 steps, warmup 10 steps from 0:
    // t 5 → 0.5 (warmup half way); t 10 → then(0) = 1; t 15 → then(5) = 1/2; t 20 → 0.
    const f = createSchedule({ type: 'warmup', steps: 10, then: { type: 'cosine', initial: 1, decaySteps: 10 } });
    expect(f(0)).toBe(0);
    expectClose(f(5), 0.5);
    expect(f(10)).toBe(1);
    expectClose(f(15), 0.5);
    expectClose(f(20), 0);
  });
  it('from a non-zero start to a bare number', () => {
    // 0.1 + (1 − 0.1)·1/2 = 0.55.
    const f = createSchedule({ type: 'warmup', steps: 2, start: 0.1, then: 1 });
    expectClose(f(1), 0.55);
    expect(f(2)).toBe(1);
  });
});

describe('createSchedule: sequence (PyTorch SequentialLR)', () => {
  it('each piece runs at local time', () => {
    // LinearLR(start_factor=0.1, total_iters=4) then ExponentialLR(0.8), milestones [5], base lr 0.1.
    // t 2 → 0.01 + 0.09·2/4 = 0.055; t 4 → 0.1; t 5 → exponential at local 0 = 0.1; t 7 → 0.1·0.8² = 0.064.
    // torch SequentialLR(SGD(lr=0.1), [LinearLR(...), ExponentialLR(...)], milestones=[5]) gives
    // 0.055000000000000014 (t 2), 0.1 (t 5), 0.06400000000000002 (t 7).
    const f = createSchedule({
      type: 'sequence',
      boundaries: [5],
      schedules: [
        { type: 'linear', start: 0.01, end: 0.1, steps: 4 },
        { type: 'exponential', initial: 0.1, gamma: 0.8 },
      ],
    });
    expectClose(f(2), 0.055);
    expectClose(f(4), 0.1);
    expect(f(5)).toBe(0.1);
    expectClose(f(7), 0.064);
  });
  it('three pieces, numbers and nested schedules', () => {
    const f = createSchedule({
      type: 'sequence',
      boundaries: [2, 4],
      schedules: [1, 0.5, { type: 'warmup', steps: 2, then: { type: 'step', initial: 0.2, stepSize: 1, gamma: 0.5 } }],
    });
    // t 4, 5 → warmup 0, 0.1; t 6 → step at local 0 = 0.2; t 7 → 0.1.
    expect([0, 1, 2, 3, 4].map(f)).toEqual([1, 1, 0.5, 0.5, 0]);
    expectClose(f(5), 0.1);
    expect(f(6)).toBe(0.2);
    expect(f(7)).toBe(0.1);
  });
});

describe('createSchedule: errors', () => {
  it('validates eagerly with the path of the bad field', () => {
    const bad = { type: 'warmup', steps: 3, then: { type: 'cosine', initial: 1, decaySteps: 0 } };
    expect(() => createSchedule(bad as never)).toThrow(ConfigError);
    try {
      createSchedule(bad as never, 'optimizer.learningRate');
    } catch (error) {
      expect((error as ConfigError).path).toBe('optimizer.learningRate.then.decaySteps');
      return;
    }
    expect.unreachable('createSchedule accepted decaySteps 0');
  });
  it('default path is "schedule"', () => {
    expect(() => createSchedule(-1)).toThrow(/^schedule: expected a finite number ≥ 0, received -1$/);
  });
  it('t must be an integer ≥ 0', () => {
    const f = createSchedule(1);
    for (const t of [-1, 0.5, Number.NaN, Infinity]) expect(() => f(t)).toThrow(WeightDecayError);
  });
});

describe('createSchedule: no ulp below zero', () => {
  it('linear decay to 0 ends at exactly 0', () => {
    // 0.11291373535297393 + (0 − 0.11291373535297393)·9/9 rounds to −1.4e-17 if computed naively.
    const f = createSchedule({ type: 'linear', start: 0.11291373535297393, end: 0, steps: 9 });
    expect(f(9)).toBe(0);
    for (let t = 0; t < 9; t++) expect(f(t)).toBeGreaterThanOrEqual(0);
  });
});
