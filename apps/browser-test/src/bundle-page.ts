import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * `@weight-decay/golden`'s index also exports its folder loader (node:fs,
 * node:path) and the committed folder's path (node:url, evaluated on import).
 * Pages never read folders, fixtures reach them from the test, so each
 * built-in becomes a module whose functions throw, except `fileURLToPath`,
 * which the import itself evaluates.
 */
const nodeBuiltinsUnavailable: Plugin = {
  name: 'node-builtins-unavailable',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `
        const unavailable = (name) => () => { throw new Error(name + ' from ${args.path} is not available in a browser page'); };
        export const fileURLToPath = (url) => new URL(url).pathname;
        export const readdirSync = unavailable('readdirSync'), readFileSync = unavailable('readFileSync'), statSync = unavailable('statSync');
        export const join = unavailable('join'), relative = unavailable('relative');`,
      loader: 'js',
    }));
  },
};

/** The `.wasm` binaries of `@tensorflow/tfjs-backend-wasm`, by URL path under `/wasm/`. */
export function tfjsWasmFiles(): Map<string, Uint8Array> {
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(dist)) if (name.endsWith('.wasm')) files.set(`/wasm/${name}`, readFileSync(join(dist, name)));
  return files;
}

/** A bundled page: files by URL path, and the bundle's text and source map (for attributing a line to a module). */
export interface BundledPage {
  files: Map<string, string | Uint8Array>;
  script: string;
  sourceMap: string;
}

/**
 * Bundles `entry` for the browser, as an app would ship it: one ES module,
 * `/page.js`, with a linked source map, loaded by `/index.html`, plus tfjs's
 * `.wasm` binaries.
 *
 * @param entry - absolute path of the entry file (TypeScript or JavaScript).
 * @param title - the page title.
 */
export async function bundlePage(entry: string, title: string): Promise<BundledPage> {
  const result = await build({
    entryPoints: { page: entry },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: 'linked',
    outdir: '/',
    write: false,
    logLevel: 'silent',
    plugins: [nodeBuiltinsUnavailable],
  });
  const script = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const sourceMap = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (script === undefined || sourceMap === undefined) throw new Error(`esbuild wrote no page.js/page.js.map for ${entry}`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head><body><script type="module" src="page.js"></script></body></html>`;
  const files = new Map<string, string | Uint8Array>([
    ['/index.html', html],
    ['/page.js', script.text],
    ['/page.js.map', sourceMap.text],
    ...tfjsWasmFiles(),
  ]);
  return { files, script: script.text, sourceMap: sourceMap.text };
}
