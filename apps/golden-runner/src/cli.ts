#!/usr/bin/env node
/**
 * `pnpm golden --fixtures DIR --backend NAME`: see {@link runCli}.
 *
 * @packageDocumentation
 */
import { runCli } from './run-cli.js';

process.exitCode = await runCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  // `pnpm golden` runs this script inside apps/golden-runner; INIT_CWD is where pnpm was
  // started, so a relative --fixtures means what the user typed.
  { cwd: process.env.INIT_CWD ?? process.cwd() },
);
