/**
 * `@weight-decay/golden`: golden cases from PyTorch and the machinery every
 * backend uses to replay them — fixture types, a validating loader, the
 * tolerance checker, the {@link GoldenBackend} interface, {@link runGoldenCase}
 * and the float64 reference backend. The vitest suite lives in
 * `@weight-decay/golden/suite` so that command-line tools do not load vitest.
 *
 * @packageDocumentation
 */
export * from './fixture-types.js';
export { FixtureFormatError } from './fixture-format-error.js';
export { parseFixture } from './parse-fixture.js';
export { loadFixtures, type LoadedFixture } from './load-fixtures.js';
export { CloseChecker, type CloseReport } from './check-close.js';
export type { GoldenBackend, OptimizerRun } from './golden-backend.js';
export { runGoldenCase, toleranceFor, type GoldenCaseResult } from './run-golden-case.js';
export { createReferenceBackend, type ReferenceBackendOptions } from './reference-backend.js';
export { goldenFixtures11Dir, goldenFixturesDir } from './fixtures-dir.js';
export { skipReason, skipMatches } from './skip-matcher.js';
