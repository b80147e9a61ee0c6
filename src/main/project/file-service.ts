/**
 * Everything the desktop app does with project files, behind one object: Open (dialog,
 * recent list, or a path from the command line / second instance / OS), Save, Save As,
 * Export, New and Close with the unsaved-changes prompt, the recent list, and crash
 * recovery. Electron is not imported here: dialogs and the window arrive as dependencies,
 * so every path through this file is unit-tested with fakes and real temporary files.
 */
import * as fsp from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { formatBytes } from '../../core/project/array-codec';
import { MAX_PROJECT_BYTES, parseProject, PROJECT_EXTENSION, ProjectError } from '../../core/project';
import { removeStaleTempFiles, writeFileAtomic, type AtomicFs, nodeAtomicFs } from './atomic-write';
import { DocumentState, type DocumentWindow, type UnsavedChoice } from './document';
import type { ExportFormat } from './ipc-validate';
import { fileNameFromTitle } from './file-names';
import { PathGrants } from './path-grants';
import { RecentFiles } from './recent-files';
import { RecoveryAutosave, type RecoveryRecord } from './recovery';
import type { Scheduler } from './scheduler';

/** The dialogs the service needs, already bound to the window (see electron-dialogs.ts). */
export interface FileDialogs {
  /** Path of a project to open, or null when cancelled. */
  chooseOpenPath(): Promise<string | null>;
  /** Path to save to, or null when cancelled. */
  chooseSavePath(suggestedName: string, format: 'project' | ExportFormat): Promise<string | null>;
  askUnsaved(name: string): Promise<UnsavedChoice>;
  showError(title: string, message: string): Promise<void>;
}

export interface FileServiceDeps {
  dialogs: FileDialogs;
  /** Electron's `app.getPath('userData')`: holds the recent list and the recovery file. */
  userDataDir: string;
  /** The document window (null while there is none). */
  window: () => DocumentWindow | null;
  /** The current project text, asked of the renderer; null if it cannot give one. */
  requestText: () => Promise<string | null>;
  /** The OS-level recent documents (Electron's `app.addRecentDocument`). */
  addRecentDocument?: (path: string) => void;
  scheduler?: Scheduler;
  now?: () => Date;
  autosaveMs?: number;
  fs?: AtomicFs;
  maxProjectBytes?: number;
}

/** A project handed to the renderer: its text (the renderer parses it) and how to name it. */
export interface OpenedDocument {
  /** Stands for the file's path in later requests (the renderer never sees a usable path). */
  token: string | null;
  /** File name without extension, for display. */
  name: string;
  /** Full path, for display only (tooltips); the renderer cannot use it to reach the file. */
  path: string | null;
  text: string;
  /** True when restored from a recovery file: the document starts with unsaved changes. */
  recovered: boolean;
}

export type OpenResult =
  | { status: 'opened'; document: OpenedDocument }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export type SaveResult =
  | { status: 'saved'; token: string; name: string; path: string }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export interface RecentEntry {
  token: string;
  name: string;
  path: string;
}

export interface RecoveryOffer {
  /** When the recovery was written (ISO). */
  savedAt: string;
  /** The document's name ("Untitled" when it was never saved). */
  name: string;
}

export class FileService {
  readonly document: DocumentState;
  readonly grants = new PathGrants();
  readonly recent: RecentFiles;
  readonly recovery: RecoveryAutosave;
  private readonly deps: FileServiceDeps;
  private readonly fs: AtomicFs;
  private readonly maxBytes: number;
  /** One file operation at a time: a second Save while a prompt is open waits its turn. */
  private queue: Promise<unknown> = Promise.resolve();
  private pendingRecovery: RecoveryRecord | null = null;

  constructor(deps: FileServiceDeps) {
    this.deps = deps;
    this.fs = deps.fs ?? nodeAtomicFs;
    this.maxBytes = deps.maxProjectBytes ?? MAX_PROJECT_BYTES;
    this.document = new DocumentState(deps.window);
    this.recent = new RecentFiles({ storePath: join(deps.userDataDir, 'recent-files.json') });
    this.recovery = new RecoveryAutosave({
      dir: deps.userDataDir,
      intervalMs: deps.autosaveMs,
      scheduler: deps.scheduler,
      now: deps.now,
      snapshot: async () => {
        if (!this.document.dirty) return null;
        const text = await this.deps.requestText();
        return text === null ? null : { text, documentPath: this.document.path };
      },
    });
  }

