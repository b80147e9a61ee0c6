/**
 * The lab as a new user meets it, at 1280×800: an emptied editor, the paths bar's inputs,
 * every toolbar control reachable once a 2-D problem is solved, the 6-D example's settings
 * and sliders, New (blank template, Esc) and Open's notices, the paused status, number
 * boxes that can be emptied and show the validator's refusal, and the runs list's errors.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeBrowser,
  editorText,
  openExample,
  openLab,
  PATIENCE,
  settledScreenshot,
  waitForStatus,
  waitForSurface,
} from './harness';

afterAll(closeBrowser);

/** The element is inside the window and nothing covers its centre. */
async function reachable(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  if (!box) return false;
  const size = page.viewportSize();
  if (!size) return false;
  if (box.x < 0 || box.y < 0 || box.x + box.width > size.width || box.y + box.height > size.height)
    return false;
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (el === hit || el.contains(hit) || hit.contains(el));
  });
}

async function openFile(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('file-open').click();
  await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

describe('the lab at 1280×800', () => {
  it('an emptied editor stays, with a diagnostic, and takes typing', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await page.getByTestId('editor').locator('.view-lines').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await expect.poll(() => page.getByTestId('compile-status').innerText()).not.toMatch(/compiled/);
      expect(await page.getByTestId('editor').isVisible()).toBe(true);
      await page.getByTestId('editor').locator('.view-lines').click();
      await page.keyboard.type('const k = 2;');
      await expect.poll(() => editorText(page)).toContain('const k = 2;');
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('the paths bar shows the N and accumulate the user enters', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      const n = page.getByTestId('path-count');
      await n.fill('');
      expect(await n.inputValue()).toBe('');
      await n.pressSequentially('100');
      expect(await n.inputValue()).toBe('100');
      await n.blur();
      expect(await n.inputValue()).toBe('100');
      const acc = page.getByTestId('accumulate-paths');
      const before = await acc.isChecked();
      await acc.click();
      expect(await acc.isChecked()).toBe(!before);
    } finally {
      await lab.close();
    }
  });

  it('after a 2-D solve every view control and the paths bar are reachable; the editor is wide enough', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'double-integrator-lqr');
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      await page.getByTestId('run').click();
      await waitForStatus(page, 'converged', 60_000);
      const toolbar = page.getByRole('toolbar', { name: 'View' });
      for (const name of ['iso', 'top', 'front', 'reset', 'PNG', 'CSV', 'JSON'])
        expect(await reachable(page, toolbar.getByRole('button', { name, exact: true })), name).toBe(true);
      expect(await reachable(page, page.getByTestId('overlay-select'))).toBe(true);
      expect(await reachable(page, page.getByTestId('accumulate-paths'))).toBe(true);
      expect(await reachable(page, page.getByRole('button', { name: 'Clear' }))).toBe(true);
      await page.getByTestId('start-state').fill('1');
      await page.getByTestId('start-state').press('Enter');
      const error = page.getByTestId('paths-error');
      await expect.poll(() => error.innerText()).toMatch(/type 2 numbers/);
      expect(await reachable(page, error)).toBe(true);
      const editor = await page.getByTestId('editor').boundingBox();
      expect(editor?.width).toBeGreaterThanOrEqual(400);
      await page.screenshot({ path: 'test-results/ui-1280-solved-2d.png' });
    } finally {
      await lab.close();
    }
  });

  it('the 6-D example: neural policy iteration offered, its settings reachable; sliders only for rho, sigma and R', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await page.getByTestId('example-select').selectOption('lqr-6d');
      await expect.poll(() => page.getByTestId('compile-status').innerText()).toMatch(/compiled/);
      // The grid solver refuses six states: the freshly opened example selects the registry's
      // default for it, and picking the grid solver by hand shows what to pick instead.
      await expect.poll(() => page.getByTestId('solver-select').inputValue()).toBe('neural-pi');
      await page.getByTestId('solver-select').selectOption('grid');
      await expect
        .poll(() => page.getByTestId('run').getAttribute('title'))
        .toMatch(/handles 1–4 states; this problem has 6 — pick neural policy iteration/);
      await page.getByTestId('solver-select').selectOption('neural-pi');
      await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
      const fields = page.getByTestId('settings-form').locator('input, select');
      await expect.poll(() => fields.count()).toBeGreaterThan(0);
      for (let i = 0; i < (await fields.count()); i++) {
        const field = fields.nth(i);
        if (!(await field.isVisible())) continue;
        // The panel scrolls; what matters is that no other pane covers a field.
        await field.scrollIntoViewIfNeeded();
        expect(await reachable(page, field), `setting ${i}`).toBe(true);
      }
      const sliders = await page
        .locator('[data-testid^="param-value-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      expect(sliders.sort()).toEqual(['param-value-R', 'param-value-rho', 'param-value-sigma']);
    } finally {
      await lab.close();
    }
  });

  it('a diffusion problem under a control solver says to pick the diffusion solver', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'eight-gaussians');
      await expect.poll(() => page.getByTestId('solver-select').inputValue()).toBe('diffusion');
      await page.getByTestId('solver-select').selectOption('grid');
      const pick = /diffusion problems need the diffusion solver — pick 'Diffusion model' in Solver/;
      await expect.poll(() => page.getByTestId('run').getAttribute('title')).toMatch(pick);
      expect(await page.getByTestId('settings-note').innerText()).toMatch(pick);
    } finally {
      await lab.close();
    }
  });

  it('New: Esc closes the gallery; the blank template compiles', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await page.getByTestId('file-new').click();
      await page.getByTestId('gallery').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('gallery').waitFor({ state: 'detached' });
      await page.getByTestId('file-new').click();
      await page.getByTestId('gallery-blank').click();
      await page.getByTestId('gallery').waitFor({ state: 'detached' });
      await expect.poll(() => editorText(page)).toContain('Untitled problem');
      await expect.poll(() => page.getByTestId('compile-status').innerText()).toMatch(/compiled/);
      expect(await page.getByTestId('runs').locator('li').count()).toBe(0);
    } finally {
      await lab.close();
    }
  });

  it('a failed Open’s error goes away when a later Open succeeds', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await openFile(page, 'broken.hjblab', '{"format": 3');
      await expect.poll(() => page.getByTestId('notice').innerText()).toMatch(/broken\.hjblab/);
      await openFile(page, 'mine.ts', "import { problem } from 'hjb-lab';\n// mine\n");
      await expect.poll(() => editorText(page)).toContain('// mine');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'broken' }).count()).toBe(0);
    } finally {
      await lab.close();
    }
  });

  it('1-D: a click draws paths in 3-D (on the floor); Merton picks the symmetric-log value scale', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await waitForSurface(page);
      // The view may still change after 'converged' (the last result's geometry comes from
      // the geometry worker), and a click on a moving picture can miss the surface, as a
      // user's would. Click once the picture has stopped changing: a CI run under load once
      // saw the legend stay at "click the surface". The paths' simulation gets the harness's
      // patience: under load its worker's first start can be slow.
      await settledScreenshot(page);
      const box = await page.getByTestId('viewport').boundingBox();
      if (!box) throw new Error('no viewport');
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.55);
      await expect
        .poll(() => page.getByTestId('legend').innerText(), { timeout: PATIENCE })
        .toMatch(/x\(t\) on the floor/);
      expect(await page.getByTestId('scale-select').inputValue()).toBe('auto');
      expect(await page.getByTestId('scale-select').locator('option').first().innerText()).toBe(
        'auto (linear)',
      );
      await openExample(page, 'merton');
      await page.getByTestId('run').click();
      await waitForStatus(page, 'converged', 60_000);
      await expect
        .poll(() => page.getByTestId('scale-select').locator('option').first().innerText())
        .toBe('auto (symlog)');
      await expect.poll(() => page.getByTestId('colorbar').innerText()).toMatch(/symlog/);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
  it('a paused run says "paused"; Resume says "running" again until it converges', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'double-integrator-lqr');
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      // Every text the status line shows, in order: the run may converge right after Resume,
      // so the test reads the record instead of racing the solver for a glimpse of "running".
      await page.evaluate(() => {
        const w = window as unknown as { __statuses: string[] };
        const el = document.querySelector('[data-testid="status"]');
        if (!el) throw new Error('no status line');
        w.__statuses = [el.textContent ?? ''];
        new MutationObserver(() => {
          const t = el.textContent ?? '';
          if (w.__statuses.at(-1) !== t) w.__statuses.push(t);
        }).observe(el, { childList: true, subtree: true, characterData: true });
      });
      // Step starts a run held after its first iteration: it cannot finish on its own.
      await page.getByTestId('step').click();
      await waitForStatus(page, 'paused');
      expect(await page.getByTestId('pause').innerText()).toBe('Resume');
      // The view is never a blank canvas without a word: a surface (with its legend) or a
      // note that says what to do.
      const waiting = page.getByTestId('view-waiting');
      if ((await page.getByTestId('legend').count()) === 0)
        expect(await waiting.innerText()).toMatch(/^Paused .*Step or Resume/);
      // One more iteration keeps it paused.
      await page.getByTestId('step').click();
      await waitForStatus(page, 'paused');
      await page.getByTestId('pause').click();
      await waitForStatus(page, 'converged');
      const seen = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
      const paused = seen.indexOf('paused');
      expect(paused, seen.join(' → ')).toBeGreaterThanOrEqual(0);
      expect(seen.slice(paused), seen.join(' → ')).toEqual(['paused', 'running', 'converged']);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a number box can be emptied and retyped; a refused value is marked with the validator’s message and Run waits', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'double-integrator-lqr');
      const run = page.getByTestId('run');
      const iters = page.getByTestId('setting-maxIter');
      await iters.click();
      await iters.press('End');
      for (let i = (await iters.inputValue()).length; i > 0; i--) await iters.press('Backspace');
      expect(await iters.inputValue()).toBe('');
      await expect.poll(() => run.isDisabled()).toBe(true);
      const emptyWhy = await page.getByTestId('setting-maxIter-error').innerText();
      expect(emptyWhy).toMatch(/^maxIter must be an integer in \[1, 1e6\]/);
      expect(await page.getByTestId('run-blocker').innerText()).toBe(emptyWhy);
      expect(await iters.getAttribute('aria-invalid')).toBe('true');
      await iters.pressSequentially('81');
      expect(await iters.inputValue()).toBe('81');
      await expect.poll(() => run.isEnabled()).toBe(true);
      expect(await page.getByTestId('setting-maxIter-error').count()).toBe(0);

      // Out of range: refused in the form, by the Run button and by Ctrl+Enter.
      const tol = page.getByTestId('setting-tol');
      await tol.fill('-5');
      const why = 'tol must be a number in [1e-14, 0.5] (got -5)';
      await expect.poll(() => page.getByTestId('setting-tol-error').innerText()).toBe(why);
      expect(await page.getByTestId('run-blocker').innerText()).toBe(why);
      expect(await run.getAttribute('title')).toBe(why);
      expect(await run.isDisabled()).toBe(true);
      const runs = page.getByTestId('runs').locator('li');
      const before = await runs.count();
      await page.keyboard.press('Control+Enter');
      expect(await runs.count()).toBe(before);
      // A grid entry is checked on its own and named by its state.
      await page.getByTestId('setting-shape-1').fill('2');
      await expect
        .poll(() => page.getByTestId('setting-shape-1-error').innerText())
        .toMatch(/^shape for \S+ must be an integer in \[3, /);

      await tol.fill('1e-7');
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      await expect.poll(() => run.isEnabled()).toBe(true);
      expect(await tol.inputValue()).toBe('1e-7');
      await run.click();
      await waitForStatus(page, 'converged');
      expect(await runs.count()).toBe(before + 1);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('the runs list shows the relative error against the exact solution, and whole labels', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      const first = page.getByTestId('runs').locator('li').first();
      const meta = await first.locator('.run-meta').innerText();
      expect(meta).toMatch(/ · err \d+(\.\d+)? %$/);
      expect(await first.locator('.run-meta').getAttribute('title')).toMatch(
        /max \|V − V\*\| \/ max \|V\*\|/,
      );
      const label = first.locator('.run-label');
      const text = await label.innerText();
      expect(await label.getAttribute('title')).toContain(text.trim());
      // Not cut: every label's text fits its box, also a long one in the narrowest panel.
      await openExample(page, 'min-time-double-integrator');
      await page.getByTestId('setting-shape-0').fill('41');
      await page.getByTestId('setting-shape-1').fill('41');
      await page.getByTestId('run').click();
      await waitForStatus(page, 'converged');
      const labels = page.getByTestId('runs').locator('.run-label');
      expect(await labels.count()).toBe(2);
      for (const fits of await labels.evaluateAll((els) => els.map((el) => el.scrollWidth <= el.clientWidth)))
        expect(fits).toBe(true);
    } finally {
      await lab.close();
    }
  });
  it('switching examples shows the new problem: empty until it runs (no stale start state), and its own last run on return', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      const first = (await page.getByTestId('example-select').inputValue()) || 'lqr-1d';
      await page.getByTestId('start-state').fill('1.5');
      await openExample(page, 'double-integrator-lqr');
      await waitForStatus(page, 'idle');
      // A 1-D start state means nothing for the 2-D problem.
      expect(await page.getByTestId('start-state').inputValue()).toBe('');
      await expect.poll(() => page.locator('.view-empty').isVisible()).toBe(true);
      expect(await page.getByTestId('legend').count()).toBe(0);
      // Back to the first example: its run of this session is shown again, not an empty view.
      await page.getByTestId('example-select').selectOption(first);
      await waitForStatus(page, 'converged');
      expect(await page.locator('.view-empty').count()).toBe(0);
      await expect.poll(() => page.getByTestId('legend').isVisible()).toBe(true);
      expect(await page.getByTestId('runs').locator('li.selected').count()).toBe(1);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('orbiting the view (a drag that ends on the surface) launches no paths; a click does', async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await waitForStatus(page, 'converged');
      await waitForSurface(page);
      // As above: a click on a picture that is still changing can miss the surface.
      await settledScreenshot(page);
      const box = await page.getByTestId('viewport').boundingBox();
      if (!box) throw new Error('no viewport');
      const cx = box.x + box.width * 0.5;
      const cy = box.y + box.height * 0.55;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(cx + 12 * i, cy - 3 * i);
      // Back over the surface: r3f would call this a click on it.
      await page.mouse.move(cx + 20, cy);
      await page.mouse.up();
      // The view's worker handles the drag's events, and posts a pick if one of them is a
      // click on the surface, before it draws the drag's last frame: once the picture has
      // settled, a pick from the drag would have reached the page.
      await settledScreenshot(page);
      expect(await page.getByTestId('start-state').inputValue()).toBe('');
      await page.mouse.click(cx, cy);
      await expect.poll(() => page.getByTestId('start-state').inputValue()).not.toBe('');
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
