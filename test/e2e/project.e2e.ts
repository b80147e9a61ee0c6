import { afterAll, describe, expect, it } from 'vitest';
import {
  closeBrowser,
  editorText,
  nonBackgroundFraction,
  openExample,
  openLab,
  openProjectFile,
  saveByDownload,
  saveProjectTo,
  settledScreenshot,
  waitForStatus,
} from './harness';

afterAll(closeBrowser);

describe('project files in the web build', () => {
  it('solve, save (download), reload, open the file: same problem and surface, no new solve', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await saveByDownload(page);
      await openExample(page, 'double-integrator-lqr');
      await page.getByTestId('setting-shape-0').fill('61');
      await page.getByTestId('setting-shape-1').fill('61');
      await page.getByTestId('run').click();
      await waitForStatus(page, 'converged');
      await page.getByTestId('overlay-select').selectOption('policy:0');
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.1);
      const surfaceBefore = await settledScreenshot(page);

      const path = 'test-results/saved.hjblab';
      const saved = JSON.parse(await saveProjectTo(page, path)) as {
        format: string;
        runs: unknown[];
        source: string;
      };
      expect(saved.format).toBe('hjb-lab');
      expect(saved.runs.length).toBeGreaterThanOrEqual(1);
      expect(saved.source).toMatch(/Double integrator LQR/);

      // A fresh page: the first-launch example, then open the saved file.
      await page.reload();
      await waitForStatus(page, 'converged');
      await openProjectFile(page, path);
      await expect.poll(() => page.getByTestId('doc-name').innerText()).toContain('saved');
      // The editor holds the saved source (its first lines are in view) and it compiled.
      await expect.poll(() => editorText(page)).toMatch(/2-D double-integrator LQR/);
      await expect.poll(() => page.getByTestId('inspector').innerText()).toContain('Double integrator LQR');
      // The stored runs are back (the first-launch run is gone), shown without solving.
      await expect.poll(() => page.getByTestId('runs').locator('li').count()).toBe(saved.runs.length);
      await expect.poll(() => page.getByTestId('status').innerText()).toBe('converged');
      await expect.poll(() => page.getByTestId('overlay-select').inputValue()).toBe('policy:0');
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.1);
      const surfaceAfter = await settledScreenshot(page);
      // Same data, same view: the two renderings agree (allowing for anti-aliasing noise).
      expect(surfaceAfter.length).toBeGreaterThan(0);
      expect(Math.abs(surfaceAfter.length - surfaceBefore.length) / surfaceBefore.length).toBeLessThan(0.05);
      expect(lab.pageErrors).toEqual([]);
      expect(lab.foreignRequests).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a share link carries problem and settings to a fresh page; a malformed file gives a clear message', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'pendulum');
      await page.getByTestId('setting-shape-0').fill('77');
      await page.getByTestId('share-link').click();
      await expect.poll(() => page.url()).toContain('#project=');
      const url = page.url();

      const other = await openLab(new URL(url).hash);
      try {
        await expect.poll(() => editorText(other.page)).toContain('Pendulum swing-up');
        await expect.poll(() => other.page.getByTestId('setting-shape-0').inputValue()).toBe('77');
        expect(other.pageErrors).toEqual([]);
      } finally {
        await other.close();
      }

      // A file that is not a project: a message, and the current problem stays. The edited
      // settings make the document dirty, so Open first asks to discard them.
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (d) => {
          resolve(d.message());
          void d.accept();
        }),
      );
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('file-open').click();
      await (
        await chooser
      ).setFiles({
        name: 'broken.hjblab',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format": 3'),
      });
      expect(await asked).toMatch(/unsaved changes/);
      await expect.poll(() => page.getByTestId('notice').innerText()).toMatch(/broken\.hjblab: .*JSON/i);
      await expect.poll(() => editorText(page)).toContain('Pendulum swing-up');
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('autosave: after a crash (reload without saving) the unsaved work is offered and recovered', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await page.getByTestId('editor').locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n// unsaved thought');
      await expect.poll(() => page.getByTestId('doc-name').innerText()).toMatch(/^•/);
      // Autosave runs a few seconds after an edit.
      await expect
        .poll(() =>
          // The platform's recovery record (IndexedDB 'hjb-lab', store 'recovery').
          page.evaluate(
            () =>
              new Promise<boolean>((resolve) => {
                const open = indexedDB.open('hjb-lab', 1);
                open.onupgradeneeded = () => open.result.createObjectStore('recovery');
                open.onerror = () => resolve(false);
                open.onsuccess = () => {
                  const get = open.result.transaction('recovery').objectStore('recovery').get('current');
                  get.onerror = () => resolve(false);
                  get.onsuccess = () => {
                    const r = get.result as { text?: string } | undefined;
                    open.result.close();
                    resolve(r?.text?.includes('unsaved thought') ?? false);
                  };
                };
              }),
          ),
        )
        .toBe(true);
      await page.reload();
      await page.getByTestId('recovery-offer').waitFor();
      await page.getByTestId('recovery-restore').click();
      // The recovered line is the document's last: bring it into view (Monaco renders visible lines only).
      await expect
        .poll(async () => {
          await page.getByTestId('editor').locator('.view-lines').click();
          await page.keyboard.press('Control+End');
          return editorText(page);
        })
        .toContain('unsaved thought');
      await expect.poll(() => page.getByTestId('doc-name').innerText()).toMatch(/^•/);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
