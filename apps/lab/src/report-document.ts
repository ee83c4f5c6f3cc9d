/**
 * The report as a list of blocks, rendered twice: to Markdown (report.md,
 * with the charts as SVG images) and to HTML (report.html, with the same
 * charts drawn interactively by vega-embed). One document, two renderers, so
 * the two reports cannot drift apart.
 */
import type { ChartSpec } from './vega-charts.js';

/** One piece of the report. Inline text may use `code`, **bold** and [links](href). */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'chart'; name: string; title: string }
  | { kind: 'code'; text: string };

/** A Markdown (GFM) table; pipes inside cells are escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The document as Markdown; a chart is an image of `<name>.svg`. */
export function toMarkdown(blocks: readonly ReportBlock[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item) => `- ${item}`).join('\n');
      case 'table':
        return markdownTable(block.header, block.rows);
      case 'chart':
        return `![${block.title}](${block.name}.svg)`;
      case 'code':
        return `\`\`\`\n${block.text}\n\`\`\``;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** The inline Markdown the report uses (`code`, **bold**, [text](href)) as HTML. */
export function inlineHtml(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

const style = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:14px}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem}pre{background:#f3f3f3;padding:.5rem;overflow:auto}.chart{margin:1rem 0}`;

/**
 * The document as a self-contained HTML page whose charts vega-embed draws
 * from `specs`, loading vega, vega-lite and vega-embed from `vendor/` next to
 * the page (no network needed).
 */
export function toHtml(title: string, blocks: readonly ReportBlock[], specs: Readonly<Record<string, ChartSpec>>): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${inlineHtml(block.text)}</p>`;
      case 'list':
        return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
      case 'table':
        return `<table><thead><tr>${block.header.map((h) => `<th>${inlineHtml(h)}</th>`).join('')}</tr></thead><tbody>${block.rows
          .map((row) => `<tr>${row.map((cell) => `<td>${inlineHtml(cell)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
      case 'chart':
        return `<div class="chart" id="chart-${escapeHtml(block.name)}" role="img" aria-label="${escapeHtml(block.title)}"></div>`;
      case 'code':
        return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    }
  });
  const used = Object.fromEntries(blocks.flatMap((b) => (b.kind === 'chart' && specs[b.name] ? [[b.name, specs[b.name]]] : [])));
  // "<" is escaped so no spec text can close the script element.
  const json = JSON.stringify(used).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
<script src="vendor/vega.min.js"></script>
<script src="vendor/vega-lite.min.js"></script>
<script src="vendor/vega-embed.min.js"></script>
</head>
<body>
${body.join('\n')}
<script>
const specs = ${json};
for (const [name, spec] of Object.entries(specs)) vegaEmbed('#chart-' + name, spec, { actions: { export: true, source: true, compiled: false, editor: false } });
</script>
</body>
</html>
`;
}
