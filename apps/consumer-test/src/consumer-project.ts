/**
 * An empty npm project with the three published packages installed from the
 * tarballs `pnpm pack` makes (which turns `workspace:*` into real versions),
 * next to the frameworks a user adds: no workspace links, one `npm install`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace folders of the published packages. */
export const publishedPackages = ['core', 'tfjs', 'onnxruntime'] as const;

/** The framework versions the packages are tested with. */
const frameworks = ['@tensorflow/tfjs@4.22.0', 'onnxruntime-node@1.30.0'];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const consumerFiles = fileURLToPath(new URL('../consumer-files/', import.meta.url));

/**
 * The environment of a child npm: without the `npm_*` variables pnpm sets for
 * its scripts (they would configure npm as pnpm's caller), and with
 * onnxruntime-node's install script told not to download CUDA libraries
 * (its CPU binaries ship inside the package).
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
}

/** Packs the published packages into `destination`; returns the tarball paths. */
function packPublishedPackages(destination: string): string[] {
  mkdirSync(destination);
  for (const name of publishedPackages) {
    execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: join(repoRoot, 'packages', name), stdio: 'pipe' });
  }
  return readdirSync(destination)
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => join(destination, file));
}

/**
 * Creates the project in a fresh temporary folder and returns its path. The
 * user files of `consumer-files/` are copied in; `user-code.ts` three times,
 * as an ES module, a CommonJS module and a plain `.ts` for bundler resolution.
 */
export function createConsumerProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'weight-decay-consumer-'));
  const tarballs = packPublishedPackages(join(root, 'tarballs'));
  const project = join(root, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs, ...frameworks], {
    cwd: project,
    env: npmEnvironment(),
    stdio: 'pipe',
  });
  for (const file of readdirSync(consumerFiles)) copyFileSync(join(consumerFiles, file), join(project, file));
  for (const copy of ['user.mts', 'user.cts', 'user.ts']) copyFileSync(join(consumerFiles, 'user-code.ts'), join(project, copy));
  return project;
}
