import { describe, expect, it } from 'vitest';
import { inlineHtml, markdownTable, toHtml, toMarkdown } from './report-document.js';

describe('report documents', () => {
  it('render the same blocks as Markdown and as HTML', () => {
    const blocks = [
      { kind: 'heading' as const, level: 2 as const, text: 'Claim 1' },
      { kind: 'paragraph' as const, text: 'Verdict: **supported**, see `a.json`.' },
      { kind: 'table' as const, header: ['a', 'b'], rows: [['x|y', '<1>']] },
      { kind: 'chart' as const, name: 'curves', title: 'Curves' },
    ];
    expect(toMarkdown(blocks)).toBe(
      '## Claim 1\n\nVerdict: **supported**, see `a.json`.\n\n| a | b |\n|---|---|\n| x\\|y | <1> |\n\n![Curves](curves.svg)\n',
    );
    const html = toHtml('T', blocks, { curves: { mark: 'point' } as never });
    expect(html).toContain('<h2>Claim 1</h2>');
    expect(html).toContain('<p>Verdict: <strong>supported</strong>, see <code>a.json</code>.</p>');
    expect(html).toContain('<td>&lt;1&gt;</td>');
    expect(html).toContain('<div class="chart" id="chart-curves"');
    expect(html).toContain('const specs = {"curves":{"mark":"point"}};');
  });

  it('keeps spec text from closing the script element', () => {
    const html = toHtml('T', [{ kind: 'chart', name: 'c', title: 'c' }], { c: { title: '</script><b>' } as never });
    expect(html).not.toContain('</script><b>');
    expect(html).toContain('\\u003c/script>');
  });

  it('escapes markup in inline text but keeps links', () => {
    expect(inlineHtml('a < b & [docs](x.md)')).toBe('a &lt; b &amp; <a href="x.md">docs</a>');
    expect(markdownTable(['h'], [['1']])).toBe('| h |\n|---|\n| 1 |');
  });
});
