/**
 * Emitting a config's PyTorch module the way a user does: `weight-decay to-pytorch CONFIG.json`.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, emitPytorchModule } from '@weight-decay/core';

const run = promisify(execFile);

/** The `weight-decay` bin of the installed `@weight-decay/core`, from its package.json. */
export function weightDecayBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@weight-decay/core/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['weight-decay']!);
}

/** A config the CLI refused; the message is its stderr, which names the offending field. */
export class EmitError extends Error {
  /** @param message - what the CLI printed. */
  constructor(message: string) {
    super(message);
    this.name = 'EmitError';
  }
}

/**
 * The module source for the config file at `configPath`.
 *
 * @param configPath - a JSON config file.
 * @param how - `'bin'` spawns the `weight-decay` bin (what users and held-out replays run);
 *   `'in-process'` calls `emitPytorchModule`, which the bin prints, without a new Node process
 *   (for the test suite's speed; a test checks that both give the same text).
 * @throws EmitError with the CLI's message when it exits non-zero.
 */
export async function emitModule(configPath: string, how: 'bin' | 'in-process'): Promise<string> {
  if (how === 'bin') {
    try {
      const { stdout } = await run(process.execPath, [weightDecayBin(), 'to-pytorch', configPath], { maxBuffer: 64 << 20 });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      throw new EmitError(stderr?.trim() || (error as Error).message);
    }
  }
  try {
    return emitPytorchModule(JSON.parse(await readFile(configPath, 'utf8')));
  } catch (error) {
    if (error instanceof ConfigError) throw new EmitError(`invalid config: ${error.message}`);
    throw error;
  }
}
