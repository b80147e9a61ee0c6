/**
 * Electron main process: one window, the menu, IPC. Logic lives in the plain modules
 * beside this file (tested with electron mocked); this file only wires them together.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { join } from 'node:path';
import { IPC } from '../preload/api';
import { aboutText, buildMenuTemplate } from './menu';
import { appInfo, senderIsApp } from './app-info';
import { CONTENT_SECURITY_POLICY, hardenWebContents, originOf } from './security';
import { mainWindowOptions } from './window';

const APP_NAME = 'HJB Lab';

function rendererUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && dev) return dev;
  return `file://${join(__dirname, '../renderer/index.html')}`;
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

void app.whenReady().then(() => {
  const appOrigin = originOf(rendererUrl());
  // The CSP also travels as a header for documents served over http (the dev server).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
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
