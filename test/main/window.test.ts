import { describe, expect, it, vi } from 'vitest';
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

describe('window title', () => {
  it('the page cannot replace the title main sets (document name and dirty marker)', async () => {
    const { keepDocumentTitle } = await import('../../src/main/window');
    let listener: ((e: { preventDefault(): void }) => void) | undefined;
    keepDocumentTitle({
      on: (event, fn) => {
        expect(event).toBe('page-title-updated');
        listener = fn;
      },
    });
    const event = { preventDefault: vi.fn() };
    listener?.(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});
