/**
 * The checks the docs test applies to each extracted sample, as functions that
 * return a problem (a string naming the sample) or `undefined` when the sample
 * is fine, so that the checks themselves can be tested on samples that must fail.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError, parseConfig } from '@weight-decay/core';
import { stripJsonComments, type Sample } from './samples.js';

const run = promisify(execFile);

/** The sample's JSON value (`jsonc` comments removed). Throws on invalid JSON. */
export function parseJsonSample(sample: Sample): unknown {
  return JSON.parse(sample.language === 'jsonc' ? stripJsonComments(sample.code) : sample.code);
}

function where(sample: Sample): string {
  return `${sample.source}:${sample.line}`;
}

/** Checks a `json config`, `json invalid path=…` or `json data` block. */
export function checkJsonSample(sample: Sample): string | undefined {
  let input: unknown;
  try {
    input = parseJsonSample(sample);
  } catch (error) {
    return `${where(sample)}: not valid JSON: ${(error as Error).message}`;
  }
  const directive = sample.directive;
  switch (directive.kind) {
    case 'data':
      return undefined;
    case 'config': {
      let resolved: ReturnType<typeof parseConfig>;
      try {
        resolved = parseConfig(input);
      } catch (error) {
        return `${where(sample)}: rejected: ${(error as Error).message}`;
      }
      // A valid config also survives its own resolved form (idempotent, JSON-safe).
      const again = parseConfig(JSON.parse(JSON.stringify(resolved)));
      return JSON.stringify(again) === JSON.stringify(resolved) ? undefined : `${where(sample)}: resolving the resolved config changed it`;
    }
    case 'invalid':
      try {
        parseConfig(input);
      } catch (error) {
        if (!(error instanceof ConfigError)) return `${where(sample)}: threw ${String(error)}, not a ConfigError`;
        return error.path === directive.path
          ? undefined
          : `${where(sample)}: rejected at "${error.path}", the block says "${directive.path}" (${error.message})`;
      }
      return `${where(sample)}: accepted, but it is marked invalid at "${directive.path}"`;
    default:
      return `${where(sample)}: not a JSON sample (${directive.kind})`;
  }
}

/**
 * Runs a program file with Node (`.mts` through tsx) in `cwd`; a problem when
 * it exits non-zero or times out, with its output.
 */
export async function runProgram(file: string, runtime: 'ts' | 'js', cwd: string, timeoutMs: number): Promise<string | undefined> {
  const args = runtime === 'ts' ? ['--import', 'tsx', file] : [file];
  try {
    await run(process.execPath, args, { cwd, timeout: timeoutMs, maxBuffer: 16 << 20 });
    return undefined;
  } catch (error) {
    const failure = error as { code?: number; signal?: string; stdout?: string; stderr?: string };
    return `exit ${failure.code ?? failure.signal}:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}`;
  }
}
