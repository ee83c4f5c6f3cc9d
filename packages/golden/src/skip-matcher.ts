/**
 * Finds the reason a case is skipped. Keys are a case name, or a pattern where
 * `*` matches any run of characters, tried against the case name and against
 * the fixture's path relative to the fixtures folder (e.g. `cautious/*`).
 *
 * @param skips - reasons by case name or pattern.
 * @param name - the case name.
 * @param relativePath - the fixture's relative path (e.g. `adamw/adamw-long.json`), if known.
 * @returns the reason, or undefined when the case runs.
 */
export function skipReason(skips: Readonly<Record<string, string>>, name: string, relativePath?: string): string | undefined {
  for (const [pattern, reason] of Object.entries(skips)) {
    if (skipMatches(pattern, name, relativePath)) return reason;
  }
  return undefined;
}

/**
 * Whether one skip key selects a case (see {@link skipReason}).
 *
 * @param pattern - a case name or a `*` pattern.
 * @param name - the case name.
 * @param relativePath - the fixture's relative path, if known.
 */
export function skipMatches(pattern: string, name: string, relativePath?: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(name) || (relativePath !== undefined && regex.test(relativePath));
}
