/**
 * Shared set-up of the end-to-end tests: a fresh headless Chromium page at 1280×800 on the
 * served app, with every request and uncaught error recorded, and a screenshot saved
 * under test-results/ when a test fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS } from './browser';

export interface LabPage {
  page: Page;
  baseUrl: string;
  /** Hosts other than 127.0.0.1 that the page tried to reach. */
  foreignRequests: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * How long to wait for a state the app guarantees (a status, an element, a picture): only a
 * broken app waits this long, so it can be generous. Fixed waits of 5–60 s failed whenever
 * the machine was busy (a first-launch solve took 52 s with six builds running on two cores).
 */
export const PATIENCE = 300_000;

let browser: Browser | null = null;

export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: inject('browserPath'),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export async function openLab(path = ''): Promise<LabPage> {
  const b = await launchBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  context.setDefaultTimeout(PATIENCE);
  const page = await context.newPage();
  const baseUrl = inject('baseUrl');
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    const local = url.hostname === '127.0.0.1';
    const inline = url.protocol === 'data:' || url.protocol === 'blob:';
    if (!local && !inline) foreignRequests.push(req.url());
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  onTestFailed(async ({ task }) => {
    mkdirSync('test-results', { recursive: true });
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    await page.screenshot({ path: `test-results/${name}.png` }).catch(() => undefined);
  });
  await page.goto(baseUrl + path);
  return { page, baseUrl, foreignRequests, pageErrors, close: () => context.close() };
}

/**
 * Count pixels of the canvas that differ from the background colour (read back from a
 * screenshot of the viewport element, so what is measured is what a user sees).
 */
export async function nonBackgroundFraction(page: Page, testId = 'viewport'): Promise<number> {
  return page.evaluate(async (id) => {
    const host = document.querySelector(`[data-testid="${id}"] canvas`) as HTMLCanvasElement | null;
    if (!host) return 0;
    const copy = document.createElement('canvas');
    copy.width = host.width;
    copy.height = host.height;
    const ctx = copy.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(host, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    // Background is #0f1115; count pixels farther than a small tolerance from it.
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i] - 0x0f) + Math.abs(data[i + 1] - 0x11) + Math.abs(data[i + 2] - 0x15);
      if (d > 24) count++;
    }
    return count / (data.length / 4);
  }, testId);
}

/**
 * Waits until the 3-D view has drawn its surface. The view draws nothing but its background
 * until its shader programs are linked, which can be after the solve has converged; a click
 * before then picks nothing.
 */
export async function waitForSurface(page: Page, testId = 'viewport'): Promise<void> {
  await expect.poll(() => nonBackgroundFraction(page, testId), { timeout: PATIENCE }).toBeGreaterThan(0.1);
}

/**
 * A screenshot of the element once its rendering has settled: two consecutive pictures
 * agree byte for byte. Waiting a fixed time instead made the comparisons depend on how fast
 * the machine draws.
 */
export async function settledScreenshot(
  page: Page,
  testId = 'viewport',
  timeout = PATIENCE,
): Promise<Buffer> {
  const target = page.getByTestId(testId);
  const until = Date.now() + timeout;
  let last = await target.screenshot();
  for (;;) {
    await page.waitForTimeout(200);
    const next = await target.screenshot();
    if (next.equals(last)) return next;
    if (Date.now() > until) throw new Error(`the ${testId} kept changing for ${timeout} ms`);
    last = next;
  }
}

/**
 * Replace the whole editor document as a user would: select all and paste (one undoable
 * edit, so Ctrl+Z restores the previous text). Typing would trigger auto-closing brackets.
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByTestId('editor').locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

/** The visible editor text with Monaco's non-breaking spaces made plain. */
export async function editorText(page: Page): Promise<string> {
  const t = await page.getByTestId('editor').locator('.view-lines').innerText();
  return t.replace(/\u00a0/g, ' ');
}

