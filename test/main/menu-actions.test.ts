import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from '../../src/main/menu';
import { createMenuActions, type MenuActionDeps } from '../../src/main/menu-actions';
import type { OpenResult } from '../../src/main/project/file-service';
import type { MenuItemConstructorOptions } from 'electron';

const OPENED: OpenResult = {
  status: 'opened',
  document: { token: 'tok', name: 'pendulum', path: '/p/pendulum.hjblab', text: '{}', recovered: false },
};

function harness(overrides: Partial<MenuActionDeps['service']> = {}) {
  const service = {
    newDocument: vi.fn(async () => true),
    openDialog: vi.fn(async (): Promise<OpenResult> => OPENED),
    openRecent: vi.fn(async (): Promise<OpenResult> => OPENED),
    save: vi.fn(async () => ({ status: 'cancelled' as const })),
    saveAs: vi.fn(async () => ({ status: 'cancelled' as const })),
    recent: { clear: vi.fn(async () => undefined) },
    ...overrides,
  };
  const deps = {
    service,
    deliver: vi.fn(),
    sendCommand: vi.fn(),
    closeWindow: vi.fn(),
    about: vi.fn(),
    onError: vi.fn(),
  };
  return { deps, service, actions: createMenuActions(deps) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('menu actions', () => {
  it('New: the unsaved-changes prompt in main first, then the gallery in the renderer', async () => {
    const h = harness();
    h.actions.newProject();
    await tick();
    expect(h.service.newDocument).toHaveBeenCalledOnce();
    expect(h.deps.sendCommand).toHaveBeenCalledWith('new');

    const cancelled = harness({ newDocument: vi.fn(async () => false) });
    cancelled.actions.newProject();
    await tick();
    expect(cancelled.deps.sendCommand).not.toHaveBeenCalled();
  });

  it('Open… and Open Recent open in main and deliver the result to the renderer', async () => {
    const h = harness();
    h.actions.open();
    await tick();
    expect(h.service.openDialog).toHaveBeenCalledOnce();
    expect(h.deps.deliver).toHaveBeenLastCalledWith(OPENED);
    h.actions.openRecent('tok-7');
    await tick();
    expect(h.service.openRecent).toHaveBeenCalledWith('tok-7');
    expect(h.deps.deliver).toHaveBeenCalledTimes(2);
    h.actions.clearRecent();
    await tick();
    expect(h.service.recent.clear).toHaveBeenCalledOnce();
  });

  it('Save and Save As ask main for the text themselves (no arguments from the menu)', async () => {
    const h = harness();
    h.actions.save();
    h.actions.saveAs();
    await tick();
    expect(h.service.save).toHaveBeenCalledWith();
    expect(h.service.saveAs).toHaveBeenCalledWith();
  });

  it('Export and Copy Share Link become renderer commands; Close closes the window', () => {
    const h = harness();
    h.actions.exportAs('png');
    h.actions.exportAs('csv');
    h.actions.exportAs('json');
    h.actions.copyShareLink();
    expect(h.deps.sendCommand.mock.calls).toEqual([
      ['export-png'],
      ['export-csv'],
      ['export-json'],
      ['share-link'],
    ]);
    h.actions.close();
    expect(h.deps.closeWindow).toHaveBeenCalledOnce();
  });

  it('a failing action is reported, not thrown from the click handler', async () => {
    const h = harness({
      openDialog: vi.fn(async (): Promise<OpenResult> => {
        throw new Error('disk on fire');
      }),
    });
    expect(() => h.actions.open()).not.toThrow();
    await tick();
    expect(h.deps.onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk on fire' }));
  });

  it('wired into the template, clicking File items reaches the service', async () => {
    const h = harness();
    const template = buildMenuTemplate({
      appName: 'HJB Lab',
      isMac: false,
      actions: h.actions,
      recent: [{ token: 'r1', name: 'merton', path: '/m.hjblab' }],
    });
    const file = template.find((m) => m.label === 'File')?.submenu as MenuItemConstructorOptions[];
    const byLabel = (items: MenuItemConstructorOptions[], label: string) =>
      items.find((m) => m.label === label)?.click as () => void;
    byLabel(file, 'Open…')();
    byLabel(file.find((m) => m.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[], 'merton')();
    byLabel(file, 'Save')();
    byLabel(file.find((m) => m.label === 'Export')?.submenu as MenuItemConstructorOptions[], 'CSV Table…')();
    await tick();
    expect(h.service.openDialog).toHaveBeenCalledOnce();
    expect(h.service.openRecent).toHaveBeenCalledWith('r1');
    expect(h.service.save).toHaveBeenCalledOnce();
    expect(h.deps.sendCommand).toHaveBeenCalledWith('export-csv');
  });
});
