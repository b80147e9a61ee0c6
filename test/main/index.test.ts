/**
 * The main process entry with `electron` mocked: the wiring of window, menu, file service,
 * close guard, command-line and second-instance opening, and menu commands to the renderer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FILE_IPC } from '../../src/main/project/file-ipc';
import { projectText } from './project/helpers';

/** Let file operations (thread pool) and promise chains finish: only before checking that nothing happened. */
const settle = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Wait for an expected outcome of file operations and promise chains, however slow the machine. */
const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 30_000, interval: 20 });

const root = await mkdtemp(join(tmpdir(), 'hjb-lab-index-'));
const launchFile = join(root, 'launch.hjblab');
const otherFile = join(root, 'other.hjblab');
await writeFile(launchFile, projectText('Launch'));
await writeFile(otherFile, projectText('Other'));
afterAll(() => rm(root, { recursive: true, force: true }));

const m = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  class FakeWebContents extends Emitter {
    sent: [string, unknown][] = [];
    session = { setPermissionRequestHandler: () => undefined };
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    }
    setWindowOpenHandler(): void {}
  }
  class FakeWindow extends Emitter {
    static all: FakeWindow[] = [];
    static getAllWindows(): FakeWindow[] {
      return FakeWindow.all.filter((w) => !w.destroyed);
    }
    webContents = new FakeWebContents();
    titles: string[] = [];
    edited: boolean[] = [];
    destroyed = false;
    focused = 0;
    constructor(public options: unknown) {
      super();
      FakeWindow.all.push(this);
    }
    loadURL = async (): Promise<void> => undefined;
    show(): void {}
    setTitle(t: string): void {
      this.titles.push(t);
    }
    setDocumentEdited(e: boolean): void {
      this.edited.push(e);
    }
    setRepresentedFilename(): void {}
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {
      this.focused++;
    }
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }
  const app = Object.assign(new Emitter(), {
    ready: false,
    userData: '',
    quit: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: () => Promise.resolve(),
    isReady: () => app.ready,
    isPackaged: false,
    getVersion: () => '0.1.0',
    getPath: (name: string) => (name === 'userData' ? app.userData : app.userData + '/Documents'),
    addRecentDocument: vi.fn(),
  });
  return {
    app,
    FakeWindow,
    menus: [] as MenuItemConstructorOptions[][],
    handlers: new Map<string, (e: unknown, p?: unknown) => unknown>(),
    listeners: new Map<string, (e: unknown, p?: unknown) => void>(),
    dialogAnswers: { open: [] as string[], unsaved: 2 },
    /** Unsaved-changes prompts shown so far. */
    prompts: 0,
  };
});

