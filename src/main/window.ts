/** The main window's options: the security-relevant part is a pure function, tested. */
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string, title: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    title,
    show: false,
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The part of a window whose title the page could change. */
export interface TitledWindow {
  on(event: 'page-title-updated', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * Main owns the window title (document name and dirty marker, see project/document.ts):
 * the page's <title> must not replace it.
 */
export function keepDocumentTitle(win: TitledWindow): void {
  win.on('page-title-updated', (event) => event.preventDefault());
}
