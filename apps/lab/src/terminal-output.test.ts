import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createProgressSink, formatDuration, formatTable, progressLine } from './terminal-output.js';

describe('formatTable', () => {
  it('aligns columns, right-aligning numeric ones', () => {
    const text = formatTable(
      ['method', 'acc'],
      [
        ['none', '0.9'],
        ['l1-proximal', '0.875'],
      ],
    );
    expect(text.split('\n')).toEqual(['method      |   acc', '------------|------', 'none        |   0.9', 'l1-proximal | 0.875']);
  });
});

describe('progressLine', () => {
  it('fills the bar in proportion', () => {
    expect(progressLine('l2', 1, 4, 'x', 8)).toBe('l2  [##......]  1/4  x');
    expect(progressLine('l2', 4, 4, '', 4)).toBe('l2  [####]  4/4  ');
  });
});

describe('createProgressSink', () => {
  const capture = (isTTY: boolean) => {
    const stream = Object.assign(new PassThrough(), { isTTY, columns: 40 }) as unknown as NodeJS.WriteStream & PassThrough;
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    return { stream, chunks };
  };

  it('writes one plain line per finished run when the stream is not a terminal', () => {
    const { stream, chunks } = capture(false);
    const sink = createProgressSink(stream);
    sink.update('epoch 1/8');
    sink.done('[1/3] seed 1 none: val 90 %');
    sink.clear();
    expect(chunks.join('')).toBe('[1/3] seed 1 none: val 90 %\n');
  });

  it('redraws one line in place on a terminal, cut to its width', () => {
    const { stream, chunks } = capture(true);
    const sink = createProgressSink(stream);
    sink.update('x'.repeat(100));
    sink.done('done');
    expect(chunks[0]).toBe(`\r\x1b[2K${'x'.repeat(39)}`);
    expect(chunks[1]).toBe('\r\x1b[2Kdone');
    expect(chunks.join('')).not.toContain('\n');
  });
});

describe('formatDuration', () => {
  it('prints minutes and seconds', () => {
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(0)).toBe('0:00');
  });
});
