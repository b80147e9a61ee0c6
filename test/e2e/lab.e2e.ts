import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  closeBrowser,
  nonBackgroundFraction,
  openExample,
  openLab,
  replaceEditorText,
  pixelDifference,
  runWith,
  settledScreenshot,
  waitForStatus,
} from './harness';

afterAll(closeBrowser);

describe('the lab: run solvers and watch them converge', () => {
  it('solves the pendulum, draws its surface, launches trajectories by clicking; the UI stays responsive', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'pendulum');
      // Let the example switch settle and take the 'before' picture (a screenshot itself
      // blocks the page), then record long tasks from here on.
      const viewport = page.getByTestId('viewport');
      const before = await settledScreenshot(page);

      await page.evaluate(() => {
        const w = window as unknown as {
          __longTasks: { start: number; duration: number }[];
          __solvedAt: number;
        };
        w.__longTasks = [];
        w.__solvedAt = Infinity;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask' });
        const status = document.querySelector('[data-testid="status"]');
        if (status)
          new MutationObserver(() => {
            if (status.textContent === 'converged' && w.__solvedAt === Infinity)
              w.__solvedAt = performance.now();
          }).observe(status, { childList: true, subtree: true, characterData: true });
      });
      await page.getByTestId('run').click();
      // Only the end is waited for: a fast machine may finish before "running" is ever seen.
      await waitForStatus(page, 'converged');
      await page.waitForTimeout(500);
      const tasks = await page.evaluate(() => {
        const w = window as unknown as {
          __longTasks: { start: number; duration: number }[];
          __solvedAt: number;
        };
        const during = w.__longTasks.filter((t) => t.start < w.__solvedAt).map((t) => t.duration);
        return { during: Math.max(0, ...during), all: Math.max(0, ...w.__longTasks.map((t) => t.duration)) };
      });
      console.log(
        `longest main-thread task while the 201² pendulum solve ran: ${tasks.during.toFixed(0)} ms ` +
          `(including drawing the final result: ${tasks.all.toFixed(0)} ms)`,
      );
      // The surface is drawn after the result arrives: wait for the picture to change.
      await expect
        .poll(async () => pixelDifference(page, before, await viewport.screenshot()))
        .toBeGreaterThan(0.1);
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.15);
      const after = await settledScreenshot(page);
      expect(await page.getByTestId('runs').locator('li').count()).toBe(2);

      // Click the surface: sample paths appear.
      const box = await viewport.boundingBox();
      if (!box) throw new Error('no viewport');
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.55);
      await expect.poll(() => page.getByTestId('start-state').inputValue()).not.toBe('');
      await expect
        .poll(async () => pixelDifference(page, after, await viewport.screenshot()))
        .toBeGreaterThan(0.003);
      await page.screenshot({ path: 'test-results/pendulum-trajectories.png' });

      // Exports: CSV with named columns, one row per grid point; PNG at twice the resolution.
      const csvDownload = page.waitForEvent('download');
      await page.getByTestId('export-csv').click();
      const csvPath = await (await csvDownload).path();
      const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
      expect(csv[0]).toBe('theta,omega,value,u,residual');
      expect(csv.length).toBe(1 + 201 * 201);
      const pngDownload = page.waitForEvent('download');
      await page.getByTestId('export-png').click();
      const png = readFileSync(await (await pngDownload).path());
      const canvasWidth = await page.evaluate(
        () => (document.querySelector('[data-testid="viewport"] canvas') as HTMLCanvasElement).clientWidth,
      );
      expect(png.readUInt32BE(16)).toBe(2 * canvasWidth);
      expect(lab.pageErrors).toEqual([]);
      expect(lab.foreignRequests).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('cancel mid-run gives cancelled, and a further run works', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'double-integrator-lqr');
      // Step starts a run that pauses after its first iteration: it cannot finish on its own,
      // so Cancel meets a running solve however fast the machine is.
      await page.getByTestId('step').click();
      await waitForStatus(page, 'paused');
      await expect.poll(() => page.getByTestId('pause').innerText()).toBe('Resume');
      await page.getByTestId('cancel').click();
      await waitForStatus(page, 'cancelled');
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      await page.keyboard.press('Control+Enter');
      await waitForStatus(page, 'converged');
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it("shows the solver's warnings with the finished run", async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'min-time-double-integrator');
      // 40²: no node lies in the target ball, which the solver says.
      await runWith(page, { settings: { 'shape-0': '40', 'shape-1': '40' } });
      await expect
        .poll(() => page.getByTestId('solver-warnings').textContent())
        .toMatch(/no grid node lies in the target set/);
      // A run without anything to report shows no list (41²: the origin is a node).
      const runs = page.getByTestId('runs').locator('li');
      const before = await runs.count();
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      await page.getByTestId('run').click();
      await expect.poll(() => runs.count()).toBe(before + 1);
      await waitForStatus(page, 'converged');
      expect(await page.getByTestId('solver-warnings').count()).toBe(0);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a typo disables Run and says why; fixing it enables Run again', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'pendulum');
      const source = readFileSync('resources/examples/pendulum.ts', 'utf8');
      await replaceEditorText(page, source.replace('sin(theta)', 'sine(theta)'));
      await expect.poll(() => page.getByTestId('run').isDisabled()).toBe(true);
      const why = await page.getByTestId('run-blocker').innerText();
      expect(why).toMatch(/sine/);
      expect(await page.getByTestId('run').getAttribute('title')).toMatch(/sine/);
      await page.keyboard.press('Control+Z');
      await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('live design: moving a parameter slider re-solves and the surface follows', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await page.getByTestId('live').check();
      await page.getByTestId('runs').locator('li', { hasText: '(live)' }).waitFor();
      await waitForStatus(page, 'converged');
      const before = await settledScreenshot(page);
      const slider = page.getByTestId('param-sigma');
      const latencies: number[] = [];
      for (let i = 0; i < 3; i++) {
        const label = await page.getByTestId('runs').locator('li', { hasText: '(live)' }).innerText();
        const t0 = Date.now();
        await slider.focus();
        await page.keyboard.press('ArrowRight');
        // A new live run replaces the previous one and converges.
        await expect
          .poll(() => page.getByTestId('runs').locator('li', { hasText: '(live)' }).innerText())
          .not.toBe(label);
        await waitForStatus(page, 'converged');
        latencies.push(Date.now() - t0);
      }
      console.log(`live re-solve latency (slider → converged surface), 1-D LQR: ${latencies.join(', ')} ms`);
      await expect
        .poll(async () => pixelDifference(page, before, await page.getByTestId('viewport').screenshot()))
        .toBeGreaterThan(0.002);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