/** Wait until the status line reads exactly `status` (a regular expression for families such as failed: …). */
export async function waitForStatus(page: Page, status: string | RegExp, timeout = PATIENCE): Promise<void> {
  const hasText = typeof status === 'string' ? new RegExp(`^${status}$`) : status;
  await page.getByTestId('status').filter({ hasText }).waitFor({ timeout });
}

/**
 * After the first-launch solve, switch to an example and wait until its own compile reply has
 * arrived (the inspector shows its title, compiled) and it can run. Run alone is not enough:
 * it can still be enabled from the previous problem before the new compile lands.
 */
export async function openExample(page: Page, id: string): Promise<void> {
  await waitForStatus(page, 'converged');
  const select = page.getByTestId('example-select');
  await select.selectOption(id);
  const title = (await select.locator(`option[value="${id}"]`).textContent())?.trim() ?? '';
  const inspector = page.getByTestId('inspector');
  await expect.poll(() => inspector.locator('.insp-title').textContent(), { timeout: PATIENCE }).toBe(title);
  await expect
    .poll(() => page.getByTestId('compile-status').textContent(), { timeout: PATIENCE })
    .toMatch(/^compiled/);
  await expect.poll(() => page.getByTestId('run').isEnabled(), { timeout: PATIENCE }).toBe(true);
}

/**
 * Neural policy iteration in seconds, for tests of what the lab does with a neural run (its
 * display, slices, comparisons), not of its accuracy.
 */
export const TINY_NEURAL_PI: Readonly<Record<string, string>> = {
  iterations: '1',
  starts: '16',
  paths: '2',
  criticSteps: '20',
  policySteps: '5',
  width: '8',
  collocation: '16',
};

/** Pick a solver in the panel and type settings into its form (`setting-NAME` boxes). */
export async function chooseSolver(
  page: Page,
  solver: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<void> {
  await page.getByTestId('solver-select').selectOption(solver);
  await fillSettings(page, settings);
}

async function fillSettings(page: Page, settings: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) await page.getByTestId(`setting-${name}`).fill(value);
}

export interface RunSpec {
  /** A solver to pick first (else the selected one). */
  solver?: string;
  /** Settings typed into the form (`setting-NAME` boxes), e.g. `{ 'shape-0': '41' }`. */
  settings?: Readonly<Record<string, string>>;
  /** The status the run ends in: converged (the default, a grid solve) or finished (a network). */
  until?: string | RegExp;
}

/** The shape most tests share: pick a solver and its settings, press Run, wait for the end. */
export async function runWith(page: Page, spec: RunSpec = {}): Promise<void> {
  if (spec.solver !== undefined) await chooseSolver(page, spec.solver, spec.settings);
  else await fillSettings(page, spec.settings ?? {});
  await page.getByTestId('run').click();
  await waitForStatus(page, spec.until ?? 'converged');
}

/**
 * Make Save download the project, as a browser without the File System Access API does
 * (the web build's fallback), and reload the page so the change takes effect.
 */
export async function saveByDownload(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await page.reload();
}

/** Save the document (a download, see saveByDownload) to `path`; returns the file's text. */
export async function saveProjectTo(page: Page, path: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('file-save').click();
  mkdirSync('test-results', { recursive: true });
  await (await download).saveAs(path);
  return readFileSync(path, 'utf8');
}

/** Open a project file through Open's file chooser. */
export async function openProjectFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('file-open').click();
  await (await chooser).setFiles(path);
}

/** Fraction of pixels that differ noticeably between two PNG screenshots (1 if their sizes differ). */
export async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([x, y]) => {
      const load = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height).data;
      };
      const [p, q] = await Promise.all([load(x), load(y)]);
      if (p.length !== q.length) return 1;
      let n = 0;
      for (let i = 0; i < p.length; i += 4)
        if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 30) n++;
      return n / (p.length / 4);
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}
