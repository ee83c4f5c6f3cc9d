import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** The system Chromium (Debian's `chromium` package); playwright's own browser download is never used. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium with WebGL2 in software (SwiftShader through
 * ANGLE, float32 textures included) and no network traffic of its own.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches headless Chromium from {@link chromiumPath}.
 *
 * @throws Error saying how to install it when the executable is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs], headless: true });
}

/** Errors a page reported: uncaught exceptions and `console.error` lines, in order. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}
