import { describe, expect, it } from 'vitest';

import type { GoldenBackend, OptimizerRun } from './golden-backend.js';
import type { InvalidConfigFixture, OptimizerFixture, ScheduleFixture } from './fixture-types.js';
import { createReferenceBackend } from './reference-backend.js';
import { runGoldenCase } from './run-golden-case.js';

/*
 * Hand derivation (docs/guides/decay-contract.md, PyTorch SGD(lr=0.1, weight_decay=0.5)):
 * θ₀ = [1, −2], g₀ = [0.2, 0]: g' = g + 0.5θ = [0.7, −1], θ₁ = θ − 0.1·g' = [0.93, −1.9];
 *   penalty at θ₀ = 0.5/2·(1 + 4) = 1.25.
 * g₁ = [0, 0]: g' = 0.5·θ₁ = [0.465, −0.95], θ₂ = [0.8835, −1.805];
 *   penalty at θ₁ = 0.25·(0.8649 + 3.61) = 1.118725.
 */
function sgdCase(): OptimizerFixture {
  return {
    format: 'weight-decay-golden/1',
    kind: 'optimizer',
    name: 'hand-sgd-l2',
    config: { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: 0.5 }] },
    params: { w: { shape: [2], values: [1, -2] } },
    steps: [
      { grads: { w: [0.2, 0] }, expected: { w: [0.93, -1.9] }, learningRate: 0.1, penalty: 1.25 },
      { grads: { w: [0, 0] }, expected: { w: [0.8835, -1.805] }, learningRate: 0.1, penalty: 1.118725 },
    ],
    tolerance: { rtol: 1e-5, atol: 1e-6 },
  };
}

/** A backend that returns fixed answers, to test the runner without any optimizer. */
function scriptedBackend(precision: 'float32' | 'float64', answers: Record<string, number[]>[], extra: Partial<OptimizerRun> = {}) {
  const calls = { disposed: 0 };
  const backend: GoldenBackend = {
    name: 'scripted',
    precision,
    async createOptimizerRun() {
      let i = 0;
      return {
        async step() {
          return answers[i++];
        },
        dispose() {
          calls.disposed++;
        },
        ...extra,
      };
    },
  };
  return { backend, calls };
}

describe('runGoldenCase on optimizer cases', () => {
  it('passes the reference on a hand-derived case', async () => {
    const result = await runGoldenCase(createReferenceBackend(), sgdCase());
    expect(result.status, result.message).toBe('pass');
    expect(result.worstRatio).toBeLessThanOrEqual(1);
  });

  it('fails a wrong parameter, naming the step, the parameter and the element', async () => {
    const fixture = sgdCase();
    fixture.steps[0].expected.w = [0.94, -1.9];
    const result = await runGoldenCase(createReferenceBackend(), fixture);
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^steps\[0\]\.expected\["w"\]\[0\]: actual 0\.93/);
  });

  it('fails a wrong penalty or learning rate', async () => {
    const penalty = sgdCase();
    penalty.steps[1].penalty = 1.2;
    expect((await runGoldenCase(createReferenceBackend(), penalty)).message).toMatch(/^steps\[1\]\.penalty:/);
    const lr = sgdCase();
    lr.steps[0].learningRate = 0.2;
    expect((await runGoldenCase(createReferenceBackend(), lr)).message).toMatch(/^steps\[0\]\.learningRate:/);
  });

  it('holds float64 backends to 1e-9 and float32 backends to the case tolerance', async () => {
    // Off by 1e-7 relative: inside rtol 1e-5, outside rtol 1e-9.
    const answers = [{ w: [0.93 * (1 + 1e-7), -1.9] }, { w: [0.8835, -1.805] }];
    const f32 = scriptedBackend('float32', answers);
    expect((await runGoldenCase(f32.backend, sgdCase())).status).toBe('pass');
    const f64 = scriptedBackend('float64', answers);
    const result = await runGoldenCase(f64.backend, sgdCase());
    expect(result.status).toBe('fail');
    expect(result.tolerance).toEqual({ rtol: 1e-9, atol: 1e-12 });
  });

  it('fails a missing parameter and a backend that throws, and always disposes the run', async () => {
    const missing = scriptedBackend('float32', [{ other: [1] }]);
    const r1 = await runGoldenCase(missing.backend, sgdCase());
    expect(r1.message).toBe(`steps[0].expected["w"]: missing from the backend's result`);
    expect(missing.calls.disposed).toBe(1);
    const throwing = scriptedBackend('float32', [], {
      step: () => Promise.reject(new RangeError('no kernel')),
    });
    const r2 = await runGoldenCase(throwing.backend, sgdCase());
    expect(r2.status).toBe('fail');
    expect(r2.message).toBe('threw RangeError: no kernel');
    expect(throwing.calls.disposed).toBe(1);
  });

  it('fails a backend that rejects a valid config', async () => {
    const backend: GoldenBackend = { name: 'x', precision: 'float32', createOptimizerRun: () => Promise.reject(new Error('nope')) };
    const result = await runGoldenCase(backend, sgdCase());
    expect(result.message).toBe('createOptimizerRun rejected a valid config: Error: nope');
  });
});

