import { SourceMapConsumer } from 'source-map-js';

/** A `securitypolicyviolation` event as the page recorded it. */
export interface RecordedViolation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
  line: number;
  column: number;
}

/** A violation and the module of the bundle whose code caused it. */
export interface AttributedViolation extends RecordedViolation {
  /** The original file, from the bundle's source map (empty when the event names no line of the bundle). */
  source: string;
  /** The npm package that file belongs to, or undefined when it is not under node_modules (our code). */
  dependency: string | undefined;
}

/**
 * Listens for violations from the start of the page: served as a classic
 * script from the page's own origin (inline scripts are blocked by the
 * policy), it runs before the bundle's module code.
 */
export const violationRecorderScript = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push({
  directive: e.effectiveDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile, line: e.lineNumber, column: e.columnNumber,
}));`;

/** The package a path under node_modules belongs to (`long`, `@tensorflow/tfjs-backend-wasm`). */
function dependencyOf(source: string): string | undefined {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  return match?.[1];
}

/**
 * Maps each violation's line and column in the bundle back to the module that
 * caused it. A violation that cannot be placed in a dependency counts as ours.
 *
 * @param violations - what the page recorded.
 * @param bundleUrl - the bundle's URL, as `sourceFile` names it.
 * @param sourceMap - the bundle's source map (JSON text).
 */
export function attributeViolations(violations: readonly RecordedViolation[], bundleUrl: string, sourceMap: string): AttributedViolation[] {
  const consumer = new SourceMapConsumer(JSON.parse(sourceMap));
  return violations.map((v) => {
    const source =
      v.sourceFile === bundleUrl && v.line > 0 ? (consumer.originalPositionFor({ line: v.line, column: v.column }).source ?? '') : '';
    return { ...v, source, dependency: dependencyOf(source) };
  });
}
