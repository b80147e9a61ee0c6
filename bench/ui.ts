/**
 * `npm run bench -- ui`: how long the main thread of the web build stalls. Drives the built
 * renderer (out/renderer; built first when missing) in headless Chromium with software GL
 * through page load, an example switch, the pendulum solved at 201² and 301², and an orbit
 * of the solved Dubins view, at 1280×800 and 1920×1080. For each phase it prints the
 * longest main-thread task (PerformanceObserver 'longtask', tasks over 50 ms) and their
 * count. A benchmark: it reports, it never fails on timing. Wall-clock long tasks grow with
 * whatever else the machine runs: compare builds in one sitting (`--renderer=DIR`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { serveStatic } from '../scripts/static-server';
import { CHROMIUM_ARGS, resolveBrowser } from '../test/e2e/browser';
import type { BenchSuite } from './suite';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

interface Task {
  start: number;
  duration: number;
}

/** Installed before any script of the page runs: records every long task from the start. */
function recordLongTasks(): void {
  const w = window as unknown as { __longTasks: Task[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const now = (page: Page) => page.evaluate(() => performance.now());

async function tasksBetween(page: Page, from: number, to: number): Promise<Task[]> {
  return page.evaluate(
    ([a, b]) =>
      (window as unknown as { __longTasks: Task[] }).__longTasks.filter((t) => t.start >= a && t.start < b),
    [from, to] as const,
  );
}

async function waitForStatus(page: Page, text: string, timeout = 300_000): Promise<void> {
  await page
    .getByTestId('status')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout });
}

/** Wait until the example's compile has finished and Run is enabled. */
async function waitRunnable(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !(document.querySelector('[data-testid="run"]') as HTMLButtonElement | null)?.disabled,
    undefined,
    { timeout: 60_000 },
  );
}

/** Settle: the work an action schedules (compile, typesetting, a last frame) is part of it. */
const SETTLE_MS = 1500;

async function setGrid(page: Page, n: number, dims: number): Promise<void> {
  for (let i = 0; i < dims; i++) await page.getByTestId(`setting-shape-${i}`).fill(String(n));
}

async function solve(page: Page, emit: (line: Record<string, unknown>) => void, phase: string, base: object) {
  const runs = page.locator('[data-testid="runs"] > li');
  const before = await runs.count();
  const t0 = await now(page);
  await page.getByTestId('run').click();
  // The status still says "converged" from the previous run until the new one starts.
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="runs"] > li').length > n,
    before,
    { timeout: 60_000 },
  );
  await waitForStatus(page, 'converged');
  const t1 = await now(page);
  await page.waitForTimeout(SETTLE_MS);
  const t2 = await now(page);
  report(emit, `${phase} (streaming)`, await tasksBetween(page, t0, t1), base, t1 - t0);
  report(emit, `${phase} (final draw)`, await tasksBetween(page, t1, t2), base, t2 - t1);
}

function report(
  emit: (line: Record<string, unknown>) => void,
  phase: string,
  tasks: Task[],
  base: object,
  spanMs: number,
): void {
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  emit({
    ...base,
    phase,
    longestTaskMs: Math.round(longest),
    tasksOver50: tasks.length,
    tasksOver200: tasks.filter((t) => t.duration > 200).length,
    phaseMs: Math.round(spanMs),
  });
}

async function orbit(page: Page): Promise<void> {
  const box = await page.getByTestId('viewport').boundingBox();
  if (!box) throw new Error('no viewport');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  // Two seconds of dragging at about 60 events a second.
  for (let i = 0; i < 120; i++) {
    await page.mouse.move(cx + 200 * Math.sin(i / 19), cy + 60 * Math.sin(i / 31));
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

export const uiSuite: BenchSuite = {
  name: 'ui',
  async run(emit) {
    // `--renderer=DIR` measures another build (e.g. an older commit's) in the same sitting.
    const dirArg = process.argv.find((a) => a.startsWith('--renderer='));
    const root = dirArg ? dirArg.slice('--renderer='.length) : 'out/renderer';
    if (!dirArg && !existsSync('out/renderer/index.html')) {
      const r = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the web build failed');
    }
    const server = await serveStatic(root, 0);
    const browser = await chromium.launch({ executablePath: resolveBrowser(), args: CHROMIUM_ARGS });
    try {
      for (const viewport of VIEWPORTS) {
        const base = { viewport: `${viewport.width}x${viewport.height}` };
        const context = await browser.newContext({ viewport });
        await context.addInitScript(recordLongTasks);
        const page = await context.newPage();

        await page.goto(server.url);
        await waitForStatus(page, 'converged');
        await page.waitForTimeout(SETTLE_MS);
        const loaded = await now(page);
        report(emit, 'load (first example solved)', await tasksBetween(page, 0, loaded), base, loaded);

        let t0 = await now(page);
        await page.getByTestId('example-select').selectOption('pendulum');
        await waitRunnable(page);
        await page.waitForTimeout(SETTLE_MS);
        let t1 = await now(page);
        report(emit, 'switch to pendulum', await tasksBetween(page, t0, t1), base, t1 - t0);

        await setGrid(page, 201, 2);
        await solve(page, emit, 'pendulum 201²', base);
        await setGrid(page, 301, 2);
        await solve(page, emit, 'pendulum 301²', base);

        t0 = await now(page);
        await page.getByTestId('example-select').selectOption('dubins-car');
        await waitRunnable(page);
        await page.waitForTimeout(SETTLE_MS);
        t1 = await now(page);
        report(emit, 'switch to Dubins', await tasksBetween(page, t0, t1), base, t1 - t0);
        await solve(page, emit, 'Dubins', base);

        t0 = await now(page);
        await orbit(page);
        await page.waitForTimeout(500);
        t1 = await now(page);
        report(emit, 'orbit the Dubins view', await tasksBetween(page, t0, t1), base, t1 - t0);
        await context.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
