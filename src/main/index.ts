/**
 * Electron main process: one window, the menu, IPC. Logic lives in the plain modules
 * beside this file (tested with electron mocked); this file only wires them together.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { IPC, type MenuCommand } from '../preload/api';
import { aboutText, buildMenuTemplate } from './menu';
import { createMenuActions } from './menu-actions';
import { appInfo, senderIsApp } from './app-info';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { onRecentChange } from './file-hooks';
import { holdForRecovery, LaunchFiles, routeFileRequests } from './launch-files';
import { installCloseGuard } from './project/document';
import { setupFileHandling, type FileHandling } from './project/file-main';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isAppUrl, originOf } from './security';
import { keepDocumentTitle, mainWindowOptions } from './window';

const APP_NAME = 'HJB Lab';
const isMac = process.platform === 'darwin';

let win: BrowserWindow | null = null;
let files: FileHandling | null = null;
/** Set by Quit: on macOS the app quits once the close prompt has let the window go. */
let quitting = false;

function currentWindow(): BrowserWindow | null {
  return win && !win.isDestroyed() ? win : null;
}

function rendererUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && dev) return dev;
  return `${APP_ORIGIN}/index.html`;
}

function showAbout(parent: BrowserWindow | null): void {
  const { message, detail } = aboutText(APP_NAME, app.getVersion(), process.versions.electron ?? '');
  const options = { type: 'info' as const, title: `About ${APP_NAME}`, message, detail, buttons: ['OK'] };
  void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

// Files from the command line, a second instance or the OS wait until the app is ready,
// the window has loaded and any crash recovery has been offered.
const launch = new LaunchFiles({
  openPath: (path) => {
    if (!files) return Promise.resolve({ status: 'failed', message: 'The app is not ready.' });
    return files.service.openPath(path);
  },
  deliver: (result) => files?.deliver(result),
  onError: (err) => console.error(err),
});

function createWindow(fh: FileHandling): BrowserWindow {
  const w = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), APP_NAME));
  win = w;
  const url = rendererUrl();
  hardenWebContents(w.webContents, originOf(url));
  keepDocumentTitle(w);
  const releaseLoad = launch.hold();
  w.webContents.once('did-finish-load', releaseLoad);
  // A new window starts a new, untitled document (macOS keeps the app running without one).
  fh.service.document.reset(null);
  installCloseGuard(w, async () => {
    const ok = await fh.service.close();
    if (!ok) quitting = false;
    return ok;
  });
  w.once('closed', () => {
    releaseLoad();
    if (win === w) win = null;
    if (quitting && isMac) app.quit();
  });
  w.once('ready-to-show', () => w.show());
  void w.loadURL(url);
  return w;
}

/** Bring the window forward, creating it if there is none (only once the app is ready). */
function showWindow(): void {
  if (!app.isReady() || !files) return;
  const w = currentWindow() ?? createWindow(files);
  if (w.isMinimized()) w.restore();
  w.focus();
}

function sendCommand(command: MenuCommand): void {
  currentWindow()?.webContents.send(IPC.menuCommand, command);
}

function start(releaseStartup: () => void): void {
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

  // The same sender check as app-info (IpcEventLike is the file IPC's narrower event type).
  const fh = setupFileHandling(currentWindow, (event) => {
    const url = event.senderFrame?.url;
    return typeof url === 'string' && isAppUrl(url, appOrigin);
  });
  files = fh;
  // Before anything can open a file (which would delete it), look for a crash recovery.
  void holdForRecovery(launch, fh.service);

  const actions = createMenuActions({
    service: fh.service,
    deliver: fh.deliver,
    sendCommand,
    closeWindow: () => currentWindow()?.close(),
    about: () => showAbout(currentWindow()),
  });
  const refreshMenu = async (): Promise<void> => {
    const recent = await fh.service.recentList().catch(() => []);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({ appName: APP_NAME, isMac, actions, recent, dev: !app.isPackaged }),
      ),
    );
  };
  onRecentChange(fh.service.recent, () => void refreshMenu());
  void refreshMenu();

  createWindow(fh);
  releaseStartup();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(fh);
  });
}

function main(): void {
  // One instance: a second launch hands its command line to the first and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Must happen before 'ready': app:// is a standard, secure scheme (fetch, workers, CORS).
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  const releaseStartup = launch.hold();
  // Before 'ready': macOS reports the file that launched the app as open-file.
  routeFileRequests(app, launch, showWindow);
  launch.requestFromArgv(process.argv, process.cwd());

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
  // No remote content: any attempt to create a webview or open a window is refused.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(() => start(releaseStartup));
}

main();
