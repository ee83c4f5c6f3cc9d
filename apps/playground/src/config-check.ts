import { ConfigError, validateConfig } from '@weight-decay/core';

/** A config as typed into the editor: parsed and valid, or the problems found, each at its path. */
export type ConfigCheck = { ok: true; config: unknown } | { ok: false; problems: string[] };

/**
 * Parses the editor's text and validates it with `@weight-decay/core`, the
 * same checks `createOptimizer` runs: every problem is reported as
 * `path: expected …, received …`.
 */
export function checkConfigText(text: string): ConfigCheck {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`JSON: ${(error as Error).message}`] };
  }
  const issues = validateConfig(config);
  if (issues.length === 0) return { ok: true, config };
  return {
    ok: false,
    // ConfigError words an issue exactly as createOptimizer would throw it.
    problems: issues.map((issue) => new ConfigError(issue.path, issue.expected, issue.received).message),
  };
}
