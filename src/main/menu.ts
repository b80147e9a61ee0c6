/**
 * The application menu as a template (pure, tested). Edit uses the standard roles so
 * that Monaco's undo/redo and the clipboard work through the native menu.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type ExportFormat = 'png' | 'csv' | 'json';

/** An Open Recent entry: the token stands for the path inside main. */
export interface RecentMenuEntry {
  token: string;
  name: string;
  path: string;
}

/** What the menu items do. Without any file action, File holds only Close/Quit. */
export interface MenuActions {
  about(): void;
  newProject?(): void;
  open?(): void;
  openRecent?(token: string): void;
  clearRecent?(): void;
  save?(): void;
  saveAs?(): void;
  exportAs?(format: ExportFormat): void;
  copyShareLink?(): void;
  /** Close the window (through the unsaved-changes prompt); the Close role when absent. */
  close?(): void;
}

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  actions: MenuActions;
  /** The Open Recent list, most recent first. */
  recent?: readonly RecentMenuEntry[];
  /** Development build: Reload and the developer tools in View. */
  dev?: boolean;
}

const EXPORTS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'png', label: 'PNG Image…' },
  { format: 'csv', label: 'CSV Table…' },
  { format: 'json', label: 'JSON Data…' },
];

/** The Open Recent submenu: one item per file, its full path as the sublabel. */
export function recentSubmenu(
  recent: readonly RecentMenuEntry[],
  openRecent: (token: string) => void,
  clearRecent?: () => void,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = recent.map((entry) => ({
    label: entry.name,
    sublabel: entry.path,
    click: () => openRecent(entry.token),
  }));
  if (items.length === 0) items.push({ label: 'No Recent Projects', enabled: false });
  if (clearRecent) {
    items.push(
      { type: 'separator' },
      { label: 'Clear Menu', enabled: recent.length > 0, click: clearRecent },
    );
  }
  return items;
}

function fileMenu(opts: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, actions } = opts;
  const groups: MenuItemConstructorOptions[][] = [];
  const open: MenuItemConstructorOptions[] = [];
  if (actions.newProject) open.push({ label: 'New', accelerator: 'CmdOrCtrl+N', click: actions.newProject });
  if (actions.open) open.push({ label: 'Open…', accelerator: 'CmdOrCtrl+O', click: actions.open });
  if (actions.openRecent) {
    open.push({
      label: 'Open Recent',
      submenu: recentSubmenu(opts.recent ?? [], actions.openRecent, actions.clearRecent),
    });
  }
  groups.push(open);
  const save: MenuItemConstructorOptions[] = [];
  if (actions.save) save.push({ label: 'Save', accelerator: 'CmdOrCtrl+S', click: actions.save });
  if (actions.saveAs)
    save.push({ label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: actions.saveAs });
  groups.push(save);
  const share: MenuItemConstructorOptions[] = [];
  const exportAs = actions.exportAs;
  if (exportAs) {
    share.push({
      label: 'Export',
      submenu: EXPORTS.map(({ format, label }) => ({ label, click: () => exportAs(format) })),
    });
  }
  if (actions.copyShareLink) share.push({ label: 'Copy Share Link', click: actions.copyShareLink });
  groups.push(share);
  const close: MenuItemConstructorOptions[] = [
    actions.close ? { label: 'Close', accelerator: 'CmdOrCtrl+W', click: actions.close } : { role: 'close' },
  ];
  if (!isMac) close.push({ type: 'separator' }, { role: 'quit' });
  groups.push(close);

  const items: MenuItemConstructorOptions[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    if (items.length > 0) items.push({ type: 'separator' });
    items.push(...group);
  }
  return items;
}

export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const { appName, isMac, actions } = opts;
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: actions.about },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  // Reload would throw away the document without the unsaved-changes prompt: development only.
  const devItems: MenuItemConstructorOptions[] = opts.dev
    ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  template.push(
    { label: 'File', submenu: fileMenu(opts) },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...devItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ label: `About ${appName}`, click: actions.about }] },
  );
  return template;
}

/** Text of the About box. */
export function aboutText(
  appName: string,
  version: string,
  electronVersion: string,
): { message: string; detail: string } {
  return {
    message: `${appName} ${version}`,
    detail: `A laboratory for continuous-time optimal control.\nElectron ${electronVersion}`,
  };
}
