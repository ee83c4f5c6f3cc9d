/// <reference types="node" />
/**
 * Test helper: runs a Python script next to an emitted module (imported as `wd`)
 * with Debian's /usr/bin/python3, and parses the JSON it prints last.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitPytorchModule } from '../emit-pytorch-module.js';

export const python = '/usr/bin/python3';

/** Why Python tests cannot run here, or undefined when they can. CI installs python3-torch, so there they always run. */
export function torchUnavailable(): string | undefined {
  if (process.env.CI) return undefined;
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${python} cannot import torch (Debian: apt-get install python3-torch)`;
  }
}

/**
 * Emits the module of `config` as `wd.py`, runs `script` (which may `import wd`)
 * and returns the JSON value of the last line it prints.
 */
export function runWithModule<T>(config: unknown, script: string): T {
  const dir = mkdtempSync(join(tmpdir(), 'wd-emitted-'));
  try {
    writeFileSync(join(dir, 'wd.py'), emitPytorchModule(config));
    writeFileSync(join(dir, 'script.py'), `import json\nimport torch\nimport wd\ntorch.set_num_threads(1)\n${script}`);
    const out = execFileSync(python, ['-W', 'ignore', join(dir, 'script.py')], { cwd: dir, encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
