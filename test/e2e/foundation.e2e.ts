import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, nonBackgroundFraction, openLab, waitForStatus } from './harness';

afterAll(closeBrowser);

describe('foundation: the web build in Chromium', () => {
  it('opens with Monaco and a solved surface from the worker, offline and error-free', async () => {
    const t0 = Date.now();
    const lab = await openLab();
    const { page } = lab;
    try {
      await page.getByTestId('editor').locator('.monaco-editor[role="code"]').waitFor();
      // First launch solves the first example in the worker and draws its surface.
      await waitForStatus(page, 'converged');
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.08);
      console.log(`navigation → rendered surface: ${Date.now() - t0} ms`);
      await page.screenshot({ path: 'test-results/foundation.png' });

      // The page is cross-origin isolated (run control needs SharedArrayBuffer) and the
      // lab worker runs generated kernels under its own CSP.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

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

      expect(lab.foreignRequests).toEqual([]);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
