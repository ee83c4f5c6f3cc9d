/**
 * The tfjs figure on webgl: AdamW through the adapter against `tf.train.adam`
 * over 1e6 parameters, measured inside headless Chromium (WebGL2 on
 * SwiftShader, see apps/browser-test) and printed like every other figure.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundlePage } from '@weight-decay/browser-test/bundle-page';
import { chromiumPath } from '@weight-decay/browser-test/chromium';
import { openPage } from '@weight-decay/browser-test/open-page';

import { printPair, type MeasureOptions, type PairTiming } from './measure.js';

type WebglFigures = { pair: PairTiming; float32Textures: boolean };

export async function benchTfjsWebgl(options: MeasureOptions): Promise<void> {
  if (!existsSync(chromiumPath)) {
    // The other sections still run; the figure is missing, and the line says why.
    console.log(`# webgl skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
    return;
  }
  const { files } = await bundlePage(fileURLToPath(new URL('./webgl-bench-page.js', import.meta.url)), 'weight-decay webgl bench');
  const opened = await openPage({ files }, 'globalThis.benchWebgl !== undefined');
  try {
    const figures = await opened.page.evaluate(
      (o) => (globalThis as unknown as { benchWebgl(o: MeasureOptions): Promise<WebglFigures> }).benchWebgl(o),
      options,
    );
    console.log(`# webgl in headless Chromium (SwiftShader), float32 textures: ${figures.float32Textures}`);
    printPair(figures.pair);
  } finally {
    await opened.close();
  }
}
