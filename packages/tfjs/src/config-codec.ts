/**
 * tfjs-layers reloads an optimizer's config through `convertPythonicToTs`,
 * which camel-cases every key and every string value containing `_`
 * (`dense_1/kernel` would come back as `dense1/kernel`). JSON text written with
 * each `_` as the escape `\u005f` contains no `_` at all, so it survives that
 * pass unchanged and parses back to the exact original.
 */
export function encodeConfigText(value: unknown): string {
  return JSON.stringify(value).replace(/_/g, '\\u005f');
}

/** Inverse of {@link encodeConfigText}. */
export function decodeConfigText(text: string): unknown {
  return JSON.parse(text);
}

/** A deep copy of plain JSON data (configs, decay terms), so callers cannot mutate ours. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
