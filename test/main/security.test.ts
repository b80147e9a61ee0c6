import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isAppUrl, originOf } from '../../src/main/security';
import { readFileSync } from 'node:fs';

class FakeContents extends EventEmitter {
  openHandler: (() => { action: string }) | null = null;
  permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
  session = {
    setPermissionRequestHandler: (h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) => {
      this.permissionHandler = h;
    },
  };
  setWindowOpenHandler(h: () => { action: string }) {
    this.openHandler = h;
  }
}

function navigate(c: FakeContents, event: string, url: string): boolean {
  let prevented = false;
  c.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('window security', () => {
  it('recognises app URLs', () => {
    expect(originOf('app://lab/index.html')).toBe('app://lab');
    expect(isAppUrl('app://lab/assets/x.js', 'app://lab')).toBe(true);
    expect(isAppUrl('app://other/index.html', 'app://lab')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('https://example.com/', 'app://lab')).toBe(false);
    expect(isAppUrl('file:///etc/passwd', 'app://lab')).toBe(false);
    expect(isAppUrl('not a url', 'app://lab')).toBe(false);
    expect(originOf('http://localhost:5173/index.html')).toBe('http://localhost:5173');
  });

  it('blocks new windows, foreign navigation, webviews and permissions', () => {
    const c = new FakeContents();
    hardenWebContents(c as unknown as WebContents, 'app://lab');
    expect(c.openHandler?.()).toEqual({ action: 'deny' });
    expect(navigate(c, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(c, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(navigate(c, 'will-navigate', 'app://lab/index.html')).toBe(false);
    expect(navigate(c, 'will-navigate', 'file:///app/index.html')).toBe(true);
    expect(navigate(c, 'will-attach-webview', '')).toBe(true);
    let granted: boolean | null = null;
    c.permissionHandler?.(null, 'geolocation', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('the CSP allows no remote origin, no inline or eval script, and matches index.html', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /content="([^"]+)"/.exec(html.slice(html.indexOf('Content-Security-Policy')))?.[1] ?? '';
    const directives = (csp: string) =>
      new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v.join(' ')]),
      );
    const fromMeta = directives(meta);
    for (const [k, v] of directives(CONTENT_SECURITY_POLICY)) {
      if (k === 'frame-ancestors') continue; // not allowed in a meta element
      expect(fromMeta.get(k), k).toBe(v);
    }
  });
});
