import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const userData = await mkdtemp(join(tmpdir(), 'hjb-lab-electron-'));

const electron = vi.hoisted(() => ({
  handlers: new Map<string, unknown>(),
  listeners: new Map<string, unknown>(),
  recentDocs: [] as string[],
}));

vi.mock('electron', () => ({
  app: {
    getPath: (name: string) => (name === 'userData' ? userData : join(userData, 'Documents')),
    addRecentDocument: (p: string) => electron.recentDocs.push(p),
  },
  dialog: {
    showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    showMessageBox: vi.fn(async () => ({ response: 2, checkboxChecked: false })),
  },
  ipcMain: {
    handle: (channel: string, fn: unknown) => electron.handlers.set(channel, fn),
    on: (channel: string, fn: unknown) => electron.listeners.set(channel, fn),
  },
}));

const { setupFileHandling } = await import('../../../src/main/project/file-main');
const { FILE_IPC } = await import('../../../src/main/project/file-ipc');

afterAll(() => rm(userData, { recursive: true, force: true }));

describe('setupFileHandling (electron mocked)', () => {
  it('wires the service to the user data folder, the dialogs and ipcMain, and asks the window for text', async () => {
    const sent: [string, unknown][] = [];
    const win = {
      isDestroyed: () => false,
      webContents: { send: (channel: string, payload: unknown) => sent.push([channel, payload]) },
      setTitle: vi.fn(),
    };
    const handling = setupFileHandling(
      () => win as never,
      () => true,
    );
    expect(handling.service.recovery.file).toBe(join(userData, 'recovery.json'));
    expect(electron.handlers.has(FILE_IPC.save)).toBe(true);
    // Open dialog cancelled through the mocked electron dialog.
    const open = electron.handlers.get(FILE_IPC.open) as (e: unknown, p?: unknown) => Promise<unknown>;
    expect(await open({ senderFrame: { url: 'app://lab/' } }, undefined)).toEqual({ status: 'cancelled' });
    // Main asks the renderer for the text over IPC, and the answer comes back through ipcMain.
    const pending = handling.texts.request();
    expect(sent[0][0]).toBe(FILE_IPC.requestText);
    const reply = electron.listeners.get(FILE_IPC.documentText) as (e: unknown, p: unknown) => void;
    reply({ senderFrame: { url: 'app://lab/' } }, { id: sent[0][1], text: 'hello' });
    expect(await pending).toBe('hello');
    // Unsaved prompt answered "Cancel" (button 2) by the mocked message box.
    handling.service.noteEdited();
    expect(await handling.service.close()).toBe(false);
    expect(win.setTitle).toHaveBeenLastCalledWith('Untitled • — HJB Lab');
  });
});
