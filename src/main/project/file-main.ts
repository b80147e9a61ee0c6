/**
 * Wiring of the file service to the real Electron: dialogs, user data folder, OS recent
 * documents, IPC. The one module of src/main/project that imports Electron at run time.
 */
import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import { createElectronDialogs } from './electron-dialogs';
import { FILE_IPC, registerFileIpc, TextRequester, type IpcEventLike } from './file-ipc';
import { FileService, type OpenResult } from './file-service';

export interface FileHandling {
  service: FileService;
  texts: TextRequester;
  /** Send a result of an open started in main (menu, command line, OS) to the renderer. */
  deliver(result: OpenResult): void;
}

export function setupFileHandling(
  getWindow: () => BrowserWindow | null,
  isTrusted: (event: IpcEventLike) => boolean,
): FileHandling {
  const texts = new TextRequester((id) => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return false;
    win.webContents.send(FILE_IPC.requestText, id);
    return true;
  });
  const service = new FileService({
    dialogs: createElectronDialogs(dialog, getWindow, () => app.getPath('documents')),
    userDataDir: app.getPath('userData'),
    window: getWindow,
    requestText: () => texts.request(),
    addRecentDocument: (path) => app.addRecentDocument(path),
  });
  registerFileIpc(ipcMain, service, texts, isTrusted);
  return {
    service,
    texts,
    deliver(result) {
      const win = getWindow();
      if (result.status === 'opened' && win && !win.isDestroyed())
        win.webContents.send(FILE_IPC.opened, result);
    },
  };
}
