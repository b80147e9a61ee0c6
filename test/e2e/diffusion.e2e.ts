import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeBrowser,
  editorText,
  nonBackgroundFraction,
  openExample,
  openLab,
  openProjectFile,
  pixelDifference,
  replaceEditorText,
  saveByDownload,
  saveProjectTo,
  settledScreenshot,
  waitForStatus,
} from './harness';

afterAll(closeBrowser);

/** Small settings through the form, so a run takes seconds on a busy machine. */
const SMALL: Record<string, string> = {
  trainSteps: '150',
  batch: '128',
  reference: '128',
  cells: '40',
  frames: '11',
  samples: '400',
  samplerSteps: '100',
  gapPaths: '100',
};

async function smallSettings(page: Page): Promise<void> {
  for (const [name, value] of Object.entries(SMALL)) await page.getByTestId(`setting-${name}`).fill(value);
  for (let i = 0; i < 3; i++) await page.getByTestId(`setting-hidden-${i}`).fill('16');
}

async function optionsOf(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
}

/** Moves the time slider to frame `index` (a range input: fill sets it and fires input). */
async function setTime(page: Page, index: number): Promise<void> {
  await page.getByTestId('diffusion-time').fill(String(index));
}

async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await settledScreenshot(page);
  await page.screenshot({ path: `test-results/${name}-1280x800.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await settledScreenshot(page);
  await page.screenshot({ path: `test-results/${name}-1920x1080.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A finished diffusion run: 'finished' once training ran its budget, 'converged' otherwise. */
const FINISHED = /^(converged|finished)$/;

const ONE_D = `import { diffusion } from 'hjb-lab';

export default diffusion({
  title: 'Two bumps',
  data: { mixture: { weights: [0.3, 0.7], means: [[-2], [1.5]], std: [0.4, 0.6] } },
  forward: { vp: { betaMin: 0.1, betaMax: 20 } },
  horizon: 1,
  bounds: [-5, 5],
});
`;

describe('the diffusion lab', () => {
  it('2-D: opens with the diffusion solver; step, cancel, run; flow, fields, error map; drawn and loaded data and the run survive save and reopen', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await saveByDownload(page);
      await openExample(page, 'eight-gaussians');
      // The grid solver refuses diffusion problems: a freshly opened one selects the diffusion solver.
      // The switch comes with the new problem's compile reply; openExample may return while
      // the previous problem's Run is still enabled.
      await expect.poll(() => page.getByTestId('solver-select').inputValue()).toBe('diffusion');
      expect(await page.getByTestId('run-blocker').count()).toBe(0);
      await expect.poll(() => page.getByTestId('diffusion-view').isVisible()).toBe(true);
      await smallSettings(page);

      // Step starts a run held after its first checkpoint: it cannot finish on its own.
      await page.getByTestId('step').click();
      // A run held by Step reads "paused" (its status line says what the run is doing).
      await waitForStatus(page, 'paused');
      await expect.poll(() => page.getByTestId('pause').innerText()).toBe('Resume');
      await page.getByTestId('step').click();
      await page.getByTestId('cancel').click();
      await waitForStatus(page, 'cancelled');

      await page.getByTestId('run').click();
      await waitForStatus(page, FINISHED);
      await expect.poll(() => optionsOf(page, 'diffusion-kind')).toEqual(['exact', 'grid', 'trained']);
      await expect.poll(() => page.getByTestId('diffusion-kind').inputValue()).toBe('trained');
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.1);
      // Training progress as the run's series, and the verification figures.
      const chart = await page.getByTestId('chart-convergence').innerText();
      expect(chart).toContain('loss');
      expect(chart).toContain('score error at s = 0.1');
      await expect.poll(() => page.getByTestId('chart-score-error').isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('sampler-trained-sde').count()).toBe(1);
      await expect
        .poll(() => page.getByTestId('legend').innerText())
        .toMatch(/of the trained network reverse SDE/);

      // The slider starts at the data end; noise (t = 0) looks different.
      const max = Number(await page.getByTestId('diffusion-time').getAttribute('max'));
      expect(max).toBeGreaterThan(10);
      expect(await page.getByTestId('diffusion-time').inputValue()).toBe(String(max));
      const atData = await settledScreenshot(page);
      await setTime(page, 0);
      await expect.poll(() => page.getByTestId('diffusion-time-value').innerText()).toBe('t = 0.000');
      const atNoise = await settledScreenshot(page);
      expect(await pixelDifference(page, atData, atNoise)).toBeGreaterThan(0.01);
      // Play runs the flow to the data end and stops there.
      await page.getByTestId('diffusion-play').click();
      await expect.poll(() => page.getByTestId('diffusion-time').inputValue()).toBe(String(max));
      await expect.poll(() => page.getByTestId('diffusion-play').innerText()).toBe('play');

      // The error map of the trained control against u*.
      await page.getByTestId('diffusion-colour').selectOption('control-error');
      await expect.poll(() => page.getByTestId('colorbar').innerText()).toContain('|u_trained − u*|');
      await page.getByTestId('diffusion-kind').selectOption('grid');
      await page.getByTestId('diffusion-colour').selectOption('value-error');
      await expect.poll(() => page.getByTestId('colorbar').innerText()).toContain('|V_grid − V*|');
      await setTime(page, Math.round(max / 2));
      await screenshots(page, 'diffusion-2d');
      await page.getByTestId('diffusion-colour').selectOption('height');

      // Exact | trained | error side by side at the slider's time; offered only for a solution
      // other than the exact one.
      await page.getByTestId('diffusion-kind').selectOption('exact');
      await expect.poll(() => page.getByTestId('diffusion-compare-toggle').isDisabled()).toBe(true);
      await page.getByTestId('diffusion-kind').selectOption('trained');
      await page.getByTestId('diffusion-compare-toggle').check();
      await expect.poll(() => page.getByTestId('diffusion-compare').isVisible()).toBe(true);
      expect(await page.locator('.diffusion-compare-panel figcaption').allInnerTexts()).toEqual([
        'exact u*',
        'trained network u',
        '|u − u*|',
      ]);
      // A 150-step network is visibly off: its error map has a positive range and is drawn.
      expect(Number(await page.getByTestId('diffusion-compare-max-2').innerText())).toBeGreaterThan(0);
      for (const i of [0, 1, 2])
        await expect.poll(() => nonBackgroundFraction(page, `diffusion-compare-${i}`)).toBeGreaterThan(0.5);
      const mid = await settledScreenshot(page, 'diffusion-compare');
      const midText = await page.getByTestId('diffusion-compare').innerText();
      await setTime(page, 1);
      await expect.poll(() => page.getByTestId('diffusion-compare').innerText()).not.toBe(midText);
      const early = await settledScreenshot(page, 'diffusion-compare');
      expect(await pixelDifference(page, mid, early)).toBeGreaterThan(0.01);
      await setTime(page, Math.round(max / 2));
      await screenshots(page, 'diffusion-compare');
      await page.getByTestId('diffusion-compare-toggle').uncheck();
      await expect.poll(() => page.getByTestId('diffusion-compare').count()).toBe(0);

      // Draw data: three clicks on the plane (top view) become a points literal in the source.
      await page.getByRole('button', { name: 'top' }).click();
      await page.getByTestId('diffusion-draw').check();
      const box = await page.getByTestId('viewport').boundingBox();
      if (!box) throw new Error('no viewport');
      for (const [fx, fy] of [
        [0.5, 0.5],
        [0.55, 0.45],
        [0.45, 0.52],
      ]) {
        const before = await editorText(page);
        await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
        await expect.poll(() => editorText(page)).not.toBe(before);
      }
      expect(await editorText(page)).toMatch(/points: \[/);
      await expect.poll(() => page.getByTestId('legend').innerText()).toMatch(/3 data points/);

      // Load CSV replaces the data with the file's points (a ring of 64).
      mkdirSync('test-results', { recursive: true });
      const csv =
        'x,y\n' +
        Array.from(
          { length: 64 },
          (_, k) => `${(2 * Math.cos(k / 10)).toFixed(3)},${(2 * Math.sin(k / 10)).toFixed(3)}`,
        ).join('\n');
      writeFileSync('test-results/ring.csv', csv);
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('diffusion-csv').click();
      await (await chooser).setFiles('test-results/ring.csv');
      await expect.poll(() => page.getByTestId('legend').innerText()).toMatch(/64 data points/);
      await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
      // The switch comes with the new problem's compile reply; openExample may return while
      // the previous problem's Run is still enabled.
      await expect.poll(() => page.getByTestId('solver-select').inputValue()).toBe('diffusion');
      await page.getByTestId('diffusion-draw').uncheck();
      await page.getByTestId('run').click();
      await waitForStatus(page, FINISHED);
      await expect.poll(() => optionsOf(page, 'diffusion-kind')).toEqual(['grid', 'trained']);

      // Save, reload, open: the points, the trained network and the samples come back unsolved.
      const path = 'test-results/diffusion.hjblab';
      const saved = JSON.parse(await saveProjectTo(page, path)) as {
        source: string;
        runs: { summary?: Record<string, unknown>; result?: { summary?: Record<string, unknown> } }[];
      };
      // The CSV's "1.990,0.200" as the editor writes coordinates (no trailing zeros).
      expect(saved.source).toContain(
        `[${Number((2 * Math.cos(0.1)).toFixed(3))}, ${Number((2 * Math.sin(0.1)).toFixed(3))}]`,
      );
      await page.reload();
      await waitForStatus(page, 'converged');
      await openProjectFile(page, path);
      await expect.poll(() => page.getByTestId('doc-name').innerText()).toContain('diffusion');
      await expect.poll(() => page.getByTestId('diffusion-view').isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('status').innerText()).toMatch(FINISHED);
      await expect.poll(() => page.getByTestId('runs').locator('li').count()).toBe(saved.runs.length);
      await expect.poll(() => optionsOf(page, 'diffusion-kind')).toEqual(['grid', 'trained']);
      await expect.poll(() => page.getByTestId('sampler-trained-sde').count()).toBe(1);
      await expect
        .poll(() => page.getByTestId('legend').innerText())
        .toMatch(/of the trained network reverse SDE/);
      await page.getByTestId('diffusion-draw').check();
      await expect.poll(() => page.getByTestId('legend').innerText()).toMatch(/64 data points/);
      expect(lab.pageErrors).toEqual([]);
      expect(lab.foreignRequests).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('1-D: V(x, t) as a surface over (x, t) with sample paths on it', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'eight-gaussians');
      await replaceEditorText(page, ONE_D);
      await expect.poll(() => page.getByTestId('inspector').innerText()).toContain('Two bumps');
      await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
      await smallSettings(page);
      await page.getByTestId('run').click();
      await waitForStatus(page, FINISHED);
      await expect.poll(() => nonBackgroundFraction(page)).toBeGreaterThan(0.1);
      const legend = await page.getByTestId('legend').innerText();
      expect(legend).toMatch(/V\(x, t\)/);
      expect(legend).toMatch(/40 sample paths x\(t\)/);
      const atData = await settledScreenshot(page);
      await setTime(page, 0);
      const atNoise = await settledScreenshot(page);
      expect(await pixelDifference(page, atData, atNoise)).toBeGreaterThan(0.0005);
      await screenshots(page, 'diffusion-1d');
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
