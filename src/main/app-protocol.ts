/**
 * The app:// protocol that serves the built renderer inside Electron. Unlike file://, it
 * can send headers: cross-origin isolation (for SharedArrayBuffer) and the CSPs of
 * app-headers.ts. Requests outside the renderer folder are refused.
 */
import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { appResponseHeaders, resolveUnderRoot } from './app-headers';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  stream: true,
} as const;

/** Handle one request of the app protocol (the body of protocol.handle). */
export async function serveAppRequest(root: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
  const file = resolveUnderRoot(nodePath.resolve(root), url.pathname, nodePath);
  if (!file) return new Response('forbidden', { status: 403 });
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
