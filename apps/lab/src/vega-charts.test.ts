import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bandChart, browserScripts, intervalChart, renderSvg } from './vega-charts.js';

describe('vega charts', { timeout: 30_000 }, () => {
  it('renders a band chart to SVG headless, dropping non-finite points', async () => {
    const spec = bandChart('Loss per epoch', 'epoch', 'loss', [
      { series: 'none', x: 0, mean: 1, low: 0.9, high: 1.1 },
      { series: 'none', x: 1, mean: 0.5, low: 0.4, high: 0.6 },
      { series: 'none', x: 2, mean: Number.NaN, low: Number.NaN, high: Number.NaN },
    ]);
    expect((spec as { data: { values: unknown[] } }).data.values).toHaveLength(2);
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Loss per epoch');
    expect(svg).toContain('epoch');
  });

  it('renders an interval chart with one row per label', async () => {
    const svg = await renderSvg(
      intervalChart('Test accuracy', 'accuracy', [
        { label: 'decoupled', mean: 0.91, low: 0.9, high: 0.92 },
        { label: 'none', mean: 0.9, low: 0.89, high: 0.91 },
      ]),
    );
    expect(svg).toContain('decoupled');
    expect(svg).toContain('none');
  });

  it('finds the browser builds the HTML report loads', () => {
    for (const path of Object.values(browserScripts())) expect(existsSync(path), path).toBe(true);
  });
});
