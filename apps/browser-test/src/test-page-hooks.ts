import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

import { bundlePage } from './bundle-page.js';
import { openPage, type OpenPage } from './open-page.js';

/**
 * Opens the test page (page/test-page-entry.ts) in its own Chromium before
 * the file's tests and closes it after them.
 *
 * @param title - the page title.
 * @returns the open page, once `beforeAll` has run.
 */
export function useTestPage(title: string): () => OpenPage {
  let opened: OpenPage | undefined;
  beforeAll(async () => {
    const { files } = await bundlePage(fileURLToPath(new URL('./page/test-page-entry.ts', import.meta.url)), title);
    opened = await openPage({ files }, 'window.weightDecayTests !== undefined');
  });
  afterAll(async () => {
    await opened?.close();
  });
  return () => {
    if (opened === undefined) throw new Error('the test page is not open (did beforeAll fail?)');
    return opened;
  };
}
