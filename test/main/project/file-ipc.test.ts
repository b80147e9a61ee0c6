import { describe, expect, it, vi } from 'vitest';
import {
  FILE_IPC,
  registerFileIpc,
  TextRequester,
  type IpcEventLike,
  type IpcMainLike,
} from '../../../src/main/project/file-ipc';
import type { FileService } from '../../../src/main/project/file-service';

type Handler = (event: IpcEventLike, payload?: unknown) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const ipc: IpcMainLike = {
    handle: (channel, fn) => void handlers.set(channel, fn),
    on: (channel, fn) => void listeners.set(channel, fn),
  };
  return { ipc, handlers, listeners };
}

function fakeService() {
  return {
    openDialog: vi.fn(async () => ({ status: 'cancelled' })),
    openRecent: vi.fn(async () => ({ status: 'cancelled' })),
    save: vi.fn(async () => ({ status: 'cancelled' })),
    saveAs: vi.fn(async () => ({ status: 'cancelled' })),
    exportFile: vi.fn(async () => ({ status: 'cancelled' })),
    recentList: vi.fn(async () => []),
    newDocument: vi.fn(async () => true),
    findRecovery: vi.fn(async () => null),
    restoreRecovery: vi.fn(async () => ({ status: 'cancelled' })),
    discardRecovery: vi.fn(async () => undefined),
    noteEdited: vi.fn(),
  };
}

const app: IpcEventLike = { senderFrame: { url: 'app://lab/index.html' } };
const stranger: IpcEventLike = { senderFrame: { url: 'https://evil.example/' } };
const isTrusted = (e: IpcEventLike): boolean => e.senderFrame?.url.startsWith('app://lab/') ?? false;

function setup() {
  const { ipc, handlers, listeners } = fakeIpc();
  const service = fakeService();
  const sent: number[] = [];
  const texts = new TextRequester(
    (id) => (sent.push(id), true),
    1000,
    () => undefined,
  );
  registerFileIpc(ipc, service as unknown as FileService, texts, isTrusted);
  return { handlers, listeners, service, texts, sent };
}

describe('registerFileIpc', () => {
  it('registers every request channel', () => {
    const { handlers, listeners } = setup();
    const requests = Object.values(FILE_IPC).filter((c) => handlers.has(c));
    expect(requests).toHaveLength(10);
    expect(listeners.has(FILE_IPC.edited) && listeners.has(FILE_IPC.documentText)).toBe(true);
  });

  it('passes valid payloads to the service', async () => {
    const { handlers, service } = setup();
    const token = '6f1c2a44-0d7e-4b3a-9d7f-2a2b3c4d5e6f';
    await handlers.get(FILE_IPC.save)!(app, { text: '{}', pathToken: token });
    expect(service.save).toHaveBeenCalledWith('{}', token);
    await handlers.get(FILE_IPC.saveAs)!(app, { text: '{}', suggestedName: 'x.hjblab' });
    expect(service.saveAs).toHaveBeenCalledWith('{}', 'x.hjblab');
    await handlers.get(FILE_IPC.openRecent)!(app, { token });
    expect(service.openRecent).toHaveBeenCalledWith(token);
    await handlers.get(FILE_IPC.open)!(app, undefined);
    expect(service.openDialog).toHaveBeenCalled();
  });

  it('refuses invalid payloads and untrusted senders before touching the service', async () => {
    const { handlers, listeners, service } = setup();
    await expect(async () =>
      handlers.get(FILE_IPC.save)!(app, { text: '{}', pathToken: '/etc/passwd' }),
    ).rejects.toThrow('invalid request');
    await expect(async () => handlers.get(FILE_IPC.open)!(app, { path: '/etc/passwd' })).rejects.toThrow(
      'invalid request',
    );
    await expect(async () => handlers.get(FILE_IPC.open)!(stranger, undefined)).rejects.toThrow('refused');
    listeners.get(FILE_IPC.edited)!(stranger, undefined);
    listeners.get(FILE_IPC.edited)!(app, { junk: 1 });
    expect(service.save).not.toHaveBeenCalled();
    expect(service.openDialog).not.toHaveBeenCalled();
    expect(service.noteEdited).not.toHaveBeenCalled();
    listeners.get(FILE_IPC.edited)!(app, undefined);
    expect(service.noteEdited).toHaveBeenCalledOnce();
  });

  it('matches the renderer’s text answers to requests', async () => {
    const { listeners, texts, sent } = setup();
    const first = texts.request();
    const second = texts.request();
    listeners.get(FILE_IPC.documentText)!(app, { id: sent[1], text: 'second' });
    listeners.get(FILE_IPC.documentText)!(stranger, { id: sent[0], text: 'forged' });
    listeners.get(FILE_IPC.documentText)!(app, { id: sent[0], text: 42 });
    listeners.get(FILE_IPC.documentText)!(app, { id: sent[0], text: 'first' });
    expect(await second).toBe('second');
    expect(await first).toBe('first');
  });
});

describe('TextRequester', () => {
  it('gives null on timeout or when there is no renderer', async () => {
    const timers: (() => void)[] = [];
    const texts = new TextRequester(
      () => true,
      5,
      (fn) => timers.push(fn),
    );
    const pending = texts.request();
    timers[0]();
    expect(await pending).toBeNull();
    expect(await new TextRequester(() => false).request()).toBeNull();
  });
});
