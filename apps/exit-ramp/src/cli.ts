#!/usr/bin/env node
/**
 * `pnpm exit-ramp [--python PATH]`: see {@link runExitRamp}. Prints
 * `max relative difference X` and exits 1 when X exceeds 1e-4 (float32 on
 * both sides over M continued steps) or the checkpoint does not load back.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { runExitRamp } from './run-exit-ramp.js';

const nodeSteps = 20;
const continuedSteps = 30;
const limit = 1e-4;

let python = '/usr/bin/python3';
try {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { python: { type: 'string' } } });
  python = values.python ?? python;
} catch (error) {
  console.error(`exit-ramp: ${(error as Error).message}\nUsage: pnpm exit-ramp [--python PATH]`);
  process.exit(2);
}

const result = await runExitRamp({ nodeSteps, continuedSteps, batchSize: 32, python, log: (line) => console.log(line) });
console.log(`N = ${nodeSteps} steps in Node, then M = ${continuedSteps} steps in each; float32 on both sides.`);
console.log('Relative difference: per parameter tensor, max |θ_node − θ_torch| / max |θ_torch|; the largest over tensors.');
console.log(`max relative difference ${result.maxRelativeDifference.toExponential(2)}`);
process.exitCode = result.maxRelativeDifference <= limit && result.loadedBack ? 0 : 1;
