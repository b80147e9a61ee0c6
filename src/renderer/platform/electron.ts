/**
 * The desktop platform: files through the preload bridge (window.lab.file). The renderer
 * never sees a usable path: main opens dialogs, keeps the document's path, autosaves a
 * recovery file and asks the renderer for the project text when it needs it.
 */

import type { FileBridge, LabBridge, OpenResult } from '../../preload/api';
import type { OpenOutcome, Platform, SaveOutcome } from './types';

function toOutcome(r: OpenResult): OpenOutcome {
  if (r.status !== 'opened') return r;
  return {
    status: 'opened',
    file: { text: r.document.text, name: r.document.name, recovered: r.document.recovered },
  };
}

export function electronPlatform(lab: LabBridge): Platform {
  const file = lab.file;
  let currentText: (() => string) | null = null;
  file?.onRequestText(() => currentText?.() ?? null);

  const opened = async (p: ReturnType<FileBridge['open']>): Promise<OpenOutcome> => {
    const r = await p;
    if (r.status !== 'opened') return r;
    return {
      status: 'opened',
      file: { text: r.document.text, name: r.document.name, recovered: r.document.recovered },
    };
  };
  const saved = async (p: ReturnType<FileBridge['save']>): Promise<SaveOutcome> => {
    const r = await p;
    return r.status === 'saved' ? { status: 'saved', name: r.name } : r;
  };
  const missing = (): Promise<never> =>
    Promise.reject(new Error('file access is not available in this window'));

  return {
    kind: 'electron',
    async info() {
      const i = await lab.getInfo();
      return { kind: 'electron', version: i.version, platform: i.platform };
    },
    open: () => (file ? opened(file.open()) : missing()),
    save: (text, name, asNew) =>
      file ? saved(asNew ? file.saveAs(text, name) : file.save(text)) : missing(),
    exportFile: async (name, data) => {
      if (!file) return missing();
      const ext = name.split('.').pop();
      const format = ext === 'png' || ext === 'csv' ? ext : 'json';
      const bytes = format === 'png' ? new Uint8Array(await data.arrayBuffer()) : await data.text();
      return saved(file.exportFile(format, name, bytes));
    },
    edited(text) {
      currentText = text;
      file?.edited();
    },
    detach() {
      // Main tracks the document's file; New and Open replace it there.
    },
    listen(handlers) {
      const offOpened = file?.onOpened((r) => handlers.opened(toOutcome(r))) ?? (() => {});
      const offCommand = lab.onMenuCommand((c) => handlers.command(c));
      return () => {
        offOpened();
        offCommand();
      };
    },
    pageShortcuts: false,
    recovery: {
      find: async () => (file ? file.findRecovery() : null),
      restore: () => (file ? opened(file.restoreRecovery()) : missing()),
      discard: async () => file?.discardRecovery(),
    },
  };
}
