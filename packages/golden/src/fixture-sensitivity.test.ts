import { describe, expect, it } from 'vitest';

import type { GoldenBackend } from './golden-backend.js';
import type { OptimizerFixture } from './fixture-types.js';
import { goldenFixturesDir } from './fixtures-dir.js';
import { loadFixtures } from './load-fixtures.js';
import { createReferenceBackend } from './reference-backend.js';
import { runGoldenCase } from './run-golden-case.js';

// The committed cases must be able to fail: backends with known, plausible mistakes
// are built around core's reference and must be caught.

const optimizerCases = loadFixtures(goldenFixturesDir)
  .map((l) => l.fixture)
  .filter((f): f is OptimizerFixture => f.kind === 'optimizer');

type Term = { type: string; rate: unknown; method?: string; params?: unknown };
const termsOf = (f: OptimizerFixture): Term[] => (f.config as { decay?: Term[] }).decay ?? [];

async function failures(backend: GoldenBackend, cases: OptimizerFixture[]): Promise<string[]> {
  const failed: string[] = [];
  for (const f of cases) if ((await runGoldenCase(backend, f)).status === 'fail') failed.push(f.name);
  return failed;
}

describe('the committed optimizer cases catch', () => {
  it('a backend that ignores every decay term', async () => {
    const reference = createReferenceBackend();
    const ignoresDecay: GoldenBackend = {
      ...reference,
      name: 'ignores-decay',
      createOptimizerRun: (config, params) => reference.createOptimizerRun({ ...(config as object), decay: [] }, params),
    };
    const decaying = optimizerCases.filter((f) => termsOf(f).some((t) => t.rate !== 0));
    expect(decaying.length).toBeGreaterThan(100);
    expect(await failures(ignoresDecay, decaying)).toEqual(decaying.map((f) => f.name));
  });

  it("tfjs's Abs gradient at 0 (−1 instead of sign(0) = 0) in subgradient l1", async () => {
    // Emulated on core: add −λ to the gradient wherever θ = 0 (the difference between the two
    // conventions), for cases whose only l1 term is subgradient, constant-rate and unselective.
    const cases = optimizerCases.filter((f) => {
      const l1 = termsOf(f).filter((t) => t.type === 'l1');
      return l1.length === 1 && (l1[0].method ?? 'subgradient') === 'subgradient' && typeof l1[0].rate === 'number' && !l1[0].params;
    });
    expect(cases.length).toBeGreaterThanOrEqual(5);
    const reference = createReferenceBackend({ precision: 'float32' });
    const wrongSign = (lambda: number): GoldenBackend => ({
      ...reference,
      name: 'abs-grad-minus-one-at-zero',
      async createOptimizerRun(config, params) {
        const run = await reference.createOptimizerRun(config, params);
        let current = Object.fromEntries(Object.entries(params).map(([n, p]) => [n, Array.from(p.values)]));
        return {
          ...run,
          async step(grads) {
            const shifted = Object.fromEntries(
              Object.entries(grads).map(([n, g]) => [n, g.map((x, i) => (current[n][i] === 0 ? x - lambda : x))]),
            );
            const after = await run.step(shifted);
            current = Object.fromEntries(Object.entries(after).map(([n, a]) => [n, Array.from(a)]));
            return after;
          },
        };
      },
    });
    for (const f of cases) {
      const lambda = termsOf(f).find((t) => t.type === 'l1')?.rate as number;
      expect((await runGoldenCase(wrongSign(lambda), f)).status, f.name).toBe('fail');
    }
  });

  it("float32 arithmetic claiming float64 precision (the reference's 1e-9 tolerance is meaningful)", async () => {
    const float32 = createReferenceBackend({ precision: 'float32' });
    const pretending: GoldenBackend = { ...float32, name: 'float32-as-float64', precision: 'float64' };
    const failed = await failures(pretending, optimizerCases);
    expect(failed.length).toBe(optimizerCases.length);
  });
});
