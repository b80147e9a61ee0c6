/**
 * `npx tsx scripts/make-examples.ts`: the example gallery's files (docs/architecture.md §6).
 *
 * For every resources/examples/<id>.ts it writes resources/examples/<id>.hjblab — the
 * example's title and source, the grid solver with its default settings, the default view
 * and no runs — and then a thumbnail resources/examples/<id>.png (about 320×240): the web
 * build is served on 127.0.0.1, opened in headless Chromium, the example solved on a coarse
 * grid (2-D 61², 3-D 25³) and the 3D viewport captured. Examples that are not solved here
 * (the 6-D LQR, diffusion problems) get a picture of their typeset equations instead.
 *
 * Options: --no-thumbnails (only the .hjblab files), --build (rebuild out/renderer first;
 * otherwise an existing build is used), --only id,id (thumbnails of these examples only).
 * Rerun it whenever an example source changes (test/resources/example-projects.test.ts
 * fails until the .hjblab files match their sources again).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { compileProblem } from '../src/core/problem/compile';
import { createProject, serializeProject } from '../src/core/project/index';
import { CHROMIUM_ARGS, resolveBrowser } from '../test/e2e/browser';
import { serveStatic } from './static-server';

const root = resolve(__dirname, '..');
const dir = join(root, 'resources/examples');
const args = process.argv.slice(2);
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? '').split(',')) : null;

/** Largest state dimension solved for a thumbnail, and the grid per dimension. */
const GRID_BY_DIM: Record<number, number | null> = { 1: null, 2: 61, 3: 25 };
/** Examples that need another coarse grid (the min-time double integrator does not converge on 61²). */
const GRID_OVERRIDES: Record<string, number> = { 'min-time-double-integrator': 81 };
const THUMB_W = 320;
const THUMB_H = 240;
const MAX_PNG_BYTES = 150 * 1024;

interface ExampleInfo {
  id: string;
  title: string;
  /** States of a control problem; null for a diffusion problem (not solved here). */
  dims: number | null;
}

function writeProjects(): ExampleInfo[] {
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  return ids.map((id) => {
    const source = readFileSync(join(dir, `${id}.ts`), 'utf8');
    const result = compileProblem(source);
    const problem = result.problem;
    if (!problem) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      throw new Error(
        `${id}.ts does not compile: ${first ? `${first.line}:${first.column} ${first.message}` : '?'}`,
      );
    }
    const project = createProject({ title: problem.title, source, settings: { solver: 'grid', values: {} } });
    writeFileSync(join(dir, `${id}.hjblab`), serializeProject(project));
    const dims = problem.kind === 'control' ? problem.states.length : null;
    console.log(`${id}.hjblab: '${problem.title}'`);
    return { id, title: problem.title, dims };
  });
}

/** Runs in the page: scale a PNG (data URL) into THUMB_W×THUMB_H and export it. */
async function scaleInPage(page: Page, png: Buffer, top: boolean): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    async ({ src, w, h, top }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.imageSmoothingQuality = 'high';
      if (top) {
        // Equations: fill the width, keep the top; below a short panel, its own background.
        const scale = w / img.width;
        ctx.drawImage(
          img,
          0,
          0,
          img.width,
          Math.min(img.height, h / scale),
          0,
          0,
          w,
          Math.min(h, img.height * scale),
        );
        const [r, g, b] = ctx.getImageData(1, 1, 1, 1).data;
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        if (img.height * scale < h) ctx.fillRect(0, img.height * scale, w, h - img.height * scale);
      } else {
        // The 3D view: fit the whole picture, on the view's background colour.
        const scale = Math.min(w / img.width, h / img.height);
        const dw = img.width * scale;
        const dh = img.height * scale;
        ctx.fillStyle = '#0f1115';
        ctx.fillRect(0, 0, w, h);
        ctx.drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
      }
      return canvas.toDataURL('image/png');
    },
    { src: `data:image/png;base64,${png.toString('base64')}`, w: THUMB_W, h: THUMB_H, top },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

const runCount = (page: Page) => page.locator('[data-testid=runs] > li').count();

async function thumbnail(browser: Browser, url: string, ex: ExampleInfo): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1290, height: 600 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // First launch solves the first example; wait for it so the run count is settled.
    await page
      .getByTestId('status')
      .filter({ hasText: /^converged$/ })
      .waitFor({ timeout: 60_000 });
    await page.getByTestId('example-select').selectOption(ex.id);
    await page.getByTestId('compile-status').waitFor();
    await page.waitForTimeout(1000);
    const n = ex.dims === null ? null : (GRID_OVERRIDES[ex.id] ?? GRID_BY_DIM[ex.dims]);
    const solve = ex.dims !== null && ex.dims in GRID_BY_DIM;
    let shot: Buffer;
    if (solve) {
      if (n !== null && n !== undefined && ex.dims !== null)
        for (let i = 0; i < ex.dims; i++) await page.getByTestId(`setting-shape-${i}`).fill(String(n));
      const before = await runCount(page);
      await page.getByTestId('run').click();
      await page.waitForFunction(
        (count) =>
          document.querySelectorAll('[data-testid=runs] > li').length > count &&
          /^(converged|failed|cancelled)/.test(
            document.querySelector('[data-testid=status]')?.textContent?.trim() ?? '',
          ),
        before,
        { timeout: 180_000 },
      );
      const status = (await page.getByTestId('status').innerText()).trim();
      if (status !== 'converged') throw new Error(`${ex.id}: the thumbnail solve ended '${status}'`);
      await page.waitForTimeout(1500);
      shot = await page.getByTestId('viewport').screenshot();
    } else {
      // The typeset equations under the title: leave out the parameter sliders.
      await page.addStyleTag({ content: '.insp-section:has(.insp-params) { display: none !important; }' });
      shot = await page.getByTestId('inspector').screenshot();
    }
    const png = await scaleInPage(page, shot, !solve);
    if (png.length > MAX_PNG_BYTES)
      throw new Error(`${ex.id}.png is ${png.length} bytes (limit ${MAX_PNG_BYTES})`);
    writeFileSync(join(dir, `${ex.id}.png`), png);
    console.log(`${ex.id}.png: ${(png.length / 1024).toFixed(0)} KB${solve ? '' : ' (equations)'}`);
  } finally {
    await context.close();
  }
}

async function writeThumbnails(list: ExampleInfo[]): Promise<void> {
  if (args.includes('--build') || !existsSync(join(root, 'out/renderer/index.html'))) {
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  // Serve a copy, so a rebuild running meanwhile cannot pull files from under the page.
  const copy = mkdtempSync(join(tmpdir(), 'hjb-examples-'));
  cpSync(join(root, 'out/renderer'), copy, { recursive: true });
  const server = await serveStatic(copy, 0);
  const browser = await chromium.launch({
    executablePath: resolveBrowser(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    for (const ex of list) if (!only || only.has(ex.id)) await thumbnail(browser, server.url, ex);
  } finally {
    await browser.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const list = writeProjects();
  if (!args.includes('--no-thumbnails')) await writeThumbnails(list);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
