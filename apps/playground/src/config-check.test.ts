import { describe, expect, it } from 'vitest';

import { checkConfigText } from './config-check.js';
import { configText, presets } from './presets.js';

describe('checkConfigText', () => {
  it('accepts every preset as the editor shows it', () => {
    for (const preset of presets)
      expect(checkConfigText(configText(preset.config)), preset.label).toEqual({ ok: true, config: preset.config });
  });

  it('names the path of each bad field', () => {
    const result = checkConfigText(
      '{"optimizer": {"type": "adam", "learningRate": 0.001}, "decay": [{"type": "decoupled", "rate": -1}, {"type": "l3", "rate": 1}]}',
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^decay\[0\]\.rate: expected .*, received -1$/);
    expect(problems[1]).toMatch(/^decay\[1\]\.type: /);
  });

  it('reports text that is not JSON as a JSON problem', () => {
    const result = checkConfigText('{ "optimizer": ');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^JSON: /)]);
  });
});
