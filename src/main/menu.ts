/**
 * The application menu as a template (pure, tested). Edit uses the standard roles so
 * that Monaco's undo/redo and the clipboard work through the native menu.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  about(): void;
  newProject?(): void;
  open?(): void;
  save?(): void;
  saveAs?(): void;
}

export function buildMenuTemplate(opts: {
  appName: string;
  isMac: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { appName, isMac, actions } = opts;
  const fileItems: MenuItemConstructorOptions[] = [];
  if (actions.newProject)
    fileItems.push({ label: 'New', accelerator: 'CmdOrCtrl+N', click: actions.newProject });
  if (actions.open) fileItems.push({ label: 'Open…', accelerator: 'CmdOrCtrl+O', click: actions.open });
  if (actions.save) fileItems.push({ label: 'Save', accelerator: 'CmdOrCtrl+S', click: actions.save });
  if (actions.saveAs)
    fileItems.push({ label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: actions.saveAs });
  if (fileItems.length > 0) fileItems.push({ type: 'separator' });
  fileItems.push(isMac ? { role: 'close' } : { role: 'quit' });

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
  template.push(
    { label: 'File', submenu: fileItems },
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
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
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
