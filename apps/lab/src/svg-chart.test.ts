import { describe, expect, it } from 'vitest';
import { escapeXml, formatTick, histogram, histogramChart, lineChart, linearScale, logScale, niceTicks } from './svg-chart.js';

/** Every number in every `d`, `x`, `y`, `cx`, `cy` attribute. */
function coordinates(svg: string): number[] {
  const values: number[] = [];
  for (const m of svg.matchAll(/\s(?:d|x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"/g)) {
    for (const n of m[1].match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []) values.push(Number(n));
  }
  return values;
}

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});

describe('scales', () => {
  it('maps a linear domain onto the range, flipping for SVG y', () => {
    const y = linearScale([0, 1], [300, 100]);
    expect(y(0)).toBe(300);
    expect(y(1)).toBe(100);
    expect(y(0.25)).toBe(250);
    expect(linearScale([2, 2], [0, 10])(2)).toBe(5);
  });

  it('maps decades evenly on a log scale', () => {
    const x = logScale([1, 100], [0, 200]);
    expect(x(1)).toBeCloseTo(0, 12);
    expect(x(10)).toBeCloseTo(100, 12);
    expect(x(100)).toBeCloseTo(200, 12);
    expect(() => logScale([0, 1], [0, 1])).toThrow(RangeError);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.03, 0.97, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(formatTick(0.001)).toBe('0.001');
    expect(formatTick(0.00001)).toBe('1e-5');
    expect(formatTick(20000)).toBe('20k');
  });
});

describe('lineChart', () => {
  const svg = lineChart({
    title: 'Loss <script>alert(1)</script>',
    xLabel: 'epoch & step',
    yLabel: 'loss',
    width: 400,
    height: 300,
    series: [
      { name: 'l1 "proximal"', points: [[0, 2], [1, 1], [2, Number.NaN], [3, 0.5]] },
      { name: 'none', points: [[0, 2.5], [3, 0.1]], dashed: true },
    ],
  });

  it('escapes every piece of text', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Loss &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('epoch &amp; step');
    expect(svg).toContain('l1 &quot;proximal&quot;');
  });

  it('keeps every coordinate inside the canvas and skips non-finite points', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity/);
    for (const v of coordinates(svg)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(400);
    }
    // Three finite points of the first series → three markers; two of the second.
    expect(svg.match(/<circle/g)).toHaveLength(5);
  });

  it('draws the extreme points at the plot edges', () => {
    // x: 0..3 → left margin 64 .. 400 − legend margin. The longest name, 'l1 "proximal"', has 13
    // characters: 12 + 20 + 6 + 7·13 + 8 = 137, so the right edge of the plot is 400 − 137 = 263.
    const first = /<path d="M([\d.]+) ([\d.]+)/.exec(svg);
    expect(Number(first?.[1])).toBe(64);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...circles)).toBe(263);
  });

  it('places explicit log-axis ticks', () => {
    const log = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      xScale: 'log',
      series: [{ name: 's', points: [[0.01, 1], [1, 2], [0, 5]] }],
      xTicks: [
        { value: 0.001, label: '0' },
        { value: 0.01, label: '0.01' },
        { value: 1, label: '1' },
      ],
    });
    expect(log).toContain('>0</text>');
    // The point at x = 0 cannot sit on a log axis and is left out: two markers.
    expect(log.match(/<circle/g)).toHaveLength(2);
  });
});

describe('histogram', () => {
  it('counts into equal bins, clamping outliers and skipping non-finite values', () => {
    const bins = histogram([-5, -0.5, 0, 0.49, 0.5, 5, Number.NaN], -1, 1, 4);
    // Bins [−1,−0.5) [−0.5,0) [0,0.5) [0.5,1]: −5 clamps into the first, 5 into the last.
    expect(bins.map((b) => b.count)).toEqual([1, 1, 2, 2]);
    expect(bins[0].from).toBe(-1);
    expect(bins[3].to).toBe(1);
  });

  it('renders overlaid outlines with an escaped legend', () => {
    const svg = histogramChart({
      title: 'weights',
      xLabel: 'value',
      series: [
        { name: 'a<b', bins: histogram([0, 0, 0, 0.1], -0.2, 0.2, 4) },
        { name: 'c', bins: histogram([0.15], -0.2, 0.2, 4) },
      ],
    });
    expect(svg).toContain('a&lt;b');
    expect(svg.match(/<path/g)).toHaveLength(2);
    expect(svg).not.toMatch(/NaN/);
  });
});
