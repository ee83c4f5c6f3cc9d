/**
 * Extracts the fenced code blocks of a Markdown file and classifies each one
 * by its info string, so that every sample in the docs is either executed or
 * explicitly marked as not executed, with a reason.
 *
 * Info-string grammar (the first word is the language):
 *
 * - ```` ```ts ```` / `typescript` / `mts` / `js` / `javascript` / `mjs`:
 *   a program, written to a temporary `.mts`/`.mjs` file inside the docs
 *   package and run with `node --import tsx`; it must exit 0.
 * - ```` ```json config ````: a portable config; `resolveConfig` must accept it.
 * - ```` ```json invalid path=decay[0].rate ````: a config that `resolveConfig`
 *   must reject with a `ConfigError` whose `path` is exactly the one given.
 * - ```` ```json data ````: JSON that is not a config; it must parse.
 * - `<any language> no-run: <reason>`: not executed; the reason is reported.
 * - `<any language> fragment`: a piece of a larger program (it uses names it
 *   does not define); not executed, reported like `no-run`.
 * - Any other language (sh, python, text, ...): not executable here; listed.
 *
 * An untagged JSON block, an unknown tag, or a `no-run` without a reason is
 * malformed and fails the test: nothing slips through unchecked by accident.
 */

/** What the test must do with one code block. */
export type SampleDirective =
  | { kind: 'run'; runtime: 'ts' | 'js' }
  | { kind: 'config' }
  | { kind: 'invalid'; path: string }
  | { kind: 'data' }
  | { kind: 'no-run'; reason: string }
  | { kind: 'other-language' }
  | { kind: 'malformed'; problem: string };

/** One fenced code block. */
export interface Sample {
  /** File it came from, as given to {@link extractSamples}. */
  source: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Language (first word of the info string), lower-cased; `''` if none. */
  language: string;
  /** The info string after the language, trimmed. */
  tag: string;
  /** The block's content, with the fence's indentation removed. */
  code: string;
  directive: SampleDirective;
}

const tsLanguages = new Set(['ts', 'typescript', 'mts']);
const jsLanguages = new Set(['js', 'javascript', 'mjs']);
const jsonLanguages = new Set(['json', 'jsonc', 'json5']);

/** Classifies a block from its language and tag (the info string after the language). */
export function classifySample(language: string, tag: string): SampleDirective {
  if (tag === 'fragment') {
    // Part of a larger program (it uses names defined elsewhere): reported like no-run, with this reason.
    return { kind: 'no-run', reason: 'a fragment of a larger program, not runnable alone' };
  }
  if (tag.startsWith('no-run')) {
    const match = /^no-run:\s*(\S.*)$/.exec(tag);
    return match
      ? { kind: 'no-run', reason: match[1]!.trim() }
      : { kind: 'malformed', problem: 'a no-run block needs a reason: `no-run: <why>`' };
  }
  if (tsLanguages.has(language) || jsLanguages.has(language)) {
    if (tag === '') return { kind: 'run', runtime: tsLanguages.has(language) ? 'ts' : 'js' };
    return { kind: 'malformed', problem: `unknown tag "${tag}" on a ${language} block (only \`no-run: <why>\`)` };
  }
  if (jsonLanguages.has(language)) {
    if (language === 'json5') return { kind: 'malformed', problem: 'json5 is not supported: use json' };
    if (tag === 'config') return { kind: 'config' };
    if (tag === 'data') return { kind: 'data' };
    if (tag.startsWith('invalid')) {
      const match = /^invalid\s+path=(\S*)$/.exec(tag);
      return match
        ? { kind: 'invalid', path: match[1]! }
        : { kind: 'malformed', problem: 'an invalid config needs the expected error path: `invalid path=decay[0].rate`' };
    }
    return {
      kind: 'malformed',
      problem:
        tag === ''
          ? 'a JSON block needs a tag: config, invalid path=<path>, data, or no-run: <why>'
          : `unknown tag "${tag}" on a JSON block`,
    };
  }
  return { kind: 'other-language' };
}

const fenceOpen = /^( *)(`{3,}|~{3,})(.*)$/;

/** Every fenced code block of a Markdown document, in order. Unclosed fences run to the end (CommonMark). */
export function extractSamples(markdown: string, source: string): Sample[] {
  const lines = markdown.split(/\r?\n/);
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOpen.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const info = open[3]!.trim();
    // A backtick fence's info string may not contain backticks (CommonMark): such a line is inline code.
    if (fence[0] === '`' && info.includes('`')) continue;
    const closing = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j]!)) {
      const text = lines[j]!;
      // Strip up to the fence's own indentation, as CommonMark does for fenced blocks in list items.
      const leading = /^ */.exec(text)![0].length;
      body.push(text.slice(Math.min(leading, indent)));
      j++;
    }
    const space = info.search(/\s/);
    const language = (space < 0 ? info : info.slice(0, space)).toLowerCase();
    const tag = space < 0 ? '' : info.slice(space).trim();
    samples.push({
      source,
      line: i + 1,
      language,
      tag,
      code: `${body.join('\n')}\n`,
      directive: classifySample(language, tag),
    });
    i = j;
  }
  return samples;
}

/**
 * JSON with `//` and `/* *\/` comments removed (for `jsonc` blocks). Comment
 * markers inside strings are kept; trailing commas are not accepted.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** A file-name-safe label for a sample: `guides-getting-started-tfjs-md-L42`. */
export function sampleLabel(sample: Pick<Sample, 'source' | 'line'>): string {
  const base = sample.source.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base}-L${sample.line}`;
}
