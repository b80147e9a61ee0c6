import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../src/main/app-protocol';

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'hjb-app-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(root, 'assets', 'lab.worker-abc.js'), 'self.x = 1;');
  writeFileSync(join(tmpdir(), 'hjb-secret.txt'), 'secret');

  it('serves the renderer files with their headers', async () => {
    const res = await serveAppRequest(root, 'app://lab/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>lab</title>');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const worker = await serveAppRequest(root, 'app://lab/assets/lab.worker-abc.js');
    expect(worker.headers.get('content-security-policy')).toMatch(/unsafe-eval/);
  });

  it('refuses other hosts, escapes and missing files', async () => {
    expect((await serveAppRequest(root, 'app://other/index.html')).status).toBe(404);
    // The URL parser already folds dot segments; whatever survives must stay inside the root.
    for (const evil of [
      'app://lab/%2e%2e/hjb-secret.txt',
      'app://lab/..%2fhjb-secret.txt',
      'app://lab/a/../../hjb-secret.txt',
    ]) {
      const res = await serveAppRequest(root, evil);
      expect(res.status).not.toBe(200);
    }
    expect((await serveAppRequest(root, 'app://lab/nope.js')).status).toBe(404);
  });
});
