/** Serve the built renderer (out/renderer) on 127.0.0.1 for the whole e2e run. */
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/static-server';
import { resolveBrowser } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    browserPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('out/renderer/index.html')) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` first (scripts/e2e.mjs does).');
  }
  const browserPath = resolveBrowser();
  const server = await serveStatic('out/renderer', 0);
  project.provide('baseUrl', server.url);
  project.provide('browserPath', browserPath);
  return () => server.close();
}
