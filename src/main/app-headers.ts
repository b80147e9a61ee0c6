/**
 * Response headers of the app's own files, shared by the Electron `app://` protocol and
 * the web build's static server so that both run the renderer under the same policy:
 * - Cross-origin isolation (COOP + COEP): SharedArrayBuffer becomes available, which the
 *   solver panel needs to cancel, pause and step a synchronous solve in its worker.
 * - The lab and rollout workers get their own CSP with 'unsafe-eval': their batch kernels
 *   are JavaScript generated from the expression IR (node types and numeric constants only,
 *   never user text; see src/core/lang/kernel.ts). The document itself never allows eval.
 */
import { CONTENT_SECURITY_POLICY } from './security';

export const LAB_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.hjblab': 'application/json; charset=utf-8',
};

export function mimeType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && MIME[path.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

export function appResponseHeaders(path: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': mimeType(path),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  const name = path.split(/[\\/]/).pop() ?? '';
  if (name.endsWith('.html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  else if (/^(lab|rollout)\.worker-[\w-]+\.js$/.test(name))
    headers['Content-Security-Policy'] = LAB_WORKER_CSP;
  return headers;
}

/**
 * Map a request path to a file under `root`, or null when it would leave the root.
 * `join` is injected so the function stays pure (node:path in main and scripts).
 */
export function resolveUnderRoot(
  root: string,
  requestPath: string,
  path: { join: (...p: string[]) => string; normalize: (p: string) => string; sep: string },
): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.normalize(path.join(root, decoded === '/' || decoded === '' ? 'index.html' : decoded));
  return full === root || full.startsWith(root + path.sep) ? full : null;
}
