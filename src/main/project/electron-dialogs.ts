/**
 * The FileDialogs the file service needs, made from Electron's `dialog` (passed in, so this
 * module imports Electron's types only and tests can hand it a fake).
 */
import { join } from 'node:path';
import type { BaseWindow, Dialog, FileFilter } from 'electron';
import type { UnsavedChoice } from './document';
import type { FileDialogs } from './file-service';
import type { ExportFormat } from './ipc-validate';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

const FILTERS: Record<'project' | ExportFormat, FileFilter[]> = {
  project: [{ name: 'HJB Lab project', extensions: ['hjblab'] }],
  png: [{ name: 'PNG image', extensions: ['png'] }],
  csv: [{ name: 'CSV table', extensions: ['csv'] }],
  json: [{ name: 'JSON data', extensions: ['json'] }],
};

/** Button order of the unsaved-changes prompt, as the platforms' guidelines put it. */
const UNSAVED_BUTTONS: readonly UnsavedChoice[] = ['save', 'dont-save', 'cancel'];

export function createElectronDialogs(
  dialog: DialogApi,
  getWindow: () => BaseWindow | null,
  defaultFolder: () => string,
): FileDialogs {
  return {
    async chooseOpenPath() {
      const options = {
        title: 'Open Project',
        defaultPath: defaultFolder(),
        filters: FILTERS.project,
        properties: ['openFile' as const],
      };
      const win = getWindow();
      const result = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },

    async chooseSavePath(suggestedName, format) {
      const options = {
        title: format === 'project' ? 'Save Project' : `Export ${format.toUpperCase()}`,
        defaultPath: join(defaultFolder(), suggestedName),
        filters: FILTERS[format],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const win = getWindow();
      const result = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },

    async askUnsaved(name) {
      const options = {
        type: 'warning' as const,
        buttons: ['Save', "Don't Save", 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        message: `Do you want to save the changes you made to ${name}?`,
        detail: "Your changes will be lost if you don't save them.",
      };
      const win = getWindow();
      const { response } = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
      return UNSAVED_BUTTONS[response] ?? 'cancel';
    },

    async showError(title, message) {
      const options = { type: 'error' as const, title, message: title, detail: message, buttons: ['OK'] };
      const win = getWindow();
      await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    },
  };
}
