/**
 * The file IPC between renderer and main: channel names, the request/answer for the
 * document text that main needs for Save from the menu, autosave and the close prompt, and
 * the handlers — each validates its payload and checks the sender before doing anything.
 */
import type { FileService, OpenResult, RecentEntry, RecoveryOffer, SaveResult } from './file-service';
import {
  documentTextReply,
  emptyRequest,
  exportRequest,
  openRecentRequest,
  saveAsRequest,
  saveRequest,
  validatePayload,
} from './ipc-validate';
import { FILE_CHANNELS } from '../../preload/api';

/** Channel names: defined once in the preload's API module, which the sandboxed preload can load. */
export const FILE_IPC = FILE_CHANNELS;

/** What the preload exposes as `window.lab.file` (types shared with the renderer). */
export interface FileBridge {
  open(): Promise<OpenResult>;
  openRecent(token: string): Promise<OpenResult>;
  save(text: string, pathToken?: string): Promise<SaveResult>;
  saveAs(text: string, suggestedName?: string): Promise<SaveResult>;
  exportFile(
    format: 'png' | 'csv' | 'json',
    suggestedName: string,
    data: string | Uint8Array,
  ): Promise<SaveResult>;
  recent(): Promise<RecentEntry[]>;
  newDocument(): Promise<boolean>;
  findRecovery(): Promise<RecoveryOffer | null>;
  restoreRecovery(): Promise<OpenResult>;
  discardRecovery(): Promise<void>;
  /** Tell main the project changed (dirty marker, autosave). */
  edited(): void;
  /** A document opened from the menu, the command line or the OS. */
  onOpened(listener: (result: OpenResult) => void): () => void;
  /** Main needs the current project text: the listener returns it (or null). */
  onRequestText(listener: () => string | null): () => void;
}

/**
 * Main asks the renderer for the project text and waits for the answer, matched by id.
 * No answer within `timeoutMs` (renderer hung or reloading) resolves to null.
 */
export class TextRequester {
  private nextId = 0;
  private readonly waiting = new Map<number, (text: string | null) => void>();

  constructor(
    /** Deliver the request; false when there is no renderer to ask. */
    private readonly send: (id: number) => boolean,
    private readonly timeoutMs = 10_000,
    private readonly setTimer: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
  ) {}

  request(): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      if (!this.send(id)) return this.settle(id, null);
      this.setTimer(() => this.settle(id, null), this.timeoutMs);
    });
  }

  /** An answer from the renderer (validated); unknown or late ids are ignored. */
  receive(payload: unknown): void {
    const reply = validatePayload(FILE_IPC.documentText, documentTextReply, payload);
    this.settle(reply.id, reply.text);
  }

  private settle(id: number, text: string | null): void {
    const resolve = this.waiting.get(id);
    if (!resolve) return;
    this.waiting.delete(id);
    resolve(text);
  }
}

/** The parts of Electron's ipcMain used (injectable). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload?: unknown) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, payload?: unknown) => void): unknown;
}

export interface IpcEventLike {
  senderFrame?: { url: string } | null;
}

/**
 * Register every file handler. `isTrusted` checks the sender (the app's own frame);
 * untrusted senders and invalid payloads are refused before the service is touched.
 */
export function registerFileIpc(
  ipc: IpcMainLike,
  service: FileService,
  texts: TextRequester,
  isTrusted: (event: IpcEventLike) => boolean,
): void {
  const handle = <T>(channel: string, run: (payload: unknown) => Promise<T>): void => {
    ipc.handle(channel, (event, payload) => {
      if (!isTrusted(event)) throw new Error(`${channel}: refused (not the app)`);
      return run(payload);
    });
  };
  const none = (channel: string, payload: unknown): void =>
    void validatePayload(channel, emptyRequest, payload);

  handle(FILE_IPC.open, async (p) => (none(FILE_IPC.open, p), service.openDialog()));
  handle(FILE_IPC.openRecent, async (p) => {
    const { token } = validatePayload(FILE_IPC.openRecent, openRecentRequest, p);
    return service.openRecent(token);
  });
  handle(FILE_IPC.save, async (p) => {
    const { text, pathToken } = validatePayload(FILE_IPC.save, saveRequest, p);
    return service.save(text, pathToken);
  });
  handle(FILE_IPC.saveAs, async (p) => {
    const { text, suggestedName } = validatePayload(FILE_IPC.saveAs, saveAsRequest, p);
    return service.saveAs(text, suggestedName);
  });
  handle(FILE_IPC.exportFile, async (p) => {
    const { format, suggestedName, data } = validatePayload(FILE_IPC.exportFile, exportRequest, p);
    return service.exportFile(format, suggestedName, data);
  });
  handle(FILE_IPC.recent, async (p) => (none(FILE_IPC.recent, p), service.recentList()));
  handle(FILE_IPC.newDocument, async (p) => (none(FILE_IPC.newDocument, p), service.newDocument()));
  handle(FILE_IPC.findRecovery, async (p) => (none(FILE_IPC.findRecovery, p), service.findRecovery()));
  handle(
    FILE_IPC.restoreRecovery,
    async (p) => (none(FILE_IPC.restoreRecovery, p), service.restoreRecovery()),
  );
  handle(
    FILE_IPC.discardRecovery,
    async (p) => (none(FILE_IPC.discardRecovery, p), service.discardRecovery()),
  );

  ipc.on(FILE_IPC.edited, (event, payload) => {
    if (!isTrusted(event)) return;
    try {
      validatePayload(FILE_IPC.edited, emptyRequest, payload);
    } catch {
      return;
    }
    service.noteEdited();
  });
  ipc.on(FILE_IPC.documentText, (event, payload) => {
    if (!isTrusted(event)) return;
    try {
      texts.receive(payload);
    } catch {
      // A malformed answer is dropped; the request times out to null.
    }
  });
}