describe('runGoldenCase on the config 1.1 step fields', () => {
  // A scripted run: θ stays [1, −2] throughout, as after a micro-batch or a skipped update.
  const still = { w: [1, -2] };
  const case11 = (steps: OptimizerFixture['steps']): OptimizerFixture => ({ ...sgdCase(), name: 'scripted-1.1', steps });

  it('reports each metric after its update, in order, and fails a backend without reportMetric', async () => {
    const reported: number[] = [];
    const order: string[] = [];
    const { backend } = scriptedBackend('float32', [still, still], {
      async step() {
        order.push('step');
        return still;
      },
      reportMetric(value: number) {
        order.push('metric');
        reported.push(value);
      },
    });
    const steps = [
      { grads: still, expected: still, metric: 0.5 },
      { grads: still, expected: still, metric: 0.25 },
    ];
    expect((await runGoldenCase(backend, case11(steps))).status).toBe('pass');
    expect(reported).toEqual([0.5, 0.25]);
    expect(order).toEqual(['step', 'metric', 'step', 'metric']);
    const without = scriptedBackend('float32', [still, still]);
    expect((await runGoldenCase(without.backend, case11(steps))).message).toBe(
      'steps[0].metric: the case reports a metric and the backend has no reportMetric',
    );
  });

  it('checks gradNorm and expectedAverage when the backend offers them', async () => {
    const steps = [{ grads: still, expected: still, gradNorm: 3, expectedAverage: { w: [0.5, -1] } }];
    const right = scriptedBackend('float32', [still], { gradNorm: () => 3, averagedParams: () => ({ w: [0.5, -1] }) });
    expect((await runGoldenCase(right.backend, case11(steps))).status).toBe('pass');
    const norm = scriptedBackend('float32', [still], { gradNorm: () => 3.1 });
    expect((await runGoldenCase(norm.backend, case11(steps))).message).toMatch(/^steps\[0\]\.gradNorm: actual 3\.1, expected 3/);
    const average = scriptedBackend('float32', [still], { averagedParams: () => ({ w: [0.5, -1.1] }) });
    expect((await runGoldenCase(average.backend, case11(steps))).message).toMatch(/^steps\[0\]\.expectedAverage\["w"\]\[1\]: actual -1\.1/);
  });

  it('checks the skipped count on skipped steps', async () => {
    const steps = [
      { grads: still, expected: still, skipped: true },
      { grads: still, expected: still, skipped: true },
    ];
    let count = 0;
    const counting = scriptedBackend('float32', [still, still], {
      async step() {
        count++;
        return still;
      },
      skippedUpdates: () => count,
    });
    expect((await runGoldenCase(counting.backend, case11(steps))).status).toBe('pass');
    const never = scriptedBackend('float32', [still, still], { skippedUpdates: () => 0 });
    expect((await runGoldenCase(never.backend, case11(steps))).message).toBe(
      'steps[0].skipped: the backend counts 0 skipped updates, expected 1',
    );
  });
});

describe('runGoldenCase on invalid-config cases', () => {
  const invalid = (errorPath: string, config: unknown): InvalidConfigFixture => ({
    format: 'weight-decay-golden/1',
    kind: 'invalid-config',
    name: 'negative-rate',
    config,
    errorPath,
    params: { w: { shape: [1], values: [0] } },
  });
  const negativeRate = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'l2', rate: -1 }] };

  it('passes when the error names errorPath', async () => {
    const result = await runGoldenCase(createReferenceBackend(), invalid('decay[0].rate', negativeRate));
    expect(result.status, result.message).toBe('pass');
  });

  it('fails when the error names another path', async () => {
    const result = await runGoldenCase(createReferenceBackend(), invalid('optimizer.learningRate', negativeRate));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^rejected, but not naming optimizer\.learningRate: path "decay\[0\]\.rate"/);
  });

  it('fails when the config is accepted', async () => {
    const valid = { optimizer: { type: 'sgd', learningRate: 0.1 } };
    const result = await runGoldenCase(createReferenceBackend(), invalid('optimizer', valid));
    expect(result.message).toBe('accepted an invalid config (expected an error at optimizer)');
  });
});

describe('runGoldenCase on schedule cases', () => {
  // step schedule: 1·0.5^⌊t/2⌋ = 1, 1, 0.5, 0.5, 0.25
  const stepCase = (values: number[]): ScheduleFixture => ({
    format: 'weight-decay-golden/1',
    kind: 'schedule',
    name: 'hand-step',
    schedule: { type: 'step', initial: 1, stepSize: 2, gamma: 0.5 },
    values,
    tolerance: { rtol: 1e-9, atol: 1e-12 },
  });

  it("uses core's createSchedule by default", async () => {
    expect((await runGoldenCase(createReferenceBackend(), stepCase([1, 1, 0.5, 0.5, 0.25]))).status).toBe('pass');
    const wrong = await runGoldenCase(createReferenceBackend(), stepCase([1, 0.5]));
    expect(wrong.message).toMatch(/^values\[1\]: actual 1, expected 0\.5/);
  });

  it("uses the backend's schedule when it has one", async () => {
    const backend: GoldenBackend = {
      name: 'constant-schedules',
      precision: 'float32',
      createOptimizerRun: () => Promise.reject(new Error('unused')),
      schedule: () => () => 1,
    };
    expect((await runGoldenCase(backend, stepCase([1, 1, 0.5]))).message).toMatch(/^values\[2\]/);
  });
});
