import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, LAB_WORKER_CSP, mimeType, resolveUnderRoot } from '../../src/main/app-headers';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';

describe('app response headers', () => {
  it('isolate every response and give documents and the lab worker their own CSP', () => {
    const html = appResponseHeaders('/r/index.html');
    expect(html['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(html['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(html['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(appResponseHeaders('/r/assets/lab.worker-DS9U2PDE.js')['Content-Security-Policy']).toBe(
      LAB_WORKER_CSP,
    );
    // Neural policy iteration's rollout workers compile the same kernels.
    expect(appResponseHeaders('/r/assets/rollout.worker-Bx1_9.js')['Content-Security-Policy']).toBe(
      LAB_WORKER_CSP,
    );
    expect(appResponseHeaders('/r/assets/index-abc.js')['Content-Security-Policy']).toBeUndefined();
    expect(LAB_WORKER_CSP).not.toMatch(/https?:|\*/);
    expect(mimeType('/a/b.wasm')).toBe('application/wasm');
    expect(mimeType('/a/b.unknown')).toBe('application/octet-stream');
  });

  it('never resolves a path outside the root', () => {
    const root = nodePath.resolve('/srv/app');
    expect(resolveUnderRoot(root, '/', nodePath)).toBe(nodePath.join(root, 'index.html'));
    expect(resolveUnderRoot(root, '/assets/x.js', nodePath)).toBe(nodePath.join(root, 'assets/x.js'));
    expect(resolveUnderRoot(root, '/../etc/passwd', nodePath)).toBeNull();
    expect(resolveUnderRoot(root, '/%2e%2e/%2e%2e/etc/passwd', nodePath)).toBeNull();
    expect(resolveUnderRoot(root, '/%E0%A4%A', nodePath)).toBeNull();
    expect(resolveUnderRoot(root, '/a%00b', nodePath)).toBeNull();
  });
});
