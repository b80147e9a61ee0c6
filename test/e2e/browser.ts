/**
 * Which Chromium the end-to-end tests drive: $CHROMIUM_PATH, else a system Chromium or
 * Chrome, else Playwright's own browser (installed here on first use when missing). If
 * none can be had, one clear line says how to get one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const NO_BROWSER_MESSAGE =
  'No Chromium for the end-to-end tests: install one (Debian/Ubuntu: apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH to a Chrome/Chromium executable.';

function playwrightOwn(): string | null {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export function resolveBrowser(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${NO_BROWSER_MESSAGE}`);
  }
  const system = SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system) return system;
  const own = playwrightOwn();
  if (own) return own;
  try {
    const cli = createRequire(import.meta.url).resolve('playwright-core/cli.js');
    execFileSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit', timeout: 600_000 });
  } catch {
    throw new Error(NO_BROWSER_MESSAGE);
  }
  const installed = playwrightOwn();
  if (!installed) throw new Error(NO_BROWSER_MESSAGE);
  return installed;
}

/** Flags for headless Chromium on a machine without a GPU and without network. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-quic',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
