/**
 * The open document as the main process sees it: which file it belongs to, whether it has
 * unsaved changes, the window title that shows both, and the Save / Don't Save / Cancel
 * decision before anything would discard those changes.
 */
import { basename, extname } from 'node:path';
import { PROJECT_EXTENSION } from '../../core/project';

export const APP_NAME = 'HJB Lab';
export const UNTITLED = 'Untitled';

/** The parts of a BrowserWindow the document touches. */
export interface DocumentWindow {
  setTitle(title: string): void;
  /** macOS: the dot in the close button and the "Edited" label. */
  setDocumentEdited?(edited: boolean): void;
  /** macOS: the proxy icon in the title bar. */
  setRepresentedFilename?(path: string): void;
}

export type UnsavedChoice = 'save' | 'dont-save' | 'cancel';

/** Asks the user what to do with unsaved changes to the document called `name`. */
export type UnsavedPrompt = (name: string) => Promise<UnsavedChoice>;

export class DocumentState {
  private filePath: string | null = null;
  /** Counts edits; the document is clean when it equals the revision last saved. */
  private revision = 0;
  private savedRevision = 0;

  constructor(
    private readonly window: () => DocumentWindow | null,
    private readonly appName = APP_NAME,
  ) {}

  get path(): string | null {
    return this.filePath;
  }

  get dirty(): boolean {
    return this.revision !== this.savedRevision;
  }

  /** The revision the document is at; pass it to `markSaved` for the text saved at that point. */
  get currentRevision(): number {
    return this.revision;
  }

  /** File name without the `.hjblab` extension, or "Untitled". */
  get displayName(): string {
    if (this.filePath === null) return UNTITLED;
    const base = basename(this.filePath);
    return extname(base).toLowerCase() === PROJECT_EXTENSION
      ? base.slice(0, -PROJECT_EXTENSION.length)
      : base;
  }

  /** "pendulum — HJB Lab", or "pendulum • — HJB Lab" with unsaved changes. */
  get windowTitle(): string {
    return `${this.displayName}${this.dirty ? ' •' : ''} — ${this.appName}`;
  }

  /** The user changed the document. */
  markEdited(): void {
    const wasDirty = this.dirty;
    this.revision++;
    if (!wasDirty) this.render();
  }

  /**
   * The text of `revision` was written to `path`. Edits made while the save was running
   * keep the document dirty.
   */
  markSaved(path: string, revision: number): void {
    this.filePath = path;
    this.savedRevision = revision;
    this.render();
  }

  /** A document was opened from `path`, created (null), or restored from recovery (dirty). */
  reset(path: string | null, dirty = false): void {
    this.filePath = path;
    this.revision = dirty ? 1 : 0;
    this.savedRevision = 0;
    this.render();
  }

  /** Push title, edited state and represented file to the window. */
  render(): void {
    const win = this.window();
    if (!win) return;
    win.setTitle(this.windowTitle);
    win.setDocumentEdited?.(this.dirty);
    win.setRepresentedFilename?.(this.filePath ?? '');
  }

  /**
   * Whether it is all right to discard the document (close, New, Open). Clean: yes.
   * Otherwise ask: Save → `save()` decides (false when the Save As dialog was cancelled or
   * the write failed); Don't Save → yes; Cancel → no.
   */
  async confirmDiscard(prompt: UnsavedPrompt, save: () => Promise<boolean>): Promise<boolean> {
    if (!this.dirty) return true;
    const choice = await prompt(this.displayName);
    if (choice === 'cancel') return false;
    if (choice === 'dont-save') return true;
    return save();
  }
}

/** The parts of a BrowserWindow needed to hold a close until the user has answered. */
export interface CloseableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
}

/**
 * Hold every close of `win` until `confirm` (the unsaved-changes prompt) agrees, then close
 * for real. A second close while the prompt is open is ignored rather than prompting twice.
 */
export function installCloseGuard(win: CloseableWindow, confirm: () => Promise<boolean>): void {
  let allowed = false;
  let asking = false;
  win.on('close', (event) => {
    if (allowed) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    confirm().then(
      (ok) => {
        asking = false;
        if (ok) {
          allowed = true;
          win.close();
        }
      },
      () => {
        asking = false;
      },
    );
  });
}
