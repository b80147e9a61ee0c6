/**
 * The renderer's platform layer: one interface, two implementations — Electron (through
 * the preload's window.lab) and the web build (browser APIs). UI code only sees this.
 */
export interface PlatformInfo {
  kind: 'electron' | 'web';
  version: string;
  platform: string;
}

/** Menu commands that only the page can carry out (it holds the data). */
export type MenuCommand = 'new' | 'export-png' | 'export-csv' | 'export-json' | 'share-link';

/** A project (or problem source) the user opened: its text and a display name. */
export interface OpenedText {
  text: string;
  name: string;
  /** True when it comes from a recovery store (it starts with unsaved changes). */
  recovered: boolean;
}

export type OpenOutcome =
  { status: 'opened'; file: OpenedText } | { status: 'cancelled' } | { status: 'failed'; message: string };
export type SaveOutcome =
  { status: 'saved'; name: string } | { status: 'cancelled' } | { status: 'failed'; message: string };

export interface RecoveryInfo {
  name: string;
  savedAt: string;
}

export interface Platform {
  kind: 'electron' | 'web';
  info(): Promise<PlatformInfo>;
  /** Ask the user for a project file. */
  open(): Promise<OpenOutcome>;
  /** Save the project text: to its file when it has one (and !asNew), else ask where. */
  save(text: string, name: string, asNew: boolean): Promise<SaveOutcome>;
  /** Write an export (PNG, CSV, JSON) where the user chooses, or download it. */
  exportFile(name: string, data: Blob): Promise<SaveOutcome>;
  /** The project changed: dirty marker and autosave (Electron's main process autosaves). */
  edited(currentText: () => string): void;
  /** Forget the file the document came from (New, or a document opened elsewhere). */
  detach(): void;
  /**
   * Documents opened and commands chosen outside the page (the desktop menu, the command
   * line, the OS). Returns an unsubscribe function; the web build has none.
   */
  listen(handlers: { opened(outcome: OpenOutcome): void; command(command: MenuCommand): void }): () => void;
  /** Whether the page should handle Ctrl+S / Ctrl+O itself (the desktop menu does it there). */
  pageShortcuts: boolean;
  recovery: {
    find(): Promise<RecoveryInfo | null>;
    restore(): Promise<OpenOutcome>;
    discard(): Promise<void>;
  };
}
