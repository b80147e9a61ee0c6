/**
 * Preload (sandboxed, CommonJS): exposes the typed `window.lab` bridge and nothing else.
 * Every request goes through ipcRenderer.invoke on a fixed channel; main validates senders
 * and payloads. Events from main reach the renderer's listeners without Electron's event
 * object (which would hand the renderer `ipcRenderer` itself).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  FILE_CHANNELS as F,
  IPC,
  isMenuCommand,
  type AppInfo,
  type FileBridge,
  type LabBridge,
  type MenuCommand,
  type OpenResult,
  type RecentEntry,
  type RecoveryOffer,
  type SaveResult,
} from './api';

function callEach<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (err) {
      console.error(err);
    }
  }
}

function isOpenResult(value: unknown): value is OpenResult {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return status === 'opened' || status === 'cancelled' || status === 'failed';
}

// ---- main → renderer: documents opened by main (menu, command line, second instance, OS) ----
// A file from the command line may arrive before the renderer listens: the latest such
// document waits here and goes to the first listener (one window holds one document).
const openedListeners = new Set<(result: OpenResult) => void>();
let pendingOpened: OpenResult | null = null;
ipcRenderer.on(F.opened, (_event, result: unknown) => {
  if (!isOpenResult(result)) return;
  if (openedListeners.size === 0) pendingOpened = result;
  else callEach(openedListeners, result);
});

// ---- main → renderer → main: the project text, for Save from the menu, autosave, close ----
// The provider registered last answers; without one (or if it fails) the answer is null,
// so main never waits for its timeout.
const textProviders: (() => string | null)[] = [];
ipcRenderer.on(F.requestText, (_event, id: unknown) => {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return;
  let text: string | null = null;
  const provider = textProviders[textProviders.length - 1];
  if (provider) {
    try {
      const answer: unknown = provider();
      text = typeof answer === 'string' ? answer : null;
    } catch (err) {
      console.error(err);
    }
  }
  ipcRenderer.send(F.documentText, { id, text });
});

// ---- main → renderer: menu commands the renderer carries out ----
const menuListeners = new Set<(command: MenuCommand) => void>();
ipcRenderer.on(IPC.menuCommand, (_event, command: unknown) => {
  if (isMenuCommand(command)) callEach(menuListeners, command);
});

const file: FileBridge = {
  open: () => ipcRenderer.invoke(F.open) as Promise<OpenResult>,
  openRecent: (token) => ipcRenderer.invoke(F.openRecent, { token }) as Promise<OpenResult>,
  save: (text, pathToken) =>
    ipcRenderer.invoke(
      F.save,
      pathToken === undefined ? { text } : { text, pathToken },
    ) as Promise<SaveResult>,
  saveAs: (text, suggestedName) =>
    ipcRenderer.invoke(
      F.saveAs,
      suggestedName === undefined ? { text } : { text, suggestedName },
    ) as Promise<SaveResult>,
  exportFile: (format, suggestedName, data) =>
    ipcRenderer.invoke(F.exportFile, { format, suggestedName, data }) as Promise<SaveResult>,
  recent: () => ipcRenderer.invoke(F.recent) as Promise<RecentEntry[]>,
  newDocument: () => ipcRenderer.invoke(F.newDocument) as Promise<boolean>,
  findRecovery: () => ipcRenderer.invoke(F.findRecovery) as Promise<RecoveryOffer | null>,
  restoreRecovery: () => ipcRenderer.invoke(F.restoreRecovery) as Promise<OpenResult>,
  discardRecovery: () => ipcRenderer.invoke(F.discardRecovery) as Promise<void>,
  edited: () => ipcRenderer.send(F.edited),
  onOpened(listener) {
    const own = (result: OpenResult): void => listener(result);
    openedListeners.add(own);
    if (pendingOpened !== null) {
      const result = pendingOpened;
      pendingOpened = null;
      callEach([own], result);
    }
    return () => void openedListeners.delete(own);
  },
  onRequestText(listener) {
    const own = (): string | null => listener();
    textProviders.push(own);
    return () => {
      const at = textProviders.indexOf(own);
      if (at >= 0) textProviders.splice(at, 1);
    };
  },
};

const lab: LabBridge = {
  getInfo: () => ipcRenderer.invoke(IPC.appInfo) as Promise<AppInfo>,
  file,
  onMenuCommand(listener) {
    const own = (command: MenuCommand): void => listener(command);
    menuListeners.add(own);
    return () => void menuListeners.delete(own);
  },
};

contextBridge.exposeInMainWorld('lab', lab);
