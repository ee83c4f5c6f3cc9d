#!/usr/bin/env node
/**
 * `pnpm golden-pytorch --fixtures DIR`: see {@link runPytorchGoldenCli}.
 *
 * @packageDocumentation
 */
import { runPytorchGoldenCli } from './run-pytorch-golden-cli.js';

process.exitCode = await runPytorchGoldenCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  // pnpm runs the script inside this package; INIT_CWD is where the user started pnpm.
  process.env.INIT_CWD ?? process.cwd(),
);
