/**
 * The one API the preload script exposes to the renderer as `window.lab`. Nothing else of
 * Electron or Node reaches the renderer. Shared by preload, main and renderer.
 *
 * Only types come from src/main: the sandboxed preload may `require` nothing but
 * `electron`, so the channel names are defined here, and main imports them from here.
 */
import type { FileBridge } from '../main/project/file-ipc';

export type { FileBridge };
export type {
  OpenedDocument,
  OpenResult,
  RecentEntry,
  RecoveryOffer,
  SaveResult,
} from '../main/project/file-service';

export interface AppInfo {
  version: string;
  platform: string;
  electron: string;
}

/**
 * Menu commands that only the renderer can carry out: `new` (after main's unsaved-changes
 * prompt has agreed, show the example gallery), the exports (the renderer produces the
 * data and calls `file.exportFile`), and copying a share link.
 */
export const MENU_COMMANDS = ['new', 'export-png', 'export-csv', 'export-json', 'share-link'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

export interface LabBridge {
  /** Application version, platform and Electron version. */
  getInfo(): Promise<AppInfo>;
  /** Project files: dialogs, save, export, recent list, recovery (main owns every path). */
  file: FileBridge;
  /** A menu command for the renderer; returns a function that unsubscribes. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, one place for main and preload. */
export const IPC = {
  appInfo: 'lab:app-info',
  /** main → renderer: a MenuCommand. */
  menuCommand: 'lab:menu-command',
} as const;

/** The project-file channels (main's FILE_IPC is this object). */
export const FILE_CHANNELS = {
  // renderer → main (invoke)
  open: 'lab:file-open',
  openRecent: 'lab:file-open-recent',
  save: 'lab:file-save',
  saveAs: 'lab:file-save-as',
  exportFile: 'lab:file-export',
  recent: 'lab:file-recent',
  newDocument: 'lab:document-new',
  findRecovery: 'lab:recovery-find',
  restoreRecovery: 'lab:recovery-restore',
  discardRecovery: 'lab:recovery-discard',
  // renderer → main (send)
  edited: 'lab:document-edited',
  documentText: 'lab:document-text',
  // main → renderer
  opened: 'lab:document-opened',
  requestText: 'lab:document-request-text',
} as const;
