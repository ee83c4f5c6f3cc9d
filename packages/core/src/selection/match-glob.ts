/**
 * Glob matching over `/`-separated parameter names.
 *
 * - `*` matches any run of characters inside one segment (never a `/`).
 * - A segment that is exactly `**` matches zero or more whole segments, so
 *   `**\/bias` matches `bias` and `encoder/layer0/bias`, and `dense/**` matches
 *   `dense` itself as well as everything below it.
 * - Every other character is literal (names such as `dense/kernel:0` need no escaping).
 *
 * @param pattern - The glob pattern.
 * @param name - A parameter name.
 * @returns Whether `name` matches `pattern` in full.
 */
export function matchGlob(pattern: string, name: string): boolean {
  return matchSegments(pattern.split('/'), 0, name.split('/'), 0);
}

function matchSegments(pattern: string[], i: number, name: string[], j: number): boolean {
  if (i === pattern.length) return j === name.length;
  if (pattern[i] === '**') {
    // Consecutive `**` segments mean the same as one; skipping them keeps this linear-ish.
    let next = i + 1;
    while (next < pattern.length && pattern[next] === '**') next++;
    for (let k = j; k <= name.length; k++) {
      if (matchSegments(pattern, next, name, k)) return true;
    }
    return false;
  }
  return j < name.length && matchSegment(pattern[i], name[j]) && matchSegments(pattern, i + 1, name, j + 1);
}

/** `*` wildcard match inside one segment, greedy with backtracking to the last star. */
function matchSegment(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      starText = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
