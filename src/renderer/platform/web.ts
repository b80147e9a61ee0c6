/**
 * The web build's platform: open by file picker, save with the File System Access API
 * where the browser has it (else by download), autosave to IndexedDB with a recovery
 * offer on the next visit.
 */
import { APP_VERSION } from '../../core/version';
import { downloadBlob } from '../export';
import type { OpenOutcome, Platform, RecoveryInfo, SaveOutcome } from './types';

/** Where an earlier build kept the record (localStorage); still read, and cleared with it. */
const LEGACY_RECOVERY_KEY = 'hjb-lab:recovery';
const AUTOSAVE_MS = 3000;
/** Larger projects are autosaved without results (the recovery store is no archive). */
export const MAX_RECOVERY_CHARS = 3_000_000;

interface StoredRecovery {
  name: string;
  savedAt: string;
  text: string;
}

interface FileHandleLike {
  name: string;
  createWritable(): Promise<{ write(data: string | Blob): Promise<void>; close(): Promise<void> }>;
}
type SavePicker = (options: {
  suggestedName?: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileHandleLike>;

/**
 * The recovery record lives in IndexedDB: writing a solved 301² project to localStorage
 * (JSON-quoted, then a synchronous setItem) held the UI thread for 290 ms after every run
 * (trace of bench ui); an IndexedDB put clones the string and writes it off the thread.
 */
const DB_NAME = 'hjb-lab';
const STORE = 'recovery';
const RECORD_KEY = 'current';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

let db: Promise<IDBDatabase> | null = null;

/** One request on the recovery store; its result, or undefined when storage fails. */
async function withStore<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>) {
  try {
    db ??= openDb();
    const store = (await db).transaction(STORE, mode).objectStore(STORE);
    return await new Promise<T | undefined>((resolve) => {
      const req = op(store);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(undefined);
    });
  } catch {
    // Storage unavailable (private mode, quota): autosave is a convenience.
    db = null;
    return undefined;
  }
}

function asRecovery(r: unknown): StoredRecovery | null {
  if (!r || typeof r !== 'object') return null;
  const o = r as Partial<StoredRecovery>;
  return typeof o.text === 'string' && typeof o.savedAt === 'string'
    ? { name: typeof o.name === 'string' ? o.name : 'Untitled', savedAt: o.savedAt, text: o.text }
    : null;
}

function savePicker(): SavePicker | null {
  const w = window as unknown as { showSaveFilePicker?: SavePicker };
  return typeof w.showSaveFilePicker === 'function' ? w.showSaveFilePicker.bind(window) : null;
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Read a File the user chose or dropped. */
export async function readDroppedFile(file: File): Promise<OpenOutcome> {
  if (file.size > 64 * 1024 * 1024)
    return { status: 'failed', message: `${file.name} is larger than 64 MiB` };
  try {
    return { status: 'opened', file: { text: await file.text(), name: file.name, recovered: false } };
  } catch (err) {
    return {
      status: 'failed',
      message: `could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function pickFile(): Promise<OpenOutcome> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.hjblab,.json,.ts';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? readDroppedFile(file) : { status: 'cancelled' });
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve({ status: 'cancelled' });
    });
    document.body.appendChild(input);
    input.click();
  });
}

export function webPlatform(): Platform {
  let handle: FileHandleLike | null = null;
  let autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  let pending: (() => string) | null = null;
  let lastName = 'Untitled';
  /**
   * An earlier session's record, found and offered but neither restored nor discarded yet:
   * autosave leaves it alone. It used to be overwritten 3 s after the first-launch solve
   * (whose result counts as an edit until it is marked saved), so a slow restore click
   * recovered the fresh example instead of the lost work.
   */
  let unclaimed = false;

  const writeRecovery = () => {
    autosaveTimer = null;
    if (!pending || unclaimed) return;
    const text = pending();
    pending = null;
    if (text.length > MAX_RECOVERY_CHARS) return;
    const record: StoredRecovery = { name: lastName, savedAt: new Date().toISOString(), text };
    void withStore('readwrite', (store) => store.put(record, RECORD_KEY));
  };

  const readRecovery = async (): Promise<StoredRecovery | null> => {
    const stored = asRecovery(await withStore('readonly', (store) => store.get(RECORD_KEY)));
    if (stored) return stored;
    try {
      const raw = localStorage.getItem(LEGACY_RECOVERY_KEY);
      return raw ? asRecovery(JSON.parse(raw)) : null;
    } catch {
      return null;
    }
  };

  const clearRecovery = () => {
    unclaimed = false;
    if (autosaveTimer) clearTimeout(autosaveTimer);
    autosaveTimer = null;
    pending = null;
    void withStore('readwrite', (store) => store.delete(RECORD_KEY));
    try {
      localStorage.removeItem(LEGACY_RECOVERY_KEY);
    } catch {
      // nothing to clear
    }
  };

  return {
    kind: 'web',
    async info() {
      return { kind: 'web', version: APP_VERSION, platform: navigator.platform || 'web' };
    },
    open: pickFile,
    async save(text, name, asNew): Promise<SaveOutcome> {
      const fileName = name.endsWith('.hjblab') ? name : `${name}.hjblab`;
      const picker = savePicker();
      try {
        if (picker && (asNew || !handle)) {
          handle = await picker({
            suggestedName: fileName,
            types: [{ description: 'HJB Lab project', accept: { 'application/json': ['.hjblab'] } }],
          });
        }
        if (picker && handle) {
          const w = await handle.createWritable();
          await w.write(text);
          await w.close();
          lastName = handle.name.replace(/\.hjblab$/, '');
        } else {
          downloadBlob(fileName, new Blob([text], { type: 'application/json' }));
          lastName = fileName.replace(/\.hjblab$/, '');
        }
        clearRecovery();
        return { status: 'saved', name: lastName };
      } catch (err) {
        if (isAbort(err)) return { status: 'cancelled' };
        return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
      }
    },
    async exportFile(name, data) {
      downloadBlob(name, data);
      return { status: 'saved', name };
    },
    edited(currentText) {
      pending = currentText;
      autosaveTimer ??= setTimeout(writeRecovery, AUTOSAVE_MS);
    },
    listen() {
      return () => {};
    },
    pageShortcuts: true,
    detach() {
      handle = null;
      lastName = 'Untitled';
    },
    recovery: {
      async find(): Promise<RecoveryInfo | null> {
        const r = await readRecovery();
        unclaimed = r !== null;
        return r ? { name: r.name, savedAt: r.savedAt } : null;
      },
      async restore(): Promise<OpenOutcome> {
        const r = await readRecovery();
        unclaimed = false;
        if (!r) return { status: 'failed', message: 'the recovered project is gone' };
        return { status: 'opened', file: { text: r.text, name: r.name, recovered: true } };
      },
      async discard() {
        clearRecovery();
      },
    },
  };
}
