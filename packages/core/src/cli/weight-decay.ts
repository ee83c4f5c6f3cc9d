#!/usr/bin/env node
/**
 * The `weight-decay` bin of `@weight-decay/core`: see {@link runWeightDecayCli}.
 *
 * @packageDocumentation
 */
/// <reference types="node" />
import { runWeightDecayCli } from './run-weight-decay-cli.js';

// No top-level await: the same source also compiles to CommonJS.
void runWeightDecayCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
