/**
 * The 3-D view renders in a worker of its own, on the page canvas's OffscreenCanvas: the UI
 * thread asks for no WebGL context, a drag orbits the camera through the forwarded input
 * and "reset" brings it back, and a crashed view worker is reported and restarted without
 * losing the solve or the document.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeBrowser,
  editorText,
  openLab,
  PATIENCE,
  pixelDifference,
  settledScreenshot,
  waitForStatus,
  waitForSurface,
} from './harness';

afterAll(closeBrowser);

const viewWorkers = (page: Page): Worker[] => page.workers().filter((w) => w.url().includes('view.worker'));

/** The scene's host is shown (it is hidden while the view's worker compiles its programs). */
const hostVisible = (page: Page): Promise<string> =>
  page
    .getByTestId('viewport')
    .locator('.scene-host')
    .evaluate((el) => getComputedStyle(el).visibility);

describe('the 3-D view in its worker, at 1280×800', () => {
  it('the UI thread asks for no WebGL context; the view has a worker of its own', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      // Every context type asked for on the page's main thread, from the very first script on.
      await page.addInitScript(() => {
        const requested: string[] = [];
        (window as unknown as { __contextTypes: string[] }).__contextTypes = requested;
        type GetContext = (this: unknown, type: string, ...rest: unknown[]) => unknown;
        for (const proto of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype]) {
          const target = proto as unknown as { getContext: GetContext };
          const original = target.getContext;
          target.getContext = function (this: unknown, type: string, ...rest: unknown[]) {
            requested.push(String(type));
            return original.call(this, type, ...rest);
          };
        }
      });
      await page.reload();
      await waitForStatus(page, 'converged');
      await waitForSurface(page);
      await expect.poll(() => viewWorkers(page).length).toBeGreaterThan(0);
      await expect.poll(() => hostVisible(page)).toBe('visible');
      // The hint shown while the worker compiles its programs has gone with the picture's arrival.
      expect(await page.getByTestId('view-preparing').count()).toBe(0);
      const requested = await page.evaluate(
        () => (window as unknown as { __contextTypes: string[] }).__contextTypes,
      );
      // The recorder did run (nonBackgroundFraction reads the picture through a 2-D context).
      expect(requested).toContain('2d');
      expect(requested.filter((t) => /webgl/i.test(t))).toEqual([]);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a drag orbits the camera through the worker, and reset brings the first picture back', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await waitForSurface(page);
      const viewport = page.getByTestId('viewport');
      const before = await settledScreenshot(page);
      const box = await viewport.boundingBox();
      if (!box) throw new Error('no viewport');
      const cx = box.x + box.width * 0.5;
      const cy = box.y + box.height * 0.5;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(cx - 100 + 20 * i, cy);
      await page.mouse.up();
      await expect
        .poll(async () => pixelDifference(page, before, await viewport.screenshot()))
        .toBeGreaterThan(0.05);
      const orbited = await settledScreenshot(page);
      const moved = await pixelDifference(page, before, orbited);
      expect(moved).toBeGreaterThan(0.05);
      // The drag launched no paths (reset would not remove them).
      expect(await page.getByTestId('start-state').inputValue()).toBe('');

      await page
        .getByRole('toolbar', { name: 'View' })
        .getByRole('button', { name: 'reset', exact: true })
        .click();
      await expect
        .poll(async () => pixelDifference(page, before, await viewport.screenshot()))
        .toBeLessThan(moved / 10);
      const reset = await settledScreenshot(page);
      expect(await pixelDifference(page, before, reset)).toBeLessThan(moved / 10);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a crashed view worker is reported; Restart the view draws it again, and nothing else is lost', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await waitForSurface(page);
      const before = await settledScreenshot(page);
      const text = await editorText(page);
      await expect.poll(() => viewWorkers(page).length).toBe(1);
      const [worker] = viewWorkers(page);

      await worker.evaluate(() => {
        setTimeout(() => {
          throw new Error('boom in the view');
        });
      });
      const alert = page.getByTestId('viewport').getByRole('alert');
      await alert.waitFor({ state: 'visible', timeout: PATIENCE });
      await expect.poll(() => alert.innerText()).toContain('The 3-D view stopped');
      await expect.poll(() => alert.innerText()).toContain('boom in the view');
      expect(await page.getByTestId('status').innerText()).toBe('converged');
      expect(await editorText(page)).toBe(text);

      await alert.getByRole('button', { name: 'Restart the view' }).click();
      await alert.waitFor({ state: 'detached', timeout: PATIENCE });
      await waitForSurface(page);
      await expect.poll(() => hostVisible(page)).toBe('visible');
      // A new worker, on a new canvas: the same picture as before the crash.
      await expect.poll(() => viewWorkers(page).length).toBe(1);
      expect(viewWorkers(page)[0]).not.toBe(worker);
      expect(await page.getByTestId('viewport').locator('canvas').count()).toBe(1);
      await expect
        .poll(async () => pixelDifference(page, before, await page.getByTestId('viewport').screenshot()))
        .toBeLessThan(0.02);
      expect(await page.getByTestId('status').innerText()).toBe('converged');
      expect(await editorText(page)).toBe(text);
      // The worker's uncaught error is the only one.
      expect(lab.pageErrors.filter((e) => !e.includes('boom in the view'))).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
