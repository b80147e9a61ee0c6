import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../src/main/window';

describe('main window options', () => {
  it('isolates the renderer: context isolation, sandbox, no node integration', () => {
    const o = mainWindowOptions('/app/preload.js', 'HJB Lab');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
  });
});
