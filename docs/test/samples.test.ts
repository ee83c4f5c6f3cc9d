import { describe, expect, it } from 'vitest';
import { classifySample, extractSamples, sampleLabel, stripJsonComments } from './samples.js';

describe('extractSamples', () => {
  it('finds each fenced block with its line, language, tag and body', () => {
    const markdown = [
      '# Title', //                                  line 1
      '',
      '```ts',
      "import assert from 'node:assert/strict';",
      'assert.equal(1, 1);',
      '```',
      '',
      '```json config',
      '{ "optimizer": { "type": "sgd", "learningRate": 0.1 } }',
      '```',
      '~~~json invalid path=decay[0].rate',
      '{}',
      '~~~',
    ].join('\n');
    const samples = extractSamples(markdown, 'x.md');
    expect(samples.map((s) => [s.line, s.language, s.tag, s.directive.kind])).toEqual([
      [3, 'ts', '', 'run'],
      [8, 'json', 'config', 'config'],
      [11, 'json', 'invalid path=decay[0].rate', 'invalid'],
    ]);
    expect(samples[0]!.code).toBe("import assert from 'node:assert/strict';\nassert.equal(1, 1);\n");
    expect(samples[2]!.directive).toEqual({ kind: 'invalid', path: 'decay[0].rate' });
  });

  it('removes the indentation of a fence inside a list item, and keeps deeper indentation', () => {
    const markdown = ['1. Step', '   ```ts', '   if (true) {', '     f();', '   }', '   ```'].join('\n');
    expect(extractSamples(markdown, 'x.md')[0]!.code).toBe('if (true) {\n  f();\n}\n');
  });

  it('needs a closing fence at least as long as the opening one, and of the same character', () => {
    const markdown = ['````md', '```ts', 'inner', '```', '~~~~', '````', '```ts', 'after', '```'].join('\n');
    const samples = extractSamples(markdown, 'x.md');
    expect(samples).toHaveLength(2);
    expect(samples[0]!.code).toBe('```ts\ninner\n```\n~~~~\n');
    expect(samples[1]!.code).toBe('after\n');
  });

  it('ignores inline code that merely starts a line with backticks', () => {
    expect(extractSamples('```foo``` is inline\n', 'x.md')).toEqual([]);
  });
});

describe('classifySample', () => {
  it('runs TypeScript and JavaScript blocks without a tag', () => {
    expect(classifySample('ts', '')).toEqual({ kind: 'run', runtime: 'ts' });
    expect(classifySample('typescript', '')).toEqual({ kind: 'run', runtime: 'ts' });
    expect(classifySample('js', '')).toEqual({ kind: 'run', runtime: 'js' });
  });

  it('requires a reason for no-run', () => {
    expect(classifySample('ts', 'no-run: needs a GPU')).toEqual({ kind: 'no-run', reason: 'needs a GPU' });
    expect(classifySample('ts', 'no-run').kind).toBe('malformed');
    expect(classifySample('ts', 'no-run:   ').kind).toBe('malformed');
  });

  it('reports a fragment as not run, with a reason', () => {
    expect(classifySample('js', 'fragment')).toEqual({
      kind: 'no-run',
      reason: 'a fragment of a larger program, not runnable alone',
    });
  });

  it('rejects untagged JSON and unknown tags so nothing goes unchecked by accident', () => {
    expect(classifySample('json', '').kind).toBe('malformed');
    expect(classifySample('json', 'conifg').kind).toBe('malformed');
    expect(classifySample('json', 'invalid').kind).toBe('malformed');
    expect(classifySample('ts', 'skip').kind).toBe('malformed');
  });

  it('lists other languages as not executable', () => {
    expect(classifySample('python', '')).toEqual({ kind: 'other-language' });
    expect(classifySample('sh', '')).toEqual({ kind: 'other-language' });
  });
});

describe('stripJsonComments', () => {
  it('removes line and block comments but keeps comment markers inside strings', () => {
    const text = '{ "a": "x//y", // note\n "b": /* c */ 2 }';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ a: 'x//y', b: 2 });
  });

  it('keeps escaped quotes inside strings', () => {
    expect(JSON.parse(stripJsonComments('{"a": "q\\"//"} // c'))).toEqual({ a: 'q"//' });
  });
});

describe('sampleLabel', () => {
  it('is a file-name-safe name with the line', () => {
    expect(sampleLabel({ source: 'guides/getting-started.md', line: 12 })).toBe('guides-getting-started-md-L12');
  });
});
