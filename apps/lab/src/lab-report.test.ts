import { describe, expect, it } from 'vitest';
import { plannedStudy, plantedRuns } from './__fixtures__/fake-study.js';
import { checkClaims } from './claims.js';
import type { ReportContext } from './lab-report.js';
import { buildReport, intervalSentence } from './lab-report.js';
import { arms } from './study-plan.js';

const context: ReportContext = {
  date: '2026-01-01T00:00:00Z',
  command: 'node dist/cli.js',
  backend: 'onnxruntime',
  fallbackBackend: 'tfjs (wasm)',
  machine: 'test',
  splitSeed: 1,
  sizes: { train: 1000, validation: 2000, test: 2000 },
  blankPixelCount: 67,
  epochs: 4,
  batchSize: 50,
  seconds: 90,
  full: false,
};

describe('buildReport', { timeout: 60_000 }, () => {
  const plan = plannedStudy(3, 'the bridge cannot train dropout yet');
  const runs = plantedRuns(plan, (arm, s) => (arm === arms.decoupled ? { validationAccuracy: 0.93 + s / 1000 } : {}));
  const claims = checkClaims({ plan, runs });
  const files = buildReport({ context, plan, runs, claims, folder: '/tmp/lab-report-test' });

  it('writes the claims table with the computed verdicts and numbers', async () => {
    const md = (await files)['report.md'];
    expect(md).toContain(intervalSentence);
    for (const c of claims) expect(md).toContain(`| ${c.number} | ${c.statement} | ${c.article} | ${c.ours} | **${c.verdict}** |`);
    expect(claims[1].verdict).toBe('inconclusive'); // validation up, but training accuracy did not drop (both planted at 100 %)
    // 0.031 ± t(2)·0.001/√3 = 0.031 ± 0.0025 over the three planted seeds.
    expect(md).toContain('| validation accuracy, decoupled − none | +3.4 points (+2.5 elsewhere) | +3.1 ± 0.2 points | supported |');
  });

  it('names seeds, split, model, backend and every config file, and says why claim 7 ran on tfjs', async () => {
    const md = (await files)['report.md'];
    expect(md).toContain('**Seeds**: 1, 2, 3.');
    expect(md).toContain('split seed 1 into 1000 training, 2000 validation and 2000 test digits');
    expect(md).toContain('784-256-256-10 ReLU MLP, 269,322 parameters');
    expect(md).toContain('the claim-7 arms ran on tfjs (wasm) because the bridge cannot train dropout yet');
    expect(md).toContain('| l2 | `apps/lab/configs/l2.json` | 784-256-256-10 ReLU MLP | onnxruntime |');
    expect(md).toContain('| dropout | `apps/lab/configs/none.json` | 784-256-256-10 ReLU MLP, dropout 0.3 | tfjs (wasm) |');
    expect(md).toContain('| decoupled λ=10 | `/tmp/lab-report-test/configs/decoupled-10.json` |');
  });

  it('writes the derived configs with a $schema path relative to the report', async () => {
    const config = JSON.parse((await files)['configs/decoupled-10.json']) as { $schema: string; decay: { rate: number }[] };
    expect(config.decay[0].rate).toBe(10);
    expect(config.$schema).toMatch(/packages\/core\/config\.schema\.json$/);
  });

  it('renders every chart to SVG and embeds the same specs in the HTML report', async () => {
    const all = await files;
    const charts = Object.keys(all).filter((name) => name.endsWith('.svg'));
    expect(charts.sort()).toEqual(
      [
        'accuracy-curves',
        'batch-norm-effective-step',
        'blank-pixel-shrink',
        'factorial',
        'large-lr-loss',
        'non-zero-weights',
        'ranking',
        'rate-grid',
      ].map((n) => `${n}.svg`),
    );
    for (const name of charts) {
      expect(all[name].startsWith('<svg'), name).toBe(true);
      expect(all['report.md']).toContain(`](${name})`);
      expect(all['report.html']).toContain(`id="chart-${name.replace('.svg', '')}"`);
    }
    expect(all['report.html']).toContain('vegaEmbed(');
  });

  it('keeps every number in results.json', async () => {
    const results = JSON.parse((await files)['results.json']) as { runs: Record<string, unknown[]>; claims: unknown[] };
    expect(results.runs[arms.none]).toHaveLength(3);
    expect(results.claims).toHaveLength(11);
  });
});
