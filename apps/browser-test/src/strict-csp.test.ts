import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bundlePage, type BundledPage } from './bundle-page.js';
import { collectPageErrors, launchChromium } from './chromium.js';
import type { BrowserBackend } from './page/test-page-api.js';
import { serveStatic, type StaticServer } from './static-server.js';
import { attributeViolations, violationRecorderScript, type AttributedViolation, type RecordedViolation } from './violation-source.js';

// A new user's app (page/csp-entry.ts): tfjs and @weight-decay/tfjs bundled into one file and
// served with a Content-Security-Policy that allows scripts from the page's origin only, no
// 'unsafe-eval'. The wasm backend needs 'wasm-unsafe-eval' to compile its binary at all, so
// its page allows that (and still no 'unsafe-eval').
const policies: Record<BrowserBackend, string> = {
  cpu: "script-src 'self'",
  webgl: "script-src 'self'",
  wasm: "script-src 'self' 'wasm-unsafe-eval'",
};

// Reports caused by tfjs's own dependencies, each with why it is harmless.
const knownDependencyReports: Readonly<Record<string, string>> = {
  // long.js probes for WebAssembly on load to speed up 64-bit multiply/divide, and falls back to JavaScript.
  long: 'wasm-eval probe at load, falls back to JavaScript',
};

let page: BundledPage;
let browser: Browser;
const servers: StaticServer[] = [];

beforeAll(async () => {
  page = await bundlePage(fileURLToPath(new URL('./page/csp-entry.ts', import.meta.url)), 'weight-decay under a strict CSP');
  page.files.set('/violations.js', violationRecorderScript);
  const html = page.files.get('/index.html') as string;
  page.files.set('/index.html', html.replace('<script type="module"', '<script src="violations.js"></script><script type="module"'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

interface CspRun {
  status: string | null;
  result: string;
  violations: AttributedViolation[];
  errors: string[];
}

/** Loads the app on a fresh page (so no state carries over) and waits for it to finish training. */
async function trainUnderPolicy(backend: BrowserBackend): Promise<CspRun> {
  const server = await serveStatic({ files: page.files, headers: { 'content-security-policy': policies[backend] } });
  servers.push(server);
  const tab = await browser.newPage();
  const errors = collectPageErrors(tab);
  // The app starts training while loading; wait for its result, not for the load event.
  await tab.goto(`${server.url}?backend=${backend}`, { waitUntil: 'commit' });
  const output = tab.locator('#result[data-status]');
  await output.waitFor({ timeout: 300_000 });
  const recorded = await tab.evaluate(() => (window as unknown as { cspViolations: RecordedViolation[] }).cspViolations);
  const run = {
    status: await output.getAttribute('data-status'),
    result: (await output.textContent()) ?? '',
    violations: attributeViolations(recorded, `${server.url}page.js`, page.sourceMap),
    errors,
  };
  await tab.close();
  return run;
}

const ours = (run: CspRun): AttributedViolation[] => run.violations.filter((v) => v.dependency === undefined);

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  describe(`strict CSP (${policies[backend]}) on tfjs ${backend}`, () => {
    let run: CspRun;
    beforeAll(async () => {
      run = await trainUnderPolicy(backend);
    });

    it('trains: five finite, falling epoch losses, no page error', () => {
      expect(run.status, run.result).toBe('trained');
      const losses = JSON.parse(run.result) as number[];
      expect(losses).toHaveLength(5);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[4]).toBeLessThan(losses[0]);
      expect(run.errors).toEqual([]);
    });

    it('any report from a dependency comes from one known to be harmless', () => {
      const unknown = run.violations.filter((v) => v.dependency !== undefined && !(v.dependency in knownDependencyReports));
      expect(unknown).toEqual([]);
    });

    // On cpu the adapter runs the update on core's float32 loops, generated at build time
    // (no `new Function`, which a policy without 'unsafe-eval' would report on every page).
    it('no violation report comes from @weight-decay code', () => {
      expect(ours(run)).toEqual([]);
    });
  });
}
