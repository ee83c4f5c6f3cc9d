/**
 * `pnpm golden-pytorch [--fixtures DIR]`: every golden case under a folder,
 * replayed on the emitted PyTorch module.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { goldenFixturesDir, loadFixtures, runGoldenCase, type LoadedFixture } from '@weight-decay/golden';
import { createPytorchBackend } from './pytorch-backend.js';

/** The usage text. */
export const usage = `Usage: pnpm golden-pytorch [--fixtures DIR] [--python PATH]

Replays every *.json golden case under DIR (default: the committed fixtures of
@weight-decay/golden) on the module \`weight-decay to-pytorch\` emits for its config,
in float64 through build_optimizer, one step() per fixture step; prints one line
per case and ends with "N passed, N failed". A relative DIR is resolved against
the folder pnpm was started from. PATH is the Python with PyTorch (default
/usr/bin/python3). Exits 1 when a case fails; 2 on a usage error, no case, or no PyTorch.`;

/** Where lines go. */
export interface CliIo {
  /** One line of normal output. */
  out(line: string): void;
  /** One line of error output. */
  err(line: string): void;
}

/**
 * Runs the replay.
 *
 * @param argv - arguments after the script name.
 * @param io - where lines go.
 * @param cwd - the folder a relative `--fixtures` is resolved against.
 * @returns the exit code: 0 all passed, 1 a case failed, 2 the run could not happen.
 */
export async function runPytorchGoldenCli(argv: readonly string[], io: CliIo, cwd: string): Promise<number> {
  let values: { fixtures?: string | undefined; python?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: { fixtures: { type: 'string' }, python: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    io.err(usage);
    return 2;
  }
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const dir = values.fixtures === undefined ? goldenFixturesDir : resolve(cwd, values.fixtures);
  let loaded: LoadedFixture[];
  try {
    loaded = loadFixtures(dir);
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    return 2;
  }
  if (loaded.length === 0) {
    io.err(`error: no *.json golden case under ${dir}`);
    return 2;
  }
  const backendOptions = { fixtures: loaded.map((l) => l.fixture), ...(values.python === undefined ? {} : { python: values.python }) };
  const backend = createPytorchBackend(backendOptions);
  try {
    try {
      await backend.ready?.();
    } catch (error) {
      io.err(`error: ${(error as Error).message}`);
      return 2;
    }
    io.out(`${loaded.length} cases from ${dir} on the emitted PyTorch module (float64)`);
    let passed = 0;
    let failed = 0;
    for (const { fixture, relativePath } of loaded) {
      const result = await runGoldenCase(backend, fixture);
      if (result.status === 'pass') passed++;
      else failed++;
      io.out(
        `${result.status === 'pass' ? 'PASS' : 'FAIL'} ${fixture.name}  ${result.message}${result.status === 'pass' ? '' : `  (${relativePath})`}`,
      );
    }
    io.out(`${passed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    await backend.close();
  }
}
