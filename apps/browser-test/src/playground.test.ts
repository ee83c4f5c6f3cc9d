import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openPage, type OpenPage } from './open-page.js';

// The built playground (apps/playground/dist, written by its `build`), served as plain static
// files and used as a visitor would: a bad config first, then one epoch of three runs on webgl.
const dist = join(dirname(createRequire(import.meta.url).resolve('@weight-decay/playground/package.json')), 'dist');
const screenshot = fileURLToPath(new URL('../artifacts/playground.png', import.meta.url));

let opened: OpenPage;
let page: Page;
beforeAll(async () => {
  opened = await openPage({ dir: dist }, "document.querySelector('[data-testid=status]')?.textContent?.startsWith('Ready')");
  page = opened.page;
  await page.setViewportSize({ width: 1400, height: 1000 });
});
afterAll(async () => {
  await opened?.close();
});

const runA = () => page.getByTestId('run-A');

describe('the playground, built and served as static files', () => {
  it('shows a bad config field with its path and refuses to train it', async () => {
    const editor = runA().getByTestId('config-editor');
    const valid = await editor.inputValue();
    const config = JSON.parse(valid) as { decay: unknown[] };
    config.decay = [{ type: 'decoupled', rate: -1 }];
    await editor.fill(JSON.stringify(config, null, 2));
    await expect.poll(() => runA().getByTestId('config-error').textContent()).toMatch(/^decay\[0\]\.rate: expected .*received -1/);
    expect(await runA().getByTestId('preset').inputValue()).toBe('custom');

    await page.getByTestId('train').click();
    expect(await page.getByTestId('status').textContent()).toMatch(/config errors/);
    expect(await runA().getByTestId('epoch').textContent()).toBe('–');

    await editor.fill('{ "optimizer": ');
    await expect.poll(() => runA().getByTestId('config-error').textContent()).toMatch(/^JSON: ./);

    // Picking a preset again restores a valid config and clears the error.
    await runA().getByTestId('preset').selectOption('none');
    expect(await runA().getByTestId('config-error').textContent()).toBe('');
  });

  it('trains one epoch of three configs on webgl: epoch counts, validation accuracies and charts update', async () => {
    await page.getByTestId('backend').selectOption('webgl');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('train').click();
    await page.waitForFunction(
      () => {
        const epochs = [...document.querySelectorAll('[data-testid=epoch]')].map((e) => e.textContent);
        return (
          epochs.length === 3 &&
          epochs.every((e) => e === '1') &&
          !(document.querySelector('[data-testid=train]') as HTMLButtonElement).disabled
        );
      },
      undefined,
      { timeout: 540_000 },
    );
    expect(await page.getByTestId('status').textContent()).toMatch(/^Done: 1 epoch\(s\) on webgl/);
    const accuracies = (await page.getByTestId('val-accuracy').allTextContents()).map(Number);
    // Chance is 0.1; twenty Adam updates on 1,000 digits already score far above it.
    expect(accuracies).toHaveLength(3);
    for (const accuracy of accuracies) expect(accuracy).toBeGreaterThan(0.5);

    // Every chart now holds epoch 0 (untrained) and epoch 1 of every run.
    for (const chart of ['chart-loss', 'chart-accuracy', 'chart-zeros', 'chart-norm']) {
      const figure = page.getByTestId(chart);
      expect(await figure.getAttribute('data-epochs'), chart).toBe('1');
      expect(await figure.locator('g[aria-label="dot"] circle').count(), chart).toBe(3 * 2);
    }
    // Loss and accuracy draw a training and a validation line per run.
    expect(await page.getByTestId('chart-loss').locator('g[aria-label="line"] path').count()).toBe(3 * 2);
    const histograms = page.getByTestId('chart-histogram');
    expect(await histograms.count()).toBe(3);
    for (const histogram of await histograms.all()) {
      expect(await histogram.getAttribute('data-epochs')).toBe('1');
      expect(await histogram.locator('g[aria-label="rect"] rect').count()).toBeGreaterThan(10);
    }

    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(opened.errors).toEqual([]);
  }, 600_000);
});
