import { describe, expect, it, vi } from 'vitest';
import { createElectronDialogs, type DialogApi } from '../../../src/main/project/electron-dialogs';

function fakeDialog(response: number, path: string | null) {
  const calls: unknown[][] = [];
  const dialog = {
    showOpenDialog: vi.fn(
      async (...args: unknown[]) => (
        calls.push(args),
        { canceled: path === null, filePaths: path ? [path] : [] }
      ),
    ),
    showSaveDialog: vi.fn(
      async (...args: unknown[]) => (calls.push(args), { canceled: path === null, filePath: path ?? '' }),
    ),
    showMessageBox: vi.fn(
      async (...args: unknown[]) => (calls.push(args), { response, checkboxChecked: false }),
    ),
  };
  return { dialog: dialog as unknown as DialogApi, calls };
}

describe('createElectronDialogs', () => {
  it.each([
    [0, 'save'],
    [1, 'dont-save'],
    [2, 'cancel'],
    [7, 'cancel'],
  ])('maps button %i of the unsaved prompt to %s', async (response, choice) => {
    const { dialog, calls } = fakeDialog(response, null);
    const win = {};
    const dialogs = createElectronDialogs(
      dialog,
      () => win as never,
      () => '/home/u/Documents',
    );
    expect(await dialogs.askUnsaved('pendulum')).toBe(choice);
    const [parent, options] = calls[0] as [unknown, { buttons: string[]; message: string; cancelId: number }];
    expect(parent).toBe(win);
    expect(options.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(options.cancelId).toBe(2);
    expect(options.message).toContain('pendulum');
  });

  it('returns the chosen path or null, with project filters, with or without a window', async () => {
    const chosen = fakeDialog(0, '/d/p.hjblab');
    const dialogs = createElectronDialogs(
      chosen.dialog,
      () => null,
      () => '/d',
    );
    expect(await dialogs.chooseOpenPath()).toBe('/d/p.hjblab');
    expect(await dialogs.chooseSavePath('p.hjblab', 'project')).toBe('/d/p.hjblab');
    const [options] = chosen.calls[1] as [{ defaultPath: string; filters: { extensions: string[] }[] }];
    expect(options.defaultPath).toBe('/d/p.hjblab');
    expect(options.filters[0].extensions).toEqual(['hjblab']);
    const cancelled = createElectronDialogs(
      fakeDialog(0, null).dialog,
      () => null,
      () => '/d',
    );
    expect(await cancelled.chooseOpenPath()).toBeNull();
    expect(await cancelled.chooseSavePath('x.png', 'png')).toBeNull();
  });
});