  /** The renderer reports a change to the project: the title shows it and autosave starts. */
  noteEdited(): void {
    this.document.markEdited();
    this.recovery.start();
  }

  /** File ▸ Open…: prompt about unsaved changes, then the Open dialog. */
  openDialog(): Promise<OpenResult> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardUnlocked())) return { status: 'cancelled' };
      const path = await this.deps.dialogs.chooseOpenPath();
      if (path === null) return { status: 'cancelled' };
      return this.load(path);
    });
  }

  /**
   * Open a path from a trusted main-process source: the command line, a second instance,
   * or the OS (macOS open-file). Never call this with a path that came from the renderer.
   */
  openPath(path: string): Promise<OpenResult> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardUnlocked())) return { status: 'cancelled' };
      return this.load(path);
    });
  }

  /** Open Recent: the token must be one the recent list (or a dialog) handed out. */
  openRecent(token: string): Promise<OpenResult> {
    return this.exclusive(async () => {
      const path = this.grants.resolve(token);
      if (path === null)
        return { status: 'failed', message: 'That file is no longer available; choose it with File ▸ Open.' };
      if (!(await this.confirmDiscardUnlocked())) return { status: 'cancelled' };
      return this.load(path);
    });
  }

  /**
   * File ▸ Save. `text` comes with the renderer's own request; from the menu it is asked for.
   * `pathToken`, when given, must stand for the document's current file.
   */
  save(text?: string, pathToken?: string): Promise<SaveResult> {
    return this.exclusive(() => this.saveUnlocked(text, pathToken));
  }

  /** File ▸ Save As…. */
  saveAs(text?: string, suggestedName?: string): Promise<SaveResult> {
    return this.exclusive(() => this.saveAsUnlocked(text, suggestedName));
  }

  /** File ▸ New: after the unsaved-changes prompt, an untitled document. False when cancelled. */
  newDocument(): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardUnlocked())) return false;
      this.document.reset(null);
      await this.recovery.clear();
      return true;
    });
  }

  /** The window is closing: true when it may (saved, discarded, or nothing to lose). */
  close(): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardUnlocked())) return false;
      await this.recovery.clear();
      return true;
    });
  }

  /** Export a PNG, CSV or JSON the renderer produced, to a file the user chooses. */
  exportFile(format: ExportFormat, suggestedName: string, data: string | Uint8Array): Promise<SaveResult> {
    return this.exclusive(async () => {
      const path = await this.deps.dialogs.chooseSavePath(withExtension(suggestedName, `.${format}`), format);
      if (path === null) return { status: 'cancelled' };
      try {
        await writeFileAtomic(path, data, this.fs);
      } catch (err) {
        return this.fail('Could not export', `${basename(path)}: ${errorMessage(err)}`);
      }
      return { status: 'saved', token: this.grants.grant(path), name: basename(path), path };
    });
  }

  /** The recent list, each entry with a token the renderer can send back to open it. */
  async recentList(): Promise<RecentEntry[]> {
    const files = await this.recent.list();
    return files.map((path) => ({ token: this.grants.grant(path), name: displayName(path), path }));
  }

  /** At launch: a recovery left by a run that did not end cleanly, to offer to the user. */
  async findRecovery(): Promise<RecoveryOffer | null> {
    const record = await this.recovery.find();
    this.pendingRecovery = record;
    if (record === null) return null;
    return {
      savedAt: record.savedAt,
      name: record.documentPath === null ? 'Untitled' : displayName(record.documentPath),
    };
  }

  /** The user accepted the recovery: it becomes the document, with unsaved changes. */
  restoreRecovery(): Promise<OpenResult> {
    return this.exclusive(async () => {
      const record = this.pendingRecovery ?? (await this.recovery.find());
      this.pendingRecovery = null;
      if (record === null) return { status: 'failed', message: 'There is nothing to recover.' };
      this.document.reset(record.documentPath, true);
      // Written again at the next edit or autosave; until then the old file stays as it is.
      this.recovery.start();
      const path = record.documentPath;
      return {
        status: 'opened',
        document: {
          token: path === null ? null : this.grants.grant(path),
          name: this.document.displayName,
          path,
          text: record.text,
          recovered: true,
        },
      };
    });
  }

  /** The user declined the recovery: delete it. */
  async discardRecovery(): Promise<void> {
    this.pendingRecovery = null;
    await this.recovery.clear();
  }

  // ---- internals (called with the queue held) ----

  private async confirmDiscardUnlocked(): Promise<boolean> {
    return this.document.confirmDiscard(
      (name) => this.deps.dialogs.askUnsaved(name),
      async () => (await this.saveUnlocked()).status === 'saved',
    );
  }

  private async load(path: string): Promise<OpenResult> {
    const name = basename(path);
    let text: string;
    try {
      const { size } = await fsp.stat(path);
      if (size > this.maxBytes)
        return this.fail(
          'Could not open',
          `${name}: the file is too large (${formatBytes(size)}; the limit is ${formatBytes(this.maxBytes)})`,
        );
      text = await fsp.readFile(path, 'utf8');
    } catch (err) {
      if (isMissing(err)) await this.recent.remove(path);
      return this.fail('Could not open', `${name}: ${errorMessage(err)}`);
    }
    try {
      parseProject(text, { maxBytes: this.maxBytes });
    } catch (err) {
      return this.fail('Could not open', `${name}: ${errorMessage(err)}`);
    }
    this.document.reset(path);
    await this.recovery.clear();
    await this.remember(path);
    // A crash during an earlier save may have left a temporary file beside this one.
    await removeStaleTempFiles(path, this.fs);
    return {
      status: 'opened',
      document: {
        token: this.grants.grant(path),
        name: this.document.displayName,
        path,
        text,
        recovered: false,
      },
    };
  }

  private async saveUnlocked(text?: string, pathToken?: string): Promise<SaveResult> {
    if (pathToken !== undefined) {
      const granted = this.grants.resolve(pathToken);
      if (granted === null || granted !== this.document.path)
        return { status: 'failed', message: 'This document is no longer the one open in the window.' };
    }
    const path = this.document.path;
    if (path === null) return this.saveAsUnlocked(text);
    const revision = this.document.currentRevision;
    const body = text ?? (await this.deps.requestText());
    if (body === null) return { status: 'failed', message: 'The window did not provide the project.' };
    return this.writeProject(path, body, revision);
  }

  private async saveAsUnlocked(text?: string, suggestedName?: string): Promise<SaveResult> {
    const revision = this.document.currentRevision;
    const body = text ?? (await this.deps.requestText());
    if (body === null) return { status: 'failed', message: 'The window did not provide the project.' };
    const suggestion = withExtension(suggestedName ?? this.suggestedName(body), PROJECT_EXTENSION);
    const chosen = await this.deps.dialogs.chooseSavePath(suggestion, 'project');
    if (chosen === null) return { status: 'cancelled' };
    return this.writeProject(withExtension(chosen, PROJECT_EXTENSION), body, revision);
  }

  /** Validate, write atomically, then record the save. A project that would not read back is never written. */
  private async writeProject(path: string, text: string, revision: number): Promise<SaveResult> {
    try {
      parseProject(text, { maxBytes: this.maxBytes });
    } catch (err) {
      const message = err instanceof ProjectError ? err.message : errorMessage(err);
      return this.fail('Could not save', `The project is not valid, so it was not written: ${message}`);
    }
    try {
      await writeFileAtomic(path, text, this.fs);
    } catch (err) {
      return this.fail('Could not save', `${basename(path)}: ${errorMessage(err)}`);
    }
    this.document.markSaved(path, revision);
    if (!this.document.dirty) await this.recovery.clear();
    await this.remember(path);
    return { status: 'saved', token: this.grants.grant(path), name: this.document.displayName, path };
  }

  private suggestedName(text: string): string {
    if (this.document.path !== null) return basename(this.document.path);
    try {
      return fileNameFromTitle(parseProject(text, { maxBytes: this.maxBytes }).title);
    } catch {
      return 'Untitled';
    }
  }

  private async remember(path: string): Promise<void> {
    try {
      await this.recent.add(path);
      this.deps.addRecentDocument?.(path);
    } catch {
      // The recent list is a convenience: failing to update it must not fail an open or a save.
    }
  }

  private async fail(title: string, message: string): Promise<{ status: 'failed'; message: string }> {
    await this.deps.dialogs.showError(title, message);
    return { status: 'failed', message };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function withExtension(name: string, extension: string): string {
  return extname(name).toLowerCase() === extension ? name : name + extension;
}

function displayName(path: string): string {
  const base = basename(path);
  return extname(base).toLowerCase() === PROJECT_EXTENSION ? base.slice(0, -PROJECT_EXTENSION.length) : base;
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

function errorMessage(err: unknown): string {
  if (isMissing(err)) return 'the file does not exist (it may have been moved or deleted)';
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EISDIR') return 'that is a folder, not a file';
  return err instanceof Error ? err.message : String(err);
}
