/**
 * The web build's platform: open by file picker, save with the File System Access API
 * where the browser has it (else by download), autosave to localStorage with a recovery
 * offer on the next visit.
 */
import { APP_VERSION } from '../../core/version';
import { downloadBlob } from '../export';
import type { OpenOutcome, Platform, RecoveryInfo, SaveOutcome } from './types';

const RECOVERY_KEY = 'hjb-lab:recovery';
const AUTOSAVE_MS = 3000;
/** localStorage holds a few MiB per origin: larger projects are autosaved without results. */
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
    try {
      localStorage.setItem(RECOVERY_KEY, JSON.stringify(record));
    } catch {
      // Storage full or unavailable: autosave is a convenience, the document is still open.
    }
  };

  const readRecovery = (): StoredRecovery | null => {
    try {
      const raw = localStorage.getItem(RECOVERY_KEY);
      if (!raw) return null;
      const r = JSON.parse(raw) as Partial<StoredRecovery>;
      return typeof r.text === 'string' && typeof r.savedAt === 'string'
        ? { name: typeof r.name === 'string' ? r.name : 'Untitled', savedAt: r.savedAt, text: r.text }
        : null;
    } catch {
      return null;
    }
  };

  const clearRecovery = () => {
    unclaimed = false;
    if (autosaveTimer) clearTimeout(autosaveTimer);
    autosaveTimer = null;
    pending = null;
    try {
      localStorage.removeItem(RECOVERY_KEY);
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
        const r = readRecovery();
        unclaimed = r !== null;
        return r ? { name: r.name, savedAt: r.savedAt } : null;
      },
      async restore(): Promise<OpenOutcome> {
        const r = readRecovery();
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
