import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FILE_IPC, type FileBridge } from '../../src/main/project/file-ipc';
import type { LabBridge, MenuCommand } from '../../src/preload/api';

type Handler = (event: unknown, payload?: unknown) => void;

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  on: new Map<string, Handler>(),
  sent: [] as unknown[][],
}));
const invoke = vi.fn(async (channel: string, ..._args: unknown[]) =>
  channel === 'lab:app-info'
    ? { version: '0.1.0', platform: 'linux', electron: '45' }
    : { status: 'cancelled' },
);

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke,
    on: (channel: string, fn: Handler) => electron.on.set(channel, fn),
    send: (...args: unknown[]) => electron.sent.push(args),
  },
}));

/** A fresh preload (its module state is per window load). */
async function loadPreload(): Promise<LabBridge> {
  vi.resetModules();
  electron.exposed.clear();
  electron.on.clear();
  await import('../../src/preload/index');
  return electron.exposed.get('lab') as LabBridge;
}

/** Main sends an event to the renderer (with Electron's event object, which must not leak). */
function fromMain(channel: string, payload?: unknown): void {
  const handler = electron.on.get(channel);
  expect(handler, `listener on ${channel}`).toBeDefined();
  handler?.({ sender: 'ipcRenderer' }, payload);
}

const FILE_METHODS: (keyof FileBridge)[] = [
  'open',
  'openRecent',
  'save',
  'saveAs',
  'exportFile',
  'recent',
  'newDocument',
  'findRecovery',
  'restoreRecovery',
  'discardRecovery',
  'edited',
  'onOpened',
  'onRequestText',
];

describe('preload', () => {
  beforeEach(() => {
    invoke.mockClear();
    electron.sent.length = 0;
  });

  it('exposes exactly one typed API, window.lab: getInfo, file, onMenuCommand', async () => {
    const lab = await loadPreload();
    expect([...electron.exposed.keys()]).toEqual(['lab']);
    expect(Object.keys(lab)).toEqual(['getInfo', 'file', 'onMenuCommand']);
    expect(Object.keys(lab.file).sort()).toEqual([...FILE_METHODS].sort());
    for (const m of FILE_METHODS) expect(typeof lab.file[m], m).toBe('function');
    await expect(lab.getInfo()).resolves.toMatchObject({ version: '0.1.0' });
    expect(invoke).toHaveBeenCalledWith('lab:app-info');
  });

  it('listens only on the channels main sends on', async () => {
    await loadPreload();
    expect([...electron.on.keys()].sort()).toEqual(
      [FILE_IPC.opened, FILE_IPC.requestText, 'lab:menu-command'].sort(),
    );
  });

  it('maps each file method to invoke on its FILE_IPC channel with a payload main accepts', async () => {
    const { file } = await loadPreload();
    const token = '0b6c3f5e-9d1a-4c1e-8f0a-1a2b3c4d5e6f';
    const bytes = new Uint8Array([1, 2, 3]);
    const calls: [() => Promise<unknown>, string, unknown][] = [
      [() => file.open(), FILE_IPC.open, undefined],
      [() => file.openRecent(token), FILE_IPC.openRecent, { token }],
      [() => file.save('{}'), FILE_IPC.save, { text: '{}' }],
      [() => file.save('{}', token), FILE_IPC.save, { text: '{}', pathToken: token }],
      [() => file.saveAs('{}'), FILE_IPC.saveAs, { text: '{}' }],
      [() => file.saveAs('{}', 'pendulum'), FILE_IPC.saveAs, { text: '{}', suggestedName: 'pendulum' }],
      [
        () => file.exportFile('png', 'value.png', bytes),
        FILE_IPC.exportFile,
        { format: 'png', suggestedName: 'value.png', data: bytes },
      ],
      [() => file.recent(), FILE_IPC.recent, undefined],
      [() => file.newDocument(), FILE_IPC.newDocument, undefined],
      [() => file.findRecovery(), FILE_IPC.findRecovery, undefined],
      [() => file.restoreRecovery(), FILE_IPC.restoreRecovery, undefined],
      [() => file.discardRecovery(), FILE_IPC.discardRecovery, undefined],
    ];
    for (const [call, channel, payload] of calls) {
      invoke.mockClear();
      await call();
      expect(invoke).toHaveBeenCalledOnce();
      const args = invoke.mock.calls[0];
      expect(args[0]).toBe(channel);
      // Optional fields are left out, not sent as undefined (main's schemas are strict).
      expect(args.slice(1)).toEqual(payload === undefined ? [] : [payload]);
      if (payload !== undefined)
        expect(Object.keys(args[1] as object)).toEqual(Object.keys(payload as object));
    }
    file.edited();
    expect(electron.sent).toEqual([[FILE_IPC.edited]]);
  });

  it('answers a text request with the latest provider, by id, and null without one', async () => {
    const { file } = await loadPreload();
    fromMain(FILE_IPC.requestText, 0);
    expect(electron.sent.pop()).toEqual([FILE_IPC.documentText, { id: 0, text: null }]);

    const offA = file.onRequestText(() => 'text A');
    const offB = file.onRequestText(() => 'text B');
    fromMain(FILE_IPC.requestText, 7);
    expect(electron.sent.pop()).toEqual([FILE_IPC.documentText, { id: 7, text: 'text B' }]);
    offB();
    fromMain(FILE_IPC.requestText, 8);
    expect(electron.sent.pop()).toEqual([FILE_IPC.documentText, { id: 8, text: 'text A' }]);
    offA();

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    file.onRequestText(() => {
      throw new Error('editor gone');
    });
    fromMain(FILE_IPC.requestText, 9);
    expect(electron.sent.pop()).toEqual([FILE_IPC.documentText, { id: 9, text: null }]);
    errors.mockRestore();

    // Malformed ids from main are ignored rather than answered.
    fromMain(FILE_IPC.requestText, -1);
    fromMain(FILE_IPC.requestText, 'x');
    expect(electron.sent).toEqual([]);
  });

  it('delivers opened documents to listeners, keeping one that arrives before anyone listens', async () => {
    const { file } = await loadPreload();
    const early = {
      status: 'opened',
      document: { token: null, name: 'a', path: null, text: 'A', recovered: false },
    };
    fromMain(FILE_IPC.opened, early);
    const seen: unknown[] = [];
    const off = file.onOpened((r) => seen.push(r));
    expect(seen).toEqual([early]);
    const later = { ...early, document: { ...early.document, name: 'b' } };
    fromMain(FILE_IPC.opened, later);
    fromMain(FILE_IPC.opened, { nonsense: true });
    expect(seen).toEqual([early, later]);
    off();
    fromMain(FILE_IPC.opened, later);
    expect(seen).toHaveLength(2);
  });

  it('passes known menu commands (and only the command) to onMenuCommand listeners', async () => {
    const lab = await loadPreload();
    const seen: unknown[][] = [];
    const off = lab.onMenuCommand((...args: unknown[]) => seen.push(args));
    const commands: MenuCommand[] = ['new', 'export-png', 'export-csv', 'export-json', 'share-link'];
    for (const c of commands) fromMain('lab:menu-command', c);
    fromMain('lab:menu-command', 'rm -rf');
    expect(seen).toEqual(commands.map((c) => [c]));
    off();
    fromMain('lab:menu-command', 'new');
    expect(seen).toHaveLength(commands.length);
  });
});
