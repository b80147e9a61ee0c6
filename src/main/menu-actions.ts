/**
 * What the File menu does, as plain functions over the file service (tested with fakes).
 * Main carries out what it can (dialogs, saves, the unsaved-changes prompt); what needs
 * the renderer (showing the example gallery, producing an export) goes to it as a command.
 */
import type { MenuCommand } from '../preload/api';
import type { MenuActions } from './menu';
import type { FileService, OpenResult } from './project/file-service';
import type { RecentFiles } from './project/recent-files';

export type MenuFileService = Pick<
  FileService,
  'newDocument' | 'openDialog' | 'openRecent' | 'save' | 'saveAs'
> & {
  recent: Pick<RecentFiles, 'clear'>;
};

export interface MenuActionDeps {
  service: MenuFileService;
  /** Hand a document opened by main to the renderer. */
  deliver(result: OpenResult): void;
  /** Send a command to the renderer. */
  sendCommand(command: MenuCommand): void;
  /** Close the window (its close guard asks about unsaved changes). */
  closeWindow(): void;
  about(): void;
  onError?(err: unknown): void;
}

export function createMenuActions(deps: MenuActionDeps): Required<MenuActions> {
  const { service } = deps;
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    (...args: A): void => {
      fn(...args).catch((err: unknown) => (deps.onError ?? console.error)(err));
    };
  return {
    about: deps.about,
    newProject: run(async () => {
      // The prompt about unsaved changes runs in main; only then the gallery.
      if (await service.newDocument()) deps.sendCommand('new');
    }),
    open: run(async () => deps.deliver(await service.openDialog())),
    openRecent: run(async (token: string) => deps.deliver(await service.openRecent(token))),
    clearRecent: run(() => service.recent.clear()),
    save: run(async () => void (await service.save())),
    saveAs: run(async () => void (await service.saveAs())),
    exportAs: (format) => deps.sendCommand(`export-${format}`),
    copyShareLink: () => deps.sendCommand('share-link'),
    close: deps.closeWindow,
  };
}
