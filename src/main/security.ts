/**
 * Security policy of the window (docs/architecture.md §9.1): strict CSP, no navigation, no new
 * windows, no permissions, no remote content.
 */
import type { WebContents } from 'electron';

/**
 * Content-Security-Policy of the renderer document. 'unsafe-inline' for styles only:
 * Monaco and KaTeX set inline styles. Workers come from the app itself ('self') or from
 * blob: URLs created by the bundler. No network origin appears anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The app's origin as scheme://host. Computed by hand because Node's URL gives the origin
 * 'null' for schemes it does not know, such as the app's own `app://`.
 */
export function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** True when `url` points inside the app (the app:// protocol or the dev server). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    return originOf(url) === appOrigin;
  } catch {
    return false;
  }
}

/** Block navigation away from the app, new windows, webviews and permission requests. */
export function hardenWebContents(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}
