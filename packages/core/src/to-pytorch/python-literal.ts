/**
 * {@link pythonLiteral}: JSON-like data as Python source.
 *
 * @packageDocumentation
 */

/**
 * Writes a JSON-safe value as a Python literal: `true` → `True`, `null` →
 * `None`, numbers in JavaScript's shortest round-trip form (which Python
 * parses to the same double), ±Infinity as `math.inf`, strings as JSON
 * strings (also valid Python). Integers stay integers.
 *
 * @param value - plain data: numbers, strings, booleans, null, arrays, objects.
 * @param indent - spaces before nested entries of the current level.
 * @throws TypeError for NaN, functions, symbols, bigints or undefined inside arrays.
 */
export function pythonLiteral(value: unknown, indent = ''): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new TypeError('pythonLiteral: NaN has no place in a config');
    if (!Number.isFinite(value)) return value > 0 ? 'math.inf' : '-math.inf';
    return Object.is(value, -0) ? '-0.0' : String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.every((x) => x === null || typeof x !== 'object')) return `[${value.map((x) => pythonLiteral(x)).join(', ')}]`;
    return `[\n${value.map((x) => `${inner}${pythonLiteral(x, inner)},\n`).join('')}${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},\n`).join('')}${indent}}`;
  }
  throw new TypeError(`pythonLiteral: cannot write a ${typeof value}`);
}