vi.mock('electron', () => ({
  app: m.app,
  BrowserWindow: m.FakeWindow,
  Menu: {
    buildFromTemplate: (t: MenuItemConstructorOptions[]) => t,
    setApplicationMenu: (t: MenuItemConstructorOptions[]) => m.menus.push(t),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
  ipcMain: {
    handle: (c: string, fn: (e: unknown, p?: unknown) => unknown) => m.handlers.set(c, fn),
    on: (c: string, fn: (e: unknown, p?: unknown) => void) => m.listeners.set(c, fn),
  },
  dialog: {
    showOpenDialog: vi.fn(async () => {
      const path = m.dialogAnswers.open.shift();
      return path ? { canceled: false, filePaths: [path] } : { canceled: true, filePaths: [] };
    }),
    showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    showMessageBox: vi.fn(async () => {
      m.prompts++;
      return { response: m.dialogAnswers.unsaved, checkboxChecked: false };
    }),
  },
}));

m.app.userData = join(root, 'user-data');
const savedArgv = process.argv;
process.argv = ['/opt/hjb-lab/hjb-lab', '--enable-logging', launchFile];
await import('../../src/main/index');
process.argv = savedArgv;
m.app.ready = true;
await eventually(() => expect(m.FakeWindow.all).toHaveLength(1));
await settle();

const win = m.FakeWindow.all[0];
const APP_FRAME = { senderFrame: { url: 'app://lab/index.html' } };

function fileMenu(): MenuItemConstructorOptions[] {
  const last = m.menus[m.menus.length - 1];
  return last.find((i) => i.label === 'File')?.submenu as MenuItemConstructorOptions[];
}
function click(items: MenuItemConstructorOptions[], label: string): void {
  const found = items.find((i) => i.label === label);
  expect(found, label).toBeDefined();
  (found?.click as () => void)();
}
function sentOn(channel: string): unknown[] {
  return win.webContents.sent.filter(([c]) => c === channel).map(([, p]) => p);
}

describe('main process wiring (electron mocked)', () => {
  it('one instance, a sandboxed window, an untitled document in the title', () => {
    expect(m.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(m.FakeWindow.all).toHaveLength(1);
    expect(win.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true } });
    expect(win.titles.at(-1)).toBe('Untitled — HJB Lab');
    expect(m.handlers.has(FILE_IPC.save)).toBe(true);
    expect(m.handlers.has('lab:app-info')).toBe(true);
  });

  it('the file on the command line opens once the window has loaded', async () => {
    expect(sentOn(FILE_IPC.opened)).toEqual([]);
    win.webContents.emit('did-finish-load');
    await eventually(() => expect(sentOn(FILE_IPC.opened)).toHaveLength(1));
    expect(sentOn(FILE_IPC.opened)).toEqual([
      expect.objectContaining({ status: 'opened', document: expect.objectContaining({ name: 'launch' }) }),
    ]);
    expect(win.titles.at(-1)).toBe('launch — HJB Lab');
  });

  it('edits from the renderer put the dirty marker in the title and the edited state', () => {
    m.listeners.get(FILE_IPC.edited)?.(APP_FRAME);
    expect(win.titles.at(-1)).toBe('launch • — HJB Lab');
    expect(win.edited.at(-1)).toBe(true);
    // Not from the app: ignored.
    m.listeners.get(FILE_IPC.edited)?.({ senderFrame: { url: 'https://evil.example/' } });
  });

  it('a second instance with a file: window forward, openPath (here the unsaved prompt says Cancel)', async () => {
    const focusedBefore = win.focused;
    const prompts = m.prompts;
    m.app.emit('second-instance', {}, ['/opt/hjb-lab/hjb-lab', 'other.hjblab'], root);
    await eventually(() => expect(win.focused).toBe(focusedBefore + 1));
    // The prompt has answered Cancel before the answer changes below.
    await eventually(() => expect(m.prompts).toBe(prompts + 1));
    await settle();
    // Dirty document + Cancel: nothing replaced, the title keeps its marker.
    expect(sentOn(FILE_IPC.opened)).toHaveLength(1);
    expect(win.titles.at(-1)).toBe('launch • — HJB Lab');
    // Don't Save: the other file opens.
    m.dialogAnswers.unsaved = 1;
    m.app.emit('second-instance', {}, ['/opt/hjb-lab/hjb-lab', 'other.hjblab'], root);
    await eventually(() => expect(sentOn(FILE_IPC.opened)).toHaveLength(2));
    expect(win.titles.at(-1)).toBe('other — HJB Lab');
  });

  it('the File menu: Open Recent lists both files; Open… delivers; New prompts then sends the command', async () => {
    // The menu is rebuilt after the recent list is read back from disk, which can land after
    // the 'opened' message the previous test waited for: wait for the rebuilt menu.
    const recentLabels = () =>
      (fileMenu().find((i) => i.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[]).map(
        (i) => i.label,
      );
    await eventually(() => expect(recentLabels()).toEqual(['other', 'launch', undefined, 'Clear Menu']));

    m.dialogAnswers.open.push(launchFile);
    click(fileMenu(), 'Open…');
    await eventually(() => expect(sentOn(FILE_IPC.opened)).toHaveLength(3));

    click(fileMenu(), 'New');
    await eventually(() => expect(sentOn('lab:menu-command')).toEqual(['new']));
    expect(win.titles.at(-1)).toBe('Untitled — HJB Lab');

    const exports = fileMenu().find((i) => i.label === 'Export')?.submenu as MenuItemConstructorOptions[];
    click(exports, 'PNG Image…');
    expect(sentOn('lab:menu-command')).toEqual(['new', 'export-png']);
  });

  it('Close goes through the unsaved-changes prompt (Cancel keeps the window)', async () => {
    m.listeners.get(FILE_IPC.edited)?.(APP_FRAME);
    m.dialogAnswers.unsaved = 2;
    const prompts = m.prompts;
    click(fileMenu(), 'Close');
    await eventually(() => expect(m.prompts).toBe(prompts + 1));
    await settle();
    expect(win.destroyed).toBe(false);
    m.dialogAnswers.unsaved = 1;
    click(fileMenu(), 'Close');
    await eventually(() => expect(win.destroyed).toBe(true));
  });
});
