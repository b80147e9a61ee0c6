/**
 * Electron main process: one window, the menu, IPC. Logic lives in the plain modules
 * beside this file (tested with electron mocked); this file only wires them together.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { IPC } from '../preload/api';
import { aboutText, buildMenuTemplate } from './menu';
import { appInfo, senderIsApp } from './app-info';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { CONTENT_SECURITY_POLICY, hardenWebContents, originOf } from './security';
import { mainWindowOptions } from './window';

const APP_NAME = 'HJB Lab';

function rendererUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && dev) return dev;
  return `${APP_ORIGIN}/index.html`;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), APP_NAME));
  const url = rendererUrl();
  hardenWebContents(win.webContents, originOf(url));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}

function showAbout(win: BrowserWindow | null): void {
  const { message, detail } = aboutText(APP_NAME, app.getVersion(), process.versions.electron ?? '');
  const options = { type: 'info' as const, title: `About ${APP_NAME}`, message, detail, buttons: ['OK'] };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

// Must happen before 'ready': app:// is a standard, secure scheme (fetch, workers, CORS).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

void app.whenReady().then(() => {
  const appOrigin = originOf(rendererUrl());
  const rendererRoot = join(__dirname, '../renderer');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url));
  // In development the dev server serves the document: give it the app's CSP as a header.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const isDocument = details.resourceType === 'mainFrame';
    callback({
      responseHeaders: isDocument
        ? { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
        : details.responseHeaders,
    });
  });
  ipcMain.handle(IPC.appInfo, (event) => {
    if (!senderIsApp(event, appOrigin)) throw new Error('refused: not the app');
    return appInfo(app.getVersion(), process.platform, process.versions.electron ?? '');
  });
  const win = createWindow();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        appName: APP_NAME,
        isMac: process.platform === 'darwin',
        actions: { about: () => showAbout(win) },
      }),
    ),
  );
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// No remote content: any attempt to create a webview or open a window is refused.
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
