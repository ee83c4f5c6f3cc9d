#!/usr/bin/env node
/**
 * The lab's command line: `node dist/cli.js [flags]`. Any error the lab can
 * name (bad flag, bad config, unreadable file) is printed as one line and
 * exits with status 2; anything unexpected exits with 1, still as one line
 * (set LAB_DEBUG=1 for the stack).
 */
import { WeightDecayError } from '@weight-decay/core';
import { parseFlags, usage } from './cli-flags.js';
import { runLab } from './lab-main.js';
import { createProgressSink } from './terminal-output.js';

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseFlags(argv);
    if (options.help) {
      process.stdout.write(usage);
      return 0;
    }
    await runLab(options, {
      out: (line) => process.stdout.write(`${line}\n`),
      progress: createProgressSink(process.stderr),
      command: ['node dist/cli.js', ...argv.filter((a) => a !== '--')].join(' '),
    });
    return 0;
  } catch (error) {
    if (process.env.LAB_DEBUG) console.error(error);
    if (error instanceof WeightDecayError) {
      process.stderr.write(`lab: ${error.name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lab: unexpected error: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
