/**
 * The `weight-decay` command line, as a function of its arguments and I/O so
 * tests can run it in-process.
 *
 * @packageDocumentation
 */
/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/index.js';
import { emitPytorchModule } from '../to-pytorch/index.js';

/** Where the CLI writes. */
export interface WeightDecayCliIo {
  /** Normal output (the emitted module), written as given. */
  out(text: string): void;
  /** One line of error output. */
  err(line: string): void;
}

/** Exit codes: done / the input (file, JSON or config) is wrong / the command line is wrong. */
export const weightDecayExitCodes = { ok: 0, badInput: 1, usage: 2 } as const;

/** The usage text. */
export const weightDecayUsage = `Usage: weight-decay to-pytorch CONFIG.json

Commands:
  to-pytorch CONFIG.json   Print a self-contained Python module (PyTorch alone) whose
                           build_optimizer(named_parameters) runs the config's optimizer
                           and decay terms. Redirect it into a file: > wd_optimizer.py

Options:
  -h, --help               Show this text.

Exit codes: 0 done; 1 the file cannot be read, is not JSON, or is not a valid config
(the message names the offending field); 2 a usage error.`;

class UsageError extends Error {}

function parseCommandLine(argv: readonly string[]): { help: boolean; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { help: values.help === true, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs `weight-decay ARGS`.
 *
 * @param argv - the arguments after the program name.
 * @param io - where output goes.
 * @param readText - reads a file (tests replace it); default `fs.readFile` as UTF-8.
 * @returns the exit code ({@link weightDecayExitCodes}).
 */
export async function runWeightDecayCli(
  argv: readonly string[],
  io: WeightDecayCliIo,
  readText: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<number> {
  let command: { help: boolean; positionals: string[] };
  try {
    command = parseCommandLine(argv);
    if (command.help) {
      io.out(`${weightDecayUsage}\n`);
      return weightDecayExitCodes.ok;
    }
    const [name, ...rest] = command.positionals;
    if (name === undefined) throw new UsageError('a command is required');
    if (name !== 'to-pytorch') throw new UsageError(`unknown command ${JSON.stringify(name)} (expected to-pytorch)`);
    if (rest.length !== 1) throw new UsageError(`to-pytorch takes one CONFIG.json, received ${rest.length} arguments`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`weight-decay: ${error.message}`);
    io.err(weightDecayUsage);
    return weightDecayExitCodes.usage;
  }
  const file = command.positionals[1]!;
  let config: unknown;
  try {
    config = JSON.parse(await readText(file));
  } catch (error) {
    io.err(`weight-decay: ${file}: ${(error as Error).message}`);
    return weightDecayExitCodes.badInput;
  }
  try {
    io.out(emitPytorchModule(config));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The message starts with the offending field's path.
    io.err(`weight-decay: ${file}: invalid config: ${error.message}`);
    return weightDecayExitCodes.badInput;
  }
  return weightDecayExitCodes.ok;
}
