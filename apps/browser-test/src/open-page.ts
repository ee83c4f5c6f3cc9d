import type { Browser, Page } from 'playwright-core';

import { collectPageErrors, launchChromium } from './chromium.js';
import { serveStatic, type StaticSite } from './static-server.js';

/** A page open in its own headless Chromium on a served site. */
export interface OpenPage {
  browser: Browser;
  page: Page;
  /** The site's base URL. */
  url: string;
  /** Uncaught exceptions and console errors so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Serves `site`, launches Chromium and opens the site's `/` page.
 *
 * @param site - what to serve.
 * @param ready - a page expression that is truthy once the page has set itself up.
 */
export async function openPage(site: StaticSite, ready: string): Promise<OpenPage> {
  const server = await serveStatic(site);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Loading a multi-megabyte bundle on a busy 2-core machine can take longer than playwright's 30 s default.
    page.setDefaultTimeout(120_000);
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.waitForFunction(ready);
    return {
      browser,
      page,
      url: server.url,
      errors,
      async close() {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }
}
