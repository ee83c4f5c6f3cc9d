/**
 * Charts through a kept library: the lab writes Vega-Lite specs, renders
 * them to SVG headless (vega-lite compiles, vega's View draws without a
 * canvas), and ships the same specs to the HTML report, where vega-embed
 * shows them interactively from scripts copied next to the report.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

/** A Vega-Lite spec, as JSON. */
export type ChartSpec = TopLevelSpec;
/** One layer of a layered spec. */
type ChartLayer = Extract<ChartSpec, { layer: unknown }>['layer'][number];

/** Renders a Vega-Lite spec to an SVG document, headless. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The browser builds of vega, vega-lite and vega-embed, by the file name the HTML report loads. */
export function browserScripts(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const build = (name: string): string => dirname(require.resolve(name));
  return {
    'vega.min.js': join(build('vega'), 'vega.min.js'),
    'vega-lite.min.js': join(build('vega-lite'), 'vega-lite.min.js'),
    'vega-embed.min.js': join(build('vega-embed'), 'vega-embed.min.js'),
  };
}

/** Copies the browser scripts into `folder/vendor/`; returns the paths written. */
export function copyBrowserScripts(folder: string): string[] {
  const vendor = join(folder, 'vendor');
  mkdirSync(vendor, { recursive: true });
  return Object.entries(browserScripts()).map(([name, source]) => {
    const target = join(vendor, name);
    copyFileSync(source, target);
    return target;
  });
}

/** One row of a curve chart: a series' mean and 95 % interval at one x. */
export interface BandPoint {
  /** Series name (legend). */
  series: string;
  /** x value (epoch, step, rate…). */
  x: number;
  /** Mean over seeds. */
  mean: number;
  /** Lower end of the 95 % interval (the mean when unknown). */
  low: number;
  /** Upper end. */
  high: number;
  /** Line style group, e.g. `validation` / `train`. */
  style?: string;
}

const width = 520;
const height = 260;

/** Mean lines with a shaded 95 % band per series; `style` (if any) sets the dash. */
export function bandChart(
  title: string,
  xTitle: string,
  yTitle: string,
  points: readonly BandPoint[],
  options: { logX?: boolean; logY?: boolean; yZero?: boolean; integerX?: boolean; band?: boolean; points?: boolean } = {},
): ChartSpec {
  const finite = points.filter((p) => [p.x, p.mean, p.low, p.high].every(Number.isFinite));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: xTitle,
    scale: options.logX ? { type: 'log' as const } : {},
    // Epochs and updates are whole numbers: no 0.5 ticks.
    axis: options.integerX ? { format: 'd', tickMinStep: 1 } : {},
  };
  const yScale = options.logY ? { type: 'log' as const } : { zero: options.yZero ?? false };
  // The first style met is drawn solid, the next dashed (callers list validation before train).
  const styles = [...new Set(finite.flatMap((p) => (p.style === undefined ? [] : [p.style])))];
  const hasStyle = styles.length > 0;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width,
    height,
    data: { values: finite.map((p) => ({ ...p, style: p.style ?? '' })) },
    encoding: { x, color: { field: 'series', type: 'nominal', title: null } },
    layer: [
      ...((options.band === false
        ? []
        : [
            {
              mark: { type: 'area' as const, opacity: 0.15 },
              encoding: {
                y: { field: 'low', type: 'quantitative' as const, scale: yScale },
                y2: { field: 'high' },
                ...(hasStyle ? { detail: { field: 'style' } } : {}),
              },
            },
          ]) as ChartLayer[]),
      {
        mark: { type: 'line', point: options.points !== false },
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: yTitle, scale: yScale },
          ...(hasStyle
            ? {
                strokeDash: {
                  field: 'style',
                  type: 'nominal',
                  title: null,
                  scale: { domain: styles, range: styles.map((_, i) => (i === 0 ? [1, 0] : [5, 3])) },
                },
              }
            : {}),
          tooltip: [
            { field: 'series', type: 'nominal' },
            { field: 'x', type: 'quantitative', title: xTitle },
            { field: 'mean', type: 'quantitative', format: '.4f' },
            { field: 'low', type: 'quantitative', format: '.4f' },
            { field: 'high', type: 'quantitative', format: '.4f' },
          ],
        },
      },
    ],
  };
}

/** One category's mean and 95 % interval. */
export interface IntervalPoint {
  /** Category on the y axis. */
  label: string;
  /** Mean over seeds. */
  mean: number;
  /** Lower end of the interval. */
  low: number;
  /** Upper end. */
  high: number;
  /** Colour group. */
  group?: string;
}

/** Means as dots with 95 % interval bars, one row per category, in the given order. */
export function intervalChart(title: string, xTitle: string, points: readonly IntervalPoint[], zeroRule = false): ChartSpec {
  const finite = points.filter((p) => [p.mean, p.low, p.high].every(Number.isFinite));
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: finite.map((p) => p.label) };
  const color = { field: 'group', type: 'nominal' as const, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width,
    data: { values: finite.map((p) => ({ ...p, group: p.group ?? '' })) },
    layer: [
      {
        mark: 'rule',
        encoding: { y, x: { field: 'low', type: 'quantitative', title: xTitle, scale: { zero: false } }, x2: { field: 'high' }, color },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y,
          x: { field: 'mean', type: 'quantitative' },
          color,
          tooltip: [
            { field: 'label', type: 'nominal' },
            { field: 'mean', type: 'quantitative', format: '.4f' },
            { field: 'low', type: 'quantitative', format: '.4f' },
            { field: 'high', type: 'quantitative', format: '.4f' },
          ],
        },
      },
      ...(zeroRule
        ? [
            {
              data: { values: [{ zero: 0 }] },
              mark: { type: 'rule' as const, strokeDash: [4, 4], color: 'gray' },
              encoding: { x: { field: 'zero', type: 'quantitative' as const } },
            },
          ]
        : []),
    ],
  };
}
