/**
 * The page's first WebGL context, opened in a worker. A renderer process's first WebGL
 * context waits for its channel to the GPU process to be set up; later contexts, in any of
 * the page's threads, find it open. Measured in headless Chromium with software GL
 * (docs/architecture.md §7): the view's context on the UI thread took 41–383 ms when it was
 * the page's first, 10–24 ms when a worker had opened one before (the worker's 17–381 ms
 * are spent off the UI thread). The worker starts with the page and is gone once it has
 * answered; the 3-D view waits for it before creating its own context.
 */

/** How long the view waits for the worker at most: a worker that never answers costs this. */
const WAIT_LIMIT_MS = 5000;

let opened: Promise<void> | null = null;

/** Starts the worker (once); resolves when it has answered, failed, or the wait limit passed. */
export function openGpuChannel(): Promise<void> {
  opened ??= new Promise<void>((resolve) => {
    let worker: Worker | null = null;
    const done = () => {
      clearTimeout(limit);
      worker?.terminate();
      resolve();
    };
    const limit = setTimeout(done, WAIT_LIMIT_MS);
    try {
      worker = new Worker(new URL('../workers/gpu-channel.worker.ts', import.meta.url), {
        type: 'module',
        name: 'hjb-lab-gpu-channel',
      });
    } catch {
      // No workers here: the view opens the first context itself, as it would anyway.
      done();
      return;
    }
    worker.onmessage = done;
    worker.onerror = done;
    worker.onmessageerror = done;
  });
  return opened;
}
