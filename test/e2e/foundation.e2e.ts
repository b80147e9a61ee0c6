import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, nonBackgroundFraction, openLab } from './harness';

afterAll(closeBrowser);

describe('foundation: the web build in Chromium', () => {
  it('shows Monaco, draws the worker-computed surface, stays offline and error-free', async () => {
    const t0 = Date.now();
    const lab = await openLab();
    const { page } = lab;
    try {
      await page.getByTestId('editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
      // The demo surface arrives from the worker and the status says so.
      await page
        .getByTestId('status')
        .filter({ hasText: /^done$/ })
        .waitFor({ timeout: 30_000 });
      await expect.poll(() => nonBackgroundFraction(page), { timeout: 15_000 }).toBeGreaterThan(0.08);
      const surfaceMs = Date.now() - t0;
      console.log(`navigation → rendered surface: ${surfaceMs} ms`);
      await page.screenshot({ path: 'test-results/foundation.png' });

      // Monaco accepts typing.
      await page.getByTestId('editor').locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n// typed by the e2e test');
      await expect
        .poll(() =>
          page
            .getByTestId('editor')
            .locator('.view-lines')
            .innerText()
            .then((t) => t.replace(/\u00a0/g, ' ')),
        )
        .toContain('typed by the e2e test');

      // The worker's progress reached the panel.
      expect(await page.getByTestId('log').innerText()).toMatch(/received in \d+ ms/);
      expect(lab.foreignRequests).toEqual([]);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('cancels a running worker job and runs again afterwards', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await page
        .getByTestId('status')
        .filter({ hasText: /^done$/ })
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('run').click();
      await page
        .getByTestId('status')
        .filter({ hasText: /^running$/ })
        .waitFor();
      await page.getByTestId('log').filter({ hasText: /rows/ }).waitFor();
      await page.getByTestId('cancel').click();
      await page
        .getByTestId('status')
        .filter({ hasText: /^cancelled$/ })
        .waitFor({ timeout: 5_000 });
      await page.getByTestId('run').click();
      await page
        .getByTestId('status')
        .filter({ hasText: /^done$/ })
        .waitFor({ timeout: 30_000 });
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
