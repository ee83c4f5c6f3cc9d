import { resolve } from 'node:path';

import {
  goldenFixturesDir,
  loadFixtures,
  runGoldenCase,
  skipReason,
  type GoldenBackend,
  type GoldenFixture,
  type LoadedFixture,
} from '@weight-decay/golden';

import { loadBackend, type BackendModuleImporter } from './backends/backend-registry.js';
import { CliUsageError, parseCliArgs, usage } from './parse-cli-args.js';

/** Where the CLI writes. */
export interface CliIo {
  /** One line of normal output. */
  out(line: string): void;
  /** One line of error output. */
  err(line: string): void;
}

/** Where {@link runCli} runs, and test hooks. */
export interface RunCliEnvironment {
  /** Folder relative `--fixtures` paths are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** Replaces how backend modules are imported. */
  importModule?: BackendModuleImporter;
}

/** Exit codes: every case passed / a case failed / the run could not happen. */
export const exitCodes = { passed: 0, failed: 1, unusable: 2 } as const;

/** Why the backend itself cannot run a case (e.g. `tfjs-wrapper` for optimizers tfjs lacks), if it says so. */
function backendSkipReason(backend: GoldenBackend, fixture: GoldenFixture): string | undefined {
  const selective = backend as GoldenBackend & { skipReason?: (fixture: GoldenFixture) => string | undefined };
  return typeof selective.skipReason === 'function' ? selective.skipReason(fixture) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `pnpm golden`: replays every case under a folder on one backend. Nothing is
 * registered in advance; any folder of golden-format v1 files works.
 *
 * @param argv - the arguments after the script name.
 * @param io - where lines go.
 * @param env - working folder and test hooks.
 * @returns the process exit code ({@link exitCodes}).
 */
export async function runCli(argv: readonly string[], io: CliIo, env: RunCliEnvironment = {}): Promise<number> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.err(`error: ${error.message}`);
    io.err(usage);
    return exitCodes.unusable;
  }
  if (options.help) {
    io.out(usage);
    return exitCodes.passed;
  }
  const dir = options.fixtures === undefined ? goldenFixturesDir : resolve(env.cwd ?? process.cwd(), options.fixtures);
  let loaded: LoadedFixture[];
  try {
    loaded = loadFixtures(dir);
  } catch (error) {
    io.err(`error: ${messageOf(error)}`);
    return exitCodes.unusable;
  }
  if (loaded.length === 0) {
    io.err(`error: no *.json golden case under ${dir}`);
    return exitCodes.unusable;
  }
  let backend: GoldenBackend;
  try {
    backend = await loadBackend(options.backend, options.backendOptions, env.importModule);
  } catch (error) {
    io.err(`error: ${messageOf(error)}`);
    return exitCodes.unusable;
  }
  io.out(`${loaded.length} cases from ${dir} on ${backend.name} (${backend.precision})`);
  const skips = Object.fromEntries(options.skips.map((s) => [s, 'skipped with --skip']));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { fixture, relativePath } of loaded) {
    const reason = skipReason(skips, fixture.name, relativePath) ?? backendSkipReason(backend, fixture);
    if (reason !== undefined) {
      skipped++;
      io.out(`SKIP ${fixture.name}  ${reason}`);
      continue;
    }
    const result = await runGoldenCase(backend, fixture);
    if (result.status === 'pass') passed++;
    else failed++;
    io.out(
      `${result.status === 'pass' ? 'PASS' : 'FAIL'} ${fixture.name}  ${result.message}${result.status === 'pass' ? '' : `  (${relativePath})`}`,
    );
  }
  if (skipped > 0) io.out(`${skipped} skipped`);
  io.out(`${passed} passed, ${failed} failed`);
  return failed > 0 ? exitCodes.failed : exitCodes.passed;
}
