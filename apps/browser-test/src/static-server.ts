import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** What {@link serveStatic} serves. */
export interface StaticSite {
  /** Files held in memory, by URL path (`/index.html`); looked up first. */
  files?: ReadonlyMap<string, string | Uint8Array>;
  /** A folder served below `/` (e.g. a Vite `dist`). */
  dir?: string;
  /** Headers sent with every response (e.g. `Content-Security-Policy`). */
  headers?: Readonly<Record<string, string>>;
}

/** A running server: its base URL (ends with `/`) and how to stop it. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

async function lookup(site: StaticSite, path: string): Promise<string | Uint8Array | undefined> {
  const inMemory = site.files?.get(path);
  if (inMemory !== undefined) return inMemory;
  if (site.dir === undefined) return undefined;
  const file = normalize(join(site.dir, path));
  if (!file.startsWith(normalize(site.dir) + sep)) return undefined;
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Serves a static site on 127.0.0.1 at a free port, as a static host would:
 * the right content type per extension (`application/wasm` matters for
 * streaming compilation), `/` answered by `/index.html`, 404 otherwise.
 */
export async function serveStatic(site: StaticSite): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const resolved = path.endsWith('/') ? `${path}index.html` : path;
    lookup(site, resolved).then(
      (body) => {
        if (body === undefined) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${resolved}`);
          return;
        }
        const type = contentTypes[extname(resolved)] ?? 'application/octet-stream';
        response.writeHead(200, { ...site.headers, 'content-type': type, 'cache-control': 'no-store' }).end(body);
      },
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
